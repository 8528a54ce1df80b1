import Extraction
import IngestCore
import PageImaging

extension SecondReading {
    /// A field whose every reading breaks its rules, read by a recogniser of another family (tesseract beside
    /// PP-OCR), whose first reading that keeps them becomes the value. The two PP-OCR generations lose the same
    /// glyphs of a fax or a dot-matrix print alike (a credit code's leading 9 dropped by both), where tesseract,
    /// reading other features, often has it whole. The readings that broke the rules are no evidence either way, so
    /// the value stands on that one recogniser's word: proven by its rules where they can prove it (a check
    /// character that holds), else sent to review as `one_reader` — the reviewer then confirms it rather than types
    /// it. Names are left to the cross-check, which reads them already.
    func offeredByAnotherFamily(_ outcome: FieldReconciler.Outcome, name: String, readings: [ExtractedField],
                                passesRules: (String) -> Bool,
                                reader: (Int, any TextRecognizer<PageImage>) -> ExtractedField?) -> FieldReconciler.Outcome {
        guard !crossCheckFields.contains(name), !readings.contains(where: { passesRules($0.value) }),
              let other = otherFamilyEngine(),
              !readings.flatMap({ $0.readers ?? [] }).map(FieldReconciler.family)
                  .contains(FieldReconciler.family(other.name)) else { return outcome }
        var found: ExtractedField?
        for height in Self.heights(lineHeights, for: other) {
            if let reading = reader(height, other), passesRules(reading.value) { found = reading; break }
        }
        guard var offered = found else { return outcome }
        offered.box = outcome.field.box
        offered.span = outcome.field.span
        offered.labelBox = outcome.field.labelBox
        offered.readings = readings.map(\.value).reduce(into: [String]()) { seen, value in
            if !seen.contains(value) { seen.append(value) }
        } + [offered.value]
        offered.evidence = .oneReader
        return provenOrDoubted(FieldReconciler.Outcome(field: offered, problem: nil), name: name, readings: readings + [offered])
    }
}
