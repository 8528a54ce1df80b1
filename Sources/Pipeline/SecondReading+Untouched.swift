import Extraction
import IngestCore
import PageImaging

/// Agreement under a seal. Clearing a seal's ink before reading also clears the strokes it was printed over, and
/// both recognisers read the cleared pixels: two readings of one prepared view are one observation, and a name
/// whose last characters the clearing took (上官国祎 read as 上官 by both) would be agreed on. A value the readers
/// agreed on in a line a seal covers is therefore read once more, by the page recogniser with its own detection,
/// from the untouched pixels of the whole line; only when that reading shows all of the value, or the page proves
/// it whole otherwise, does the agreement stand, else the field goes to review as not fully visible.
extension SecondReading {
    /// The problems of the key fields whose whole line a seal covers (`underSeal`, by field), settled and with no
    /// problem yet (`besides`), that the page does not prove whole.
    func problemsUnderSeals(_ underSeal: [String: Box], fields: [String: ExtractedField], besides problems: [Problem],
                            type: DocumentType, untouched: PageImage, textHeight: Double) -> [Problem] {
        underSeal.sorted { $0.key < $1.key }.compactMap { name, line -> Problem? in
            guard let field = fields[name], !problems.contains(where: { $0.field == name }),
                  !validator.provesWhole(name, among: fields, type: type) else { return nil }
            return Self.sealGoesOn(after: field, name: name, on: untouched, textHeight: textHeight)
                ?? notShownUntouched(field, name: name, isDate: validator.rules.dateFields.contains(name)) { engine in
                    readLine(line, scale: Double(lineHeights.first ?? 32) / textHeight, in: untouched, engine: engine)?.0.text
                }
        }
    }

    /// Why field `name`, whose whole line a seal covers and which the readers agreed on, is not shown whole by
    /// `readUntouched` (the line's text as `untouchedEngine` reads it from the untouched page; nil: nothing read);
    /// nil when it is shown, or rests on other evidence than agreement.
    func notShownUntouched(_ field: ExtractedField, name: String, isDate: Bool,
                           readUntouched: (any TextRecognizer<PageImage>) -> String?) -> Problem? {
        guard let untouchedEngine, field.evidence == .readersAgree else { return nil }
        let seen = readUntouched(untouchedEngine)
        if let seen, Self.shows(seen, field, isDate: isDate) { return nil }
        let said = seen.map { "'\($0)'" } ?? "nothing"
        return Problem(
            rule: "\(name).not_fully_visible", field: name,
            message: "a seal covers the line: with its ink cleared the recognisers read '\(field.value)', but from the "
                + "page as it is \(untouchedEngine.name) read \(said); the clearing may have taken strokes of the "
                + "value, so check it against the page")
    }

    /// Why a field is not fully visible when a seal's ink begins where its value ends, on the value's row: a seal
    /// printed opaque hides what it covers from every reader, untouched pixels too, so the value may go on under
    /// it (林晓雯 read as 林晓 by all). nil when no red ink lies within a text height after the value.
    static func sealGoesOn(after field: ExtractedField, name: String, on page: PageImage, textHeight: Double) -> Problem? {
        guard let box = field.box else { return nil }
        let strip = Box(x: box.maxX, y: box.y + box.height / 5, width: Int(textHeight), height: max(1, box.height * 3 / 5))
        guard page.redInkColumnShare(in: strip) >= 0.3 else { return nil }
        return Problem(rule: "\(name).not_fully_visible", field: name,
                       message: "a seal's ink begins where '\(field.value)' ends: characters printed under it may be "
                           + "hidden from every reader, so check it against the page")
    }

    /// Whether a reading of the whole line shows all of the field. A date: the same date, or the same digits as
    /// the field's text (a seal's ring read as a stray mark between them). Any other value: its letters, digits and
    /// Han characters stand in the line's, and no more of them follow (a seal's star or ring read as marks after
    /// it is no text; 国祎 after 上官 is).
    static func shows(_ line: String, _ field: ExtractedField, isDate: Bool) -> Bool {
        if isDate {
            if ChineseDate.dates(in: line).contains(where: { $0.iso == field.value }) { return true }
            let digits = { (text: String) in text.filter { $0.isASCII && $0.isNumber } }
            return !digits(field.raw).isEmpty && digits(line).contains(digits(field.raw))
        }
        let text = { (value: String) in value.filter { $0.isLetter || $0.isNumber } }
        let value = text(field.value), seen = text(line)
        guard !value.isEmpty, let found = seen.range(of: value) else { return false }
        return found.upperBound == seen.endIndex
    }

    /// The field's line widened to the right up to the next word on its row that is not the value's (a label or
    /// another value), or to the page's edge: a reading of its own sees every character the line prints, not only
    /// those the first reading found.
    static func wholeLine(of region: Box, words: [RecognizedWord], pageWidth: Int) -> Box {
        let onRow = words.compactMap(\.box).filter { box in
            box.x >= region.maxX && box.y < region.maxY && box.maxY > region.y
                && min(box.maxY, region.maxY) - max(box.y, region.y) > min(box.height, region.height) / 2
        }
        let right = onRow.map(\.x).min().map { $0 - 2 } ?? pageWidth
        return Box(x: region.x, y: region.y, width: max(region.width, right - region.x), height: region.height)
    }

    /// Whether a seal lies over the region: one the page reading cleared, or red ink over a tenth of its columns
    /// (a seal the finder did not take for one — cut by a band, or not round — is cleared by the field reading's
    /// red channel all the same).
    static func sealCovers(_ region: Box, seals: [Box], on page: PageImage) -> Bool {
        seals.contains { $0.intersects(region) } || page.redInkColumnShare(in: region) >= 0.1
    }
}
