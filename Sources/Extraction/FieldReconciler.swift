import IngestCore

/// Decides a field's value from several readings of it: the page reading first, then readings of the field's
/// region alone at other scales.
///
/// - When exactly one of the values read passes the field's rules (format, check digit, real date, shape), the
///   rules leave no doubt and it is taken; readings that break them are misreadings, not dissent.
/// - When two values that both pass the rules were read, the field is doubtful however the votes fall: the
///   readings share one recogniser, so a glyph it does not know is misread alike at every scale (鼎 read as 易
///   three times and as 见 once), and a majority proves nothing. It goes to review naming every reading, showing
///   the page reading, or when that breaks the rules (letters for a name) the passing value read most often.
/// - When no value passes, the page reading stays (its rule failures send it to review).
/// The value's confidence is that of all its readings being wrong alike, 1 − Π(1 − cᵢ); `agreeingReadings` is
/// how many readings gave it, `readers` which recognisers, and `evidence` whether two engines read it alike (the
/// only agreement that is evidence) or one did; whether the rules prove it is the caller's to say. Readings that
/// disagreed are kept on the field for reviewers.
public enum FieldReconciler {
    public struct Outcome: Sendable {
        public var field: ExtractedField
        public var problem: Problem?

        public init(field: ExtractedField, problem: Problem?) {
            self.field = field; self.problem = problem
        }
    }

    /// True once more readings cannot change the outcome: two values that pass the rules were read (the field
    /// is doubtful whatever follows), or one value that passes them was read at least twice, none other passing,
    /// with at least `confidence` combined.
    public static func isSettled(_ readings: [ExtractedField], confidence: Double,
                                 passesRules: (String) -> Bool) -> Bool {
        let passing = readings.filter { passesRules($0.value) }
        let values = Set(passing.map(\.value))
        if values.count > 1 { return true }
        if areIndependent(readers(of: passing)) { return true }
        return passing.count >= 2 && combined(passing.map(\.confidence)) >= confidence
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
            field.readers = readers(of: readings)
            field.evidence = areIndependent(field.readers) ? .readersAgree : .oneReader
            return Outcome(field: field, problem: nil)
        }
        field.readings = distinct
        let votes = Dictionary(grouping: readings, by: \.value)
        let passing = distinct.filter(passesRules)
        // Two values that pass the rules, or none: a person decides, shown the page reading if it passes the rules,
        // else the value read most often among those that do (not letters for a name).
        // Every value in `distinct` was read at least once, so each has its readings.
        let readingsOf = { (value: String) in votes[value] ?? [] }
        guard passing.count == 1, let chosen = passing.first, let first = readingsOf(chosen).first else {
            var shown = field
            if !passing.contains(field.value), let best = passing.max(by: { readingsOf($0).count < readingsOf($1).count }),
               let bestReading = readingsOf(best).first {
                shown.value = best
                shown.raw = bestReading.raw
                shown.confidence = combined(readingsOf(best).map(\.confidence))
            }
            return disagreement(shown, name, type, distinct)
        }
        let agreeing = readingsOf(chosen)
        field.value = chosen
        field.raw = first.raw
        field.corrections = first.corrections
        field.confidence = combined(agreeing.map(\.confidence))
        field.agreeingReadings = agreeing.count
        field.readers = readers(of: agreeing)
        // The rules rejected every other value read; whether they prove this one (a check digit) is the caller's.
        field.evidence = areIndependent(field.readers) ? .readersAgree : .oneReader
        return Outcome(field: field, problem: nil)
    }

    /// The field as shown to reviewers; the problem names every value read (ID numbers masked).
    private static func disagreement(_ field: ExtractedField, _ name: String, _ type: DocumentType,
                                     _ distinct: [String]) -> Outcome {
        let shown = distinct.map { "'" + Masking.displayValue(field: name, value: $0, type: type) + "'" }
        return Outcome(field: field, problem: Problem(
            rule: "\(name).readings_disagree", field: name,
            message: "read as \(shown[0]) on the page but as \(shown.dropFirst().joined(separator: ", ")) "
                + "on a closer look at the field alone"))
    }

    /// A name in doubt (its readings disagree, or the other recogniser did not confirm it) that the archive already
    /// holds exactly, as one of the readings, is taken as that name, recorded as a correction: a misreading rarely
    /// lands on another real company's name, while a glyph the recognisers do not know is read right now and then.
    /// Only one reading may match; otherwise the doubt stays.
    public static func resolved(_ outcome: Outcome, knownNames: Set<String>) -> Outcome {
        guard outcome.problem != nil, !knownNames.isEmpty else { return outcome }
        let candidates = ([outcome.field.value] + (outcome.field.readings ?? [])).uniqued()
        let known = candidates.filter(knownNames.contains)
        guard known.count == 1, let name = known.first else { return outcome }
        var field = outcome.field
        field.evidence = .knownName
        if field.value != name {
            field.corrections = (field.corrections ?? []) + [FieldCorrection(
                from: field.value, to: name,
                reason: "read as \(candidates.map { "'\($0)'" }.joined(separator: ", ")); the archive already "
                    + "holds '\(name)' on an accepted certificate")]
            field.value = name
        }
        return Outcome(field: field, problem: nil)
    }

    /// The recognisers that gave these readings, each once in order; nil when none is known (a text layer).
    public static func readers(of readings: [ExtractedField]) -> [String]? {
        let names = readings.flatMap { $0.readers ?? [] }.uniqued()
        return names.isEmpty ? nil : names
    }

    /// Whether these recognisers include two independent ones: of different engines (`ppocr` and `tesseract …`).
    /// Two tesseract models (chi_sim and HanS) share much of their training and misread some glyphs alike (潘 read
    /// as 浅 by both): their agreement is not evidence against PP-OCR, nor for a value on its own.
    public static func areIndependent(_ readers: [String]?) -> Bool {
        Set((readers ?? []).map { $0.split(separator: " ").first.map(String.init) ?? $0 }).count >= 2
    }

    /// A recogniser's family: `paddle` for the PP-OCR generations (`ppocr`, `ppocrv5`), else its engine
    /// (`tesseract` for `tesseract chi_sim`): readers of one family were trained alike.
    public static func family(_ reader: String) -> String {
        reader.hasPrefix("ppocr") ? paddleFamily : reader.split(separator: " ").first.map(String.init) ?? reader
    }
    public static let paddleFamily = "paddle"

    /// Whether `longer` is `shorter` with one character inserted somewhere.
    public static func isOneInsertion(_ longer: String, into shorter: String) -> Bool {
        let a = Array(longer), b = Array(shorter)
        guard a.count == b.count + 1 else { return false }
        let prefix = zip(a, b).prefix { $0 == $1 }.count
        return Array(a[(prefix + 1)...]) == Array(b[prefix...])
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
