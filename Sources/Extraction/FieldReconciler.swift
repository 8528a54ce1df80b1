import IngestCore

/// Decides a field's value from several readings of it: the page reading first, then readings of the field's
/// region alone at other scales (other pixels, so their errors are largely independent).
///
/// - When exactly one of the values read passes the field's rules (format, check digit, real date, shape), the
///   rules leave no doubt and it is taken.
/// - Otherwise the value leading the others by at least `confirmingReadings` readings is taken (among those that
///   pass the rules, if any do): 2 against 1 is not enough.
/// - Otherwise the page reading stays and the field goes to review, naming every reading.
/// The value's confidence is that of all its readings being wrong alike, 1 − Π(1 − cᵢ); `agreeingReadings` is
/// its lead over the dissenting readings (those that break the rules aside, when some pass them).
/// Readings that disagreed are kept on the field for reviewers.
public enum FieldReconciler {
    public struct Outcome: Sendable {
        public var field: ExtractedField
        public var problem: Problem?
    }

    /// True once some value that passes the rules leads the other readings that pass them by two, with at least
    /// `confidence` combined: more readings would neither change the value nor make it surer.
    public static func isSettled(_ readings: [ExtractedField], confidence: Double,
                                 passesRules: (String) -> Bool) -> Bool {
        let passing = readings.filter { passesRules($0.value) }
        return Dictionary(grouping: passing, by: \.value).contains { _, votes in
            2 * votes.count - passing.count >= 2 && combined(votes.map(\.confidence)) >= confidence
        }
    }

    /// `readings[0]` is the page reading (it carries the box); `passesRules` tells whether a value would satisfy
    /// every rule about this field.
    public static func reconcile(name: String, type: DocumentType, readings: [ExtractedField],
                                 confirmingReadings: Int = 2, passesRules: (String) -> Bool) -> Outcome {
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
        // Readings that break the rules are misreadings, not dissent from a value that passes them.
        let contenders = passing.isEmpty ? readings.count : readings.filter { passing.contains($0.value) }.count
        func lead(_ value: String) -> Int { 2 * votes[value]!.count - contenders }
        let chosen: String?
        if passing.count == 1 {
            chosen = passing[0]  // the rules leave no doubt
        } else if let leader = (passing.isEmpty ? distinct : passing).max(by: { lead($0) < lead($1) }),
                  lead(leader) >= confirmingReadings {
            chosen = leader
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
        field.agreeingReadings = lead(chosen)
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
