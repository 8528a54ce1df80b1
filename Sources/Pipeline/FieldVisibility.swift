import Extraction
import IngestCore
import PageImaging
import Rules

/// Whether the page shows each key field's value whole. Readers that agree on a value cut by the page's edge agree
/// on the cut value (both read `2023.08.1` where `2023.08.10` ran off the page), so agreement proves nothing there:
/// a value whose text touches the edge of the page (or of the card cut out of it), or after whose last word read
/// ink goes on that no word covers, goes to review as `<field>.not_fully_visible`, whatever the readers said. So
/// does a value that readers agreed on where a fold crosses it (`Fold`), unless the page proves it whole otherwise:
/// a crease wears the same strokes away for every reader, and no untouched view of it exists.
struct FieldVisibility {
    let validator: Validator
    let asOf: PrintedDate
    var keyFields: [String] { validator.rules.keyFields }
    /// The share of the page's usual text height a value may come to its edge before it counts as touching it:
    /// printed pages and cards keep a margin of millimetres; a recogniser's box may end short of the last stroke.
    var edgeShare = 0.5
    /// How much of a strip one text height wide after the last word must hold ink for it to count as unread text.
    var unreadInkShare = 0.4
    /// A pixel this dark (0...255, in the red channel of a colour page, where red ink is as light as the paper) is
    /// text, not a seal's grey or noise.
    var inkLevel: UInt32 = 70

    /// `creased`: the page as it lay before its light was levelled, where folds are looked for; `image` when nil.
    func problems(_ fields: [String: ExtractedField], type: DocumentType, words: [RecognizedWord],
                  image: PageImage, creased: PageImage? = nil) -> [Problem] {
        let textHeight = SecondReading.typicalTextHeight(words)
        var folds: [Fold]?  // looked for once, when a value needs it
        return keyFields.compactMap { name -> Problem? in
            guard let field = fields[name], let box = field.box else { return nil }
            if let edge = touchedEdge(box, image: image, textHeight: textHeight) {
                return Problem(rule: "\(name).not_fully_visible", field: name,
                               message: "'\(field.value)' reaches the \(edge) edge of the image: part of it may lie "
                                   + "beyond it, so check it against the page")
            }
            if inkGoesOn(after: box, words: words, image: image, textHeight: textHeight) {
                return Problem(rule: "\(name).not_fully_visible", field: name,
                               message: "ink goes on after '\(field.value)' where nothing was read: a character may be "
                                   + "missing from it, so check it against the page")
            }
            // Rules and a text layer prove a value however the paper lies; agreement and a lone reading do not.
            guard field.evidence != .rules, field.evidence != .textLayer else { return nil }
            if folds == nil { folds = (creased ?? image).folds() }
            guard folds?.contains(where: { $0.crosses(box, textHeight: textHeight) }) == true,
                  !validator.provesWhole(name, among: fields, type: type),
                  !validator.provesWholeByCheckCharacter(name, among: fields, type: type, asOf: asOf) else { return nil }
            return Problem(rule: "\(name).not_fully_visible", field: name,
                           message: "a fold in the paper crosses '\(field.value)': the crease may have worn strokes "
                               + "of it away alike for every reader, so check it against the page")
        }
    }

    /// Which edge of the image the box comes within a small part of a text height of, if any; or, for a value
    /// ending less than a text height from the right edge, whose row holds ink in the image's last columns (a
    /// recogniser's box may end short of the last stroke, which the edge cut).
    func touchedEdge(_ box: Box, image: PageImage, textHeight: Double) -> String? {
        let margin = max(2, Int(edgeShare * textHeight))
        if box.maxX >= image.width - margin { return "right" }
        if Double(image.width - box.maxX) < textHeight {
            let last = max(2, Int(0.1 * textHeight))
            let edge = Box(x: image.width - last, y: box.y + box.height / 5, width: last, height: max(1, box.height * 3 / 5))
            if image.blackInkColumnShare(in: edge, darkerThan: inkLevel) > 0 { return "right" }
        }
        if box.x <= margin { return "left" }
        if box.maxY >= image.height - margin { return "bottom" }
        if box.y <= margin { return "top" }
        return nil
    }

    /// Whether the strip of one text height after the box, in the middle of its row, holds ink that no word read
    /// covers: the recogniser stopped before the value did.
    func inkGoesOn(after box: Box, words: [RecognizedWord], image: PageImage, textHeight: Double) -> Bool {
        let gap = max(2, Int(0.25 * textHeight)), height = min(box.height, Int(1.4 * textHeight))
        let strip = Box(x: box.maxX + gap, y: box.y + height / 5, width: Int(textHeight), height: max(1, height * 3 / 5))
        guard strip.maxX < image.width else { return false }
        let covered = words.contains { $0.box?.intersects(strip) == true }
        return !covered && image.blackInkColumnShare(in: strip, darkerThan: inkLevel) >= unreadInkShare
    }
}
