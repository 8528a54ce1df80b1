/// An archived record as the archive's readers see it (the compliance commands, the statistics, the web UI):
/// its fields opened, its open problems' rules, and who it is about.
public struct RecordSummary: Sendable {
    public var id: Int64
    public var source: String
    public var page: Int?
    public var type: DocumentType
    public var status: ItemStatus
    /// Field name → value.
    public var fields: [String: String]
    /// The day (UTC, `YYYY-MM-DD`) of the run that took the item in.
    public var intakeDay: String
    /// The rules of the item's open problems.
    public var rules: [String]
    /// Who the record is about, when it names a person: the 身份证号, or — in an encrypted archive opened without
    /// its key — `link:` and a keyed digest of it, the same on every record of that person.
    public var personKey: String?
    /// Facts that sent it nowhere (`expired`, `printed_error`: accepted as the paper prints it).
    public var flags: [String] = []

    public init(id: Int64, source: String, page: Int?, type: DocumentType, status: ItemStatus, fields: [String: String],
                intakeDay: String, rules: [String], personKey: String?, flags: [String] = []) {
        self.id = id; self.source = source; self.page = page; self.type = type; self.status = status
        self.fields = fields; self.intakeDay = intakeDay; self.rules = rules; self.personKey = personKey
        self.flags = flags
    }
}
