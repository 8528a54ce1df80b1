import Extraction
import IngestCore
import PageImaging
import Rules

/// The second-reading stage. Each key field's region is cropped from the page and read again on its own as a
/// single line, scaled to the text heights the line recogniser reads best, until a value that passes the rules
/// has been read twice surely, two such values disagree, or the heights run out; `FieldReconciler` then decides.
/// A required field the page reading missed (its label misread) is looked for by reading the page's other
/// lines again one by one.
struct SecondReading {
    /// The recogniser that read the page (`TextRecognizer.name`): the page reading's fields are its readings.
    let pageReader: String
    let engine: any TextRecognizer<PageImage>
    /// Corrects each reading before they are reconciled (an issuer to its authority in the gazetteer).
    let corrector: FieldCorrector
    /// Another recogniser's engine, which must confirm each name field the first one settled on: readings by one
    /// model share its blind spots (鼎 read as 易 at every scale; the HanS model reads it right, or as another
    /// character, never as 易).
    let crossCheckEngine: (any TextRecognizer<PageImage>)?
    /// Text heights the cross-check reads a name at, in turn, until a reading passes the rules.
    let crossCheckLineHeights: [Int]
    /// The fields it checks: names no reference list vouches for (an issuer is checked against the gazetteer).
    let crossCheckFields: [String]
    /// Company names the archive held when the run began (`IngestArchive.knownCompanyNames`).
    let knownCompanyNames: Set<String>
    let validator: Validator
    let asOf: PrintedDate
    /// Text heights in pixels tried in turn for a field read alone.
    let lineHeights: [Int]
    /// Read fields alone from the red channel of colour pages (seals fade, black text stays).
    let dropRedInk: Bool
    /// Readings continue until a value that passes the rules, read twice, has this combined confidence.
    let settledConfidence: Double
    /// A key field one recogniser read alone goes to review, unless it is one of `provenByRules` and passes them.
    var agreementRequired = false
    var provenByRules: Set<String> = []
    /// The page recogniser, which reads a value agreed on under a seal once more from the untouched pixels of its
    /// whole line (`notShownUntouched`); nil: no such reading, and agreement under a seal stands as it is.
    var untouchedEngine: (any TextRecognizer<PageImage>)? = nil
    /// A recogniser of another family than PP-OCR's (tesseract), which confirms a date only the two PP-OCR
    /// generations read alike when the page does not prove it (`confirmedByAnotherFamily`); nil: none. Asked for
    /// only then: a worker whose fields PP-OCR reads loads no tesseract model it does not use.
    var otherFamilyEngine: () -> (any TextRecognizer<PageImage>)? = { nil }
    /// The reader trace's recognisers, each of which reads every key field alone once for `trace`.
    var traceEngines: [any TextRecognizer<PageImage>] = []
    /// Told each key field's readings by reader (`ReaderTrace.record`); nil: no trace.
    var trace: ((_ field: String, _ type: DocumentType, _ readings: [String: String]) -> Void)? = nil

    struct Result {
        var fields: [String: ExtractedField]
        var problems: [Problem]
    }

