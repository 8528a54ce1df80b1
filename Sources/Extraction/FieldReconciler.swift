import IngestCore

/// Decides a field's value from several readings of it: the page reading first, then readings of the field's
/// region alone at other scales (other pixels, so their errors are largely independent).
///
/// - A value read at least twice is taken, unless it breaks the field's rules while another reading passes them.
///   Its confidence is that of all its readings being wrong alike: 1 − Π(1 − cᵢ).
/// - Otherwise, when exactly one reading passes the rules (format, check digit, real date), the rules leave no
///   doubt and it is taken with its own confidence.
/// - Otherwise the page reading stays and the field goes to review, naming every reading.
/// Readings that disagreed are kept on the field for reviewers.
public enum FieldReconciler {
    public struct Outcome: Sendable {
        public var field: ExtractedField
        public var problem: Problem?
    }

    /// True once some value that passes the rules has been read twice: more readings would not change the value.
    public static func isSettled(_ readings: [ExtractedField], passesRules: (String) -> Bool) -> Bool {
        Dictionary(grouping: readings.map(\.value), by: { $0 }).contains { $0.value.count >= 2 && passesRules($0.key) }
    }

    /// `readings[0]` is the page reading (it carries the box); `passesRules` tells whether a value would satisfy
    /// every rule about this field.
    public static func reconcile(name: String, type: DocumentType, readings: [ExtractedField],
                                 passesRules: (String) -> Bool) -> Outcome {
        let readings = readings.filter { !$0.value.isEmpty }
        guard var field = readings.first else { preconditionFailure("a field is reconciled from its page reading") }
        let distinct = readings.map(\.value).uniqued()
        guard distinct.count > 1 else {
            field.confidence = combined(readings.map(\.confidence))
            field.agreeingReadings = readings.count
            return Outcome(field: field, problem: nil)
        }
        field.readings = distinct
        let votes = Dictionary(grouping: readings, by: \.value)
        let passing = distinct.filter(passesRules)
        let repeated = distinct.filter { votes[$0]!.count >= 2 }
        let chosen: String?
        if let value = repeated.first, passing.isEmpty || passing.contains(value) {
            chosen = value
        } else if passing.count == 1 {
            chosen = passing[0]
        } else {
            chosen = nil
        }
        guard let chosen else {
            let shown = distinct.map { "'" + Masking.displayValue(field: name, value: $0, type: type) + "'" }
            return Outcome(field: field, problem: Problem(
                rule: "\(name).readings_disagree", field: name,
                message: "read as \(shown[0]) on the page but as \(shown.dropFirst().joined(separator: ", ")) "
                    + "on a closer look at the field alone"))
        }
        let agreeing = votes[chosen]!
        field.value = chosen
        field.raw = agreeing[0].raw
        field.confidence = combined(agreeing.map(\.confidence))
        field.agreeingReadings = agreeing.count
        return Outcome(field: field, problem: nil)
    }

    /// The confidence (0...100) of readings that agree: that they are not all wrong alike.
    public static func combined(_ confidences: [Double]) -> Double {
        100 * (1 - confidences.reduce(1) { $0 * (1 - min(100, max(0, $1)) / 100) })
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
