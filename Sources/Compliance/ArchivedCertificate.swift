import IngestCore

/// One record of a certificate as the archive holds it: an item (a certificate found on one page of a scan), with
/// the field values compliance needs and where it came from.
public struct ArchivedCertificate: Sendable, Equatable {
    public var type: DocumentType
    public var fields: [String: String]
    /// The archive's item id; nil for records made up in a test.
    public var itemID: Int64?
    public var source: String
    public var page: Int?
    /// The day the record was taken in (`YYYY-MM-DD`), for intake statistics.
    public var intakeDay: String?
    /// Who the record is about as the archive links people: the 身份证号, or a keyed digest of it where the
    /// archive's numbers are encrypted and its key was not given. Nil: read from the fields.
    public var personKey: String?
    /// Where the item stands, and the rules of its open problems (for the review backlog).
    public var status: ItemStatus
    public var rules: [String]
    /// Accepted as the paper prints it, though the paper breaks a rule (a reviewer said why): counted apart.
    public var acceptedAsPrinted: Bool

    public init(type: DocumentType, fields: [String: String], itemID: Int64? = nil, source: String = "",
                page: Int? = nil, intakeDay: String? = nil, personKey: String? = nil, status: ItemStatus = .accepted,
                rules: [String] = [], acceptedAsPrinted: Bool = false) {
        self.type = type; self.fields = fields; self.itemID = itemID; self.source = source; self.page = page
        self.intakeDay = intakeDay; self.personKey = personKey; self.status = status; self.rules = rules
        self.acceptedAsPrinted = acceptedAsPrinted
    }

    public var number: String? { fields[FieldName.certificateNumber] }
    public var holder: String? { fields[FieldName.holder] }
    public var issueDate: PrintedDate? { fields[FieldName.issueDate].flatMap(PrintedDate.init(iso:)).flatMap { $0.isReal ? $0 : nil } }
    public var expiryDate: PrintedDate? { fields[FieldName.expiryDate].flatMap(PrintedDate.init(iso:)).flatMap { $0.isReal ? $0 : nil } }

    /// The 身份证号 of the person the record is about: its own field, or read from a 特种作业操作证 number (T + ID).
    public var personID: String? {
        if let personKey { return personKey }
        if let id = fields[FieldName.idNumber], !id.isEmpty { return id }
        if type.numberContainsIDNumber, let number, number.count == 19 {
            return SpecialOperationNumber.idNumber(in: number)
        }
        return nil
    }

    /// `source#page`, how evidence names a scan.
    public var scan: String { source + (page.map { "#\($0)" } ?? "") }
}

extension ArchivedCertificate {
    /// A record of the archive as compliance sees it.
    public init(_ summary: RecordSummary) {
        self.init(type: summary.type, fields: summary.fields, itemID: summary.id, source: summary.source,
                  page: summary.page, intakeDay: summary.intakeDay, personKey: summary.personKey,
                  status: summary.status, rules: summary.rules,
                  acceptedAsPrinted: summary.status == .accepted && summary.flags.contains(ItemFlag.printedError))
    }
}