    /// `pageImage` is the page as read; fields alone are read from `image` with its red ink removed when it has
    /// colour, so that a seal stamped over the issuer and date does not hide them.
    /// `pageExtractor` looks for a missing field by content in the lines read again. `seals`: where the page
    /// reading cleared a seal's ink (`PageReader.Reading.seals`); `untouched`: the page with nothing painted out
    /// (`PageReader.Reading.untouched`), `pageImage` when nil.
    func apply(to page: PageExtractor.Result, words: [RecognizedWord], pageExtractor: PageExtractor,
               image pageImage: PageImage, seals: [Box] = [], untouched: PageImage? = nil) -> Result {
        let untouched = untouched ?? pageImage
        let type = page.type
        guard let extractor = pageExtractor.fieldExtractor(for: type) else { return Result(fields: page.fields, problems: []) }
        let image = dropRedInk ? pageImage.withoutRedInk() ?? pageImage : pageImage
        let textHeight = Self.typicalTextHeight(words)
        var fields = findMissing(in: page, words: words, pageExtractor: pageExtractor, extractor: extractor,
                                 image: image, textHeight: textHeight)
        var problems: [Problem] = []
        // Fields whose line a seal covers, by their whole line: checked against the untouched page once every
        // field is settled (the dates prove each other only then).
        var underSeal: [String: Box] = [:]
        // Each date's reader of its region, for a confirmation once both dates are settled.
        var dateReaders: [String: (Int, any TextRecognizer<PageImage>) -> ExtractedField?] = [:]
        for name in validator.rules.keyFields {
            guard let first = fields[name], let span = first.span ?? first.box,
                  let spec = extractor.model.fields[name] else { continue }
            let band = Self.textBand(of: span, label: first.labelBox, words: words, textHeight: textHeight)
            let region = FieldRegion(band: band, label: first.labelBox, textHeight: textHeight)
            let passesRules = { (value: String) in
                validator.passes(value, for: name, among: fields, type: type, asOf: asOf)
            }
            let reader = { (height: Int, engine: any TextRecognizer<PageImage>) in
                read(name, spec: spec, in: region, height: height, image: image, engine: engine, extractor: extractor)
            }
            var pageReading = first
            // A field the page reading missed was found by the field reader (`findMissing`): it keeps that name.
            pageReading.readers = first.readers ?? [pageReader]
            // The number, settled before the issuer, may name the issuer's province.
            let issuerProvince = name == FieldName.issuer
                ? fields[FieldName.certificateNumber].flatMap { validator.issuerProvinceNames(forNumber: $0.value, type: type) }
                : nil
            var readings = [corrected(pageReading, name, issuerProvince: issuerProvince)]
            if let trace {
                var traced = ["page \(pageReader)": readings[0].value]
                for engine in traceEngines {
                    traced[engine.name] = reader(lineHeights.first ?? 32, engine)
                        .map { corrected($0, name, issuerProvince: issuerProvince).value } ?? ""
                }
                trace(name, type, traced)
            }
            // The issuer as the gazetteer puts it right (it is read again after the number).
            let provenProvince = name == FieldName.certificateNumber
                ? validator.provinceProvenByIssuer(readings[0].value, type: type,
                                                   issuer: fields[FieldName.issuer].map { corrected($0, FieldName.issuer).value })
                : nil
            for height in Self.heights(lineHeights, for: engine)
            where !FieldReconciler.isSettled(readings, confidence: settledConfidence, passesRules: passesRules) {
                guard var reading = reader(height, engine).map({ corrected($0, name, issuerProvince: issuerProvince) })
                else { continue }
                if let provenProvince, Self.differsOnlyWithin(provenProvince, of: readings[0].value, reading.value) {
                    reading.value = readings[0].value
                }
                readings.append(reading)
            }
            let outcome = settled(FieldReconciler.reconcile(name: name, type: type, readings: readings,
                                                            passesRules: passesRules),
                                  name: name, readings: readings, passesRules: passesRules, reader: reader)
            if validator.rules.dateFields.contains(name) { dateReaders[name] = reader }
            let line = Self.wholeLine(of: region.box, words: words, pageWidth: pageImage.width)
            if Self.sealCovers(line, seals: seals, on: untouched) { underSeal[name] = line }
            fields[name] = outcome.field
            if let problem = outcome.problem { problems.append(problem) }
        }
        detailsReadAgain(&fields, words: words, extractor: extractor, image: image, textHeight: textHeight)
        problems += problemsUnderSeals(underSeal, fields: fields, besides: problems, type: type, untouched: untouched,
                                       textHeight: textHeight)
        problems += confirmedByAnotherFamily(dateReaders, fields: &fields, besides: problems, type: type)
        datesProvenByValidity(&fields, problems: &problems, type: type)
        return Result(fields: fields, problems: problems)
    }

    /// The reconciled field checked further where a reading alone does not settle it: a name read once is
    /// cross-checked by the other recogniser, readings that disagree go to a third reader, a company name may be
    /// one the archive knows, a value one reader gave is proven by its rules or doubted, and a field no reading of
    /// which keeps its rules is offered another family's reading.
    private func settled(_ reconciled: FieldReconciler.Outcome, name: String, readings: [ExtractedField],
                         passesRules: (String) -> Bool,
                         reader: (Int, any TextRecognizer<PageImage>) -> ExtractedField?) -> FieldReconciler.Outcome {
        var outcome = reconciled
        // A name two recognisers already read alike needs no third.
        if let crossCheckEngine, crossCheckFields.contains(name), outcome.problem == nil,
           outcome.field.evidence != .readersAgree, passesRules(outcome.field.value) {
            outcome = crossChecked(outcome.field, name: name, passesRules: passesRules) {
                reader($0, crossCheckEngine)
            }
        }
        if let crossCheckEngine, crossCheckFields.contains(name), outcome.problem?.rule == "\(name).readings_disagree" {
            outcome = settledByThirdReader(outcome, readings: readings, passesRules: passesRules) {
                reader($0, crossCheckEngine)
            }
        }
        if crossCheckFields.contains(name), outcome.problem != nil, !knownCompanyNames.isEmpty {
            outcome = settledByKnownName(outcome) { height in crossCheckEngine.flatMap { reader(height, $0) } }
        }
        if outcome.problem == nil, outcome.field.evidence == .oneReader, passesRules(outcome.field.value) {
            outcome = provenOrDoubted(outcome, name: name, readings: readings)
        }
        if !passesRules(outcome.field.value) {
            outcome = offeredByAnotherFamily(outcome, name: name, readings: readings, passesRules: passesRules,
                                             reader: reader)
        }
        return outcome
    }

