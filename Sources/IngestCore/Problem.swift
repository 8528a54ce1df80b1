/// One failed rule: which rule, which field (nil for the item as a whole), and why in plain words.
/// Rule ids are stable and dotted (`credit_code.checksum`); they are the export's `problems[].rule`.
public struct Problem: Codable, Hashable, Sendable {
    public var rule: String
    public var field: String?
    public var message: String

    public init(rule: String, field: String?, message: String) {
        self.rule = rule; self.field = field; self.message = message
    }
}
