import Extraction
import IngestCore
import PageImaging

extension SecondReading {
    /// The details a type prints for people (`FieldName.details`: 主要负责人, 作业类别…), each read once more alone
    /// by the field recogniser from its own crop. Two recognisers that read it alike make it `readers_agree`; else
    /// the page's value stays, `one_reader`, with every reading kept for the desk. A detail is not a key field: its
    /// readings disagreeing never sends a page to review (only a rule that names it and fails does, `field_formats`
    /// or the 特种作业 catalogue), but its evidence says in the export and on the desk how far it is confirmed.
    func detailsReadAgain(_ fields: inout [String: ExtractedField], words: [RecognizedWord], extractor: FieldExtractor,
                          image: PageImage, textHeight: Double) {
        for name in FieldName.details {
            guard var field = fields[name], field.evidence == nil, let span = field.span ?? field.box,
                  let spec = extractor.model.fields[name] else { continue }
            field.readers = field.readers ?? [pageReader]
            let band = Self.textBand(of: span, label: field.labelBox, words: words, textHeight: textHeight)
            let region = FieldRegion(band: band, label: field.labelBox, textHeight: textHeight)
            let again = field.value.contains("；")
                ? readRows(field.box ?? span, spec: spec, scale: Double(lineHeights.first ?? 32) / textHeight, image: image)
                : read(name, spec: spec, in: region, height: lineHeights.first ?? 32, image: image, engine: engine,
                       extractor: extractor)
            if let again, again.value == field.value, let readers = again.readers,
               FieldReconciler.areIndependent((field.readers ?? []) + readers) {
                field.readers = (field.readers ?? []) + readers
                field.agreeingReadings = 2
                field.evidence = .readersAgree
            } else {
                field.evidence = .oneReader
                if let again, again.value != field.value { field.readings = [field.value, again.value] }
            }
            fields[name] = field
        }
    }

    /// A value of several rows read again as a block by the field recogniser, its rows joined as the page
    /// reading's are; nil when nothing was read.
    private func readRows(_ box: Box, spec: FieldSpec, scale wanted: Double, image: PageImage) -> ExtractedField? {
        let margin = 8, scale = min(2, wanted)
        guard let region = image.region(x: max(0, box.x - margin), y: max(0, box.y - margin), width: box.width + 2 * margin,
                                        height: box.height + 2 * margin, scale: scale, margin: 12),
              let words = try? engine.recognize(region) else { return nil }
        let rows = LineBuilder.lines(of: RecognizedPage(words: words, origin: .ocr)).map { spec.value(of: $0.text) }
            .filter { !$0.isEmpty }
        guard !rows.isEmpty else { return nil }
        var reading = ExtractedField(value: rows.joined(separator: "；"), raw: rows.joined(separator: "\n"), confidence: 0)
        reading.readers = [engine.name]
        return reading
    }
}