    /// Where a field is read alone: its band of text, and its label too when the value is a few characters
    /// (a two-character name alone is too short for tesseract to find a line in: it reads nothing) and the label
    /// stands beside it in its row (a label above its value is not read with it: the reading would find no label
    /// in its one line and give nothing).
    struct FieldRegion {
        var box: Box
        var withLabel: Bool
        /// The page's usual character height, which readings scale from.
        var textHeight: Double

        init(band: Box, label: Box?, textHeight: Double) {
            self.textHeight = textHeight
            if let label, Double(band.width) < 4 * textHeight, label.midY > band.y, label.midY < band.maxY,
               let both = Box.union(of: [label, band]) {
                box = Box(x: both.x, y: band.y, width: both.width, height: band.height)
                withLabel = true
            } else {
                box = band
                withLabel = false
            }
        }
    }

    /// One reading of field `name` alone, its characters scaled to `height` pixels; nil when nothing was read.
    func read(_ name: String, spec: FieldSpec, in region: FieldRegion, height: Int, image: PageImage,
                      engine: any TextRecognizer<PageImage>, extractor: FieldExtractor) -> ExtractedField? {
        guard let (line, lineWords) = readLine(region.box, scale: Double(height) / region.textHeight, in: image,
                                               engine: engine) else { return nil }
        var reading: ExtractedField
        if region.withLabel {
            // The label read too tells where the value starts, as on the page.
            guard let found = extractor.extract(lines: [line], words: lineWords)[name] else { return nil }
            reading = ExtractedField(value: found.value, raw: found.raw, confidence: found.confidence)
        } else {
            let value = spec.value(of: line.text)
            guard !value.isEmpty else { return nil }
            reading = ExtractedField(value: value, raw: line.text, confidence: line.minimumConfidence)
        }
        reading.readers = [engine.name]
        return reading
    }

    /// The reading with the correction the domain calls for applied and recorded; `issuerProvince` as
    /// `FieldCorrector.correction(of:field:issuerProvince:)` takes it.
    private func corrected(_ reading: ExtractedField, _ name: String, issuerProvince: [String]? = nil) -> ExtractedField {
        guard reading.corrections == nil,
              let correction = corrector.correction(of: reading.value, field: name, issuerProvince: issuerProvince)
        else { return reading }
        var reading = reading
        reading.value = correction.to
        reading.corrections = [correction]
        return reading
    }

    /// Required fields the page reading did not find, looked for in the page's lines that hold no found field,
    /// each read again alone: a label misread in the page's context is often read right on its own, and a value
    /// printed without a label (the date under a seal) read right is then found by what it is. Such a field has
    /// only the field reader behind it.
    private func findMissing(in page: PageExtractor.Result, words: [RecognizedWord], pageExtractor: PageExtractor,
                             extractor: FieldExtractor, image: PageImage, textHeight: Double) -> [String: ExtractedField] {
        var fields = page.fields
        let required = validator.rules.rules(for: page.type)?.required ?? []
        guard required.contains(where: { fields[$0] == nil }) else { return fields }
        let taken = fields.values.compactMap(\.box)
        let scale = Double(lineHeights.first ?? 32) / textHeight
        var lines = page.lines, allWords = words, rereadBoxes: [Box] = []
        for (index, line) in page.lines.enumerated() {
            guard required.contains(where: { fields[$0] == nil }) else { break }
            let boxes = Set(line.wordIndices.compactMap { $0 })
                .compactMap { words.indices.contains($0) ? words[$0].box : nil }.sorted { $0.x < $1.x }
            // A seal over the line swells its words: read the row of its first word of the usual height (its
            // label, as printed), not every row the seal reaches.
            let label = boxes.first { Self.isUsualHeight($0, textHeight: textHeight) }
            guard let whole = Box.union(of: boxes) else { continue }
            let box = Self.textBand(of: whole, label: label, words: words, textHeight: textHeight)
            guard !taken.contains(where: { $0.intersects(box) }),
                  let (reread, rereadWords) = readLine(box, scale: scale, in: image) else { continue }
            for (name, var field) in extractor.extract(lines: [reread], words: rereadWords) where fields[name] == nil {
                field.readers = [engine.name]
                fields[name] = field
            }
            lines[index] = reread.withWordIndices(offsetBy: allWords.count)
            allWords += rereadWords
            rereadBoxes.append(box)
        }
        let missing = Set(required.filter { fields[$0] == nil })
        guard !missing.isEmpty, !rereadBoxes.isEmpty else { return fields }
        let found = pageExtractor.foundByContent(missing, type: page.type, lines: lines, words: allWords, besides: fields)
        return fields.merging(readAgain(found, within: rereadBoxes)) { kept, _ in kept }
    }

    /// The fields found by content that lie in the lines read again, with the field reader as their only reader:
    /// one found in a line as the page reading read it would have been found before.
    private func readAgain(_ found: [String: ExtractedField], within boxes: [Box]) -> [String: ExtractedField] {
        found.compactMapValues { field in
            guard let box = field.box, boxes.contains(where: { $0.intersects(box) }) else { return nil }
            var field = field
            field.readers = [engine.name]
            return field
        }
    }

    /// The heights the cross-check engine reads a name at (`crossCheckLineHeights`, one for PP-OCR).
    var crossCheckHeights: [Int] {
        crossCheckEngine.map { Self.heights(crossCheckLineHeights, for: $0) } ?? crossCheckLineHeights
    }

    /// The text heights to read a field at with `engine`: one for a recogniser that scales every line to its own
    /// height (PP-OCR), where another scale shows it the same pixels.
    static func heights(_ heights: [Int], for engine: any TextRecognizer<PageImage>) -> [Int] {
        engine.scalesLinesItself ? Array(heights.prefix(1)) : heights
    }

    /// Whether `other` is `value` with only the characters in `range` of it read otherwise.
    static func differsOnlyWithin(_ range: Range<String.Index>, of value: String, _ other: String) -> Bool {
        let prefix = value[..<range.lowerBound], suffix = value[range.upperBound...]
        return other != value && other.count == value.count && other.hasPrefix(prefix) && other.hasSuffix(suffix)
    }

    /// The page's usual character height: the median height of its words that hold Han characters. A field's
    /// box is no measure of it when a seal or a frame line joined a word.
    static func typicalTextHeight(_ words: [RecognizedWord]) -> Double {
        let han = words.filter { $0.text.contains(where: TextNormalizer.isCJK) }
        let heights = (han.isEmpty ? words : han).compactMap { $0.box?.height }.sorted()
        return heights.isEmpty ? 32 : Double(max(8, heights[heights.count / 2]))
    }

    /// The region's rows that hold text of the usual height: a word box swollen by a seal's ring or a frame line
    /// would otherwise bring other lines into a single-line reading. The label's row, when it is of the usual
    /// height, is the surest (a seal over the value swells every word of it); else the usual-height words in
    /// the region; else the region's top row.
    static func textBand(of box: Box, label: Box?, words: [RecognizedWord], textHeight: Double) -> Box {
        guard Double(box.height) > 1.6 * textHeight else { return box }
        if let label, isUsualHeight(label, textHeight: textHeight) {
            return Box(x: box.x, y: label.y, width: box.width, height: label.height)
        }
        let usual = words.compactMap(\.box).filter { $0.intersects(box) && isUsualHeight($0, textHeight: textHeight) }
        guard let band = Box.union(of: usual) else {
            return Box(x: box.x, y: box.y, width: box.width, height: Int(1.2 * textHeight))
        }
        return Box(x: box.x, y: band.y, width: box.width, height: band.height)
    }

    /// Whether a word box is of the page's usual text height, not swollen by a seal's ring or a frame line.
    static func isUsualHeight(_ box: Box, textHeight: Double) -> Bool {
        Double(box.height) <= 1.4 * textHeight
    }

    /// The region `box` (with a margin for glyph edges) scaled by `scale` (at most 2), read as one line. The
    /// words' boxes are mapped back to page coordinates.
    func readLine(_ box: Box, scale wanted: Double, in image: PageImage, engine: (any TextRecognizer<PageImage>)? = nil)
        -> (TextLine, [RecognizedWord])? {
        Self.readLine(box, scale: wanted, in: image, engine: engine ?? self.engine)
    }

    static func readLine(_ box: Box, scale wanted: Double, in image: PageImage, engine: any TextRecognizer<PageImage>)
        -> (TextLine, [RecognizedWord])? {
        let margin = max(4, box.height / 3), border = 12
        let x = max(0, box.x - margin), y = max(0, box.y - margin / 2)
        let scale = min(2, wanted)
        // A region that cannot be cut, or a line the engine fails on, gives no second reading: the field then rests
        // on one reader, and is accepted only when its rules prove it (a check character), else it goes to review.
        guard let region = image.region(x: x, y: y, width: box.width + 2 * margin, height: box.height + margin,
                                        scale: scale, margin: border),
              var words = try? engine.readLine(region) else { return nil }
        for i in words.indices {
            words[i].box = words[i].box.map { b in
                Box(x: b.x - border, y: b.y - border, width: b.width, height: b.height).unscaled(by: scale, origin: (x, y))
            }
        }
        let line = LineBuilder.lines(of: RecognizedPage(words: words, origin: .ocr))
            .max { $0.characters.count < $1.characters.count }
        return line.map { ($0, words) }
    }
}
