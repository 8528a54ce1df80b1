import IngestCore

/// Who a record is about: a company, known by its 统一社会信用代码 (or only by name where no record gives the code),
/// or a person, known by their 身份证号.
public struct HolderID: Hashable, Sendable, Comparable {
    public enum Kind: String, Sendable { case company, person }

    public var kind: Kind
    /// The credit code or ID number; for a company known only by name, `name:` and the name.
    public var key: String

    public init(kind: Kind, key: String) {
        self.kind = kind; self.key = key
    }

    public static func < (a: HolderID, b: HolderID) -> Bool { (a.kind.rawValue, a.key) < (b.kind.rawValue, b.key) }

    /// What the key holds: the credit code or ID number itself, only the keyed digest of an encrypted ID number,
    /// or only a name (no record gives the number).
    public enum Known: Equatable, Sendable {
        case number(String)
        case encryptedNumber
        case nameOnly(String)
    }

    public var known: Known {
        if EncryptedPersonKey.isOne(key) { return .encryptedNumber }
        if key.hasPrefix(Self.namePrefix) { return .nameOnly(String(key.dropFirst(Self.namePrefix.count))) }
        return .number(key)
    }

    static let namePrefix = "name:"

    public var isNameOnly: Bool {
        if case .nameOnly = known { return true }
        return false
    }

    /// A holder known only by name.
    public static func nameOnly(_ kind: Kind, _ name: String) -> HolderID { HolderID(kind: kind, key: namePrefix + name) }

    /// A person's ID number as lists show it: masked, or said to be encrypted where only its keyed digest is known.
    public var maskedKey: String {
        switch known {
        case .encryptedNumber: "ID number encrypted"
        case .nameOnly: "no ID number"
        case let .number(number): kind == .person ? Masking.mask(number) : number
        }
    }
}

/// Links records to holders. Company certificates (安全生产许可证, 资质证书, 施工许可证) carry the credit code; a 安管人员
/// certificate names its company only by name, which is linked to the code the archive's other records give it.
public struct HolderIndex: Sendable {
    /// Company name → credit code, where the records give one name exactly one code.
    private let codeByName: [String: String]
    /// Credit code → the names records give it, the most often seen first.
    public let namesByCode: [String: [String]]

    public static let companyTypes: Set<DocumentType> = [.safetyProductionLicense, .enterpriseQualification, .constructionPermit]

    public init(_ records: [ArchivedCertificate]) {
        var names: [String: [String: Int]] = [:]
        for record in records where Self.companyTypes.contains(record.type) {
            guard let code = record.fields[FieldName.creditCode], let name = record.holder else { continue }
            names[code, default: [:]][name, default: 0] += 1
        }
        namesByCode = names.mapValues { counts in counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key) }
        var codes: [String: Set<String>] = [:]
        for (code, list) in namesByCode { for name in list { codes[name, default: []].insert(code) } }
        codeByName = codes.compactMapValues { $0.count == 1 ? $0.first : nil }
    }

    public func company(named name: String) -> HolderID {
        codeByName[name].map { HolderID(kind: .company, key: $0) } ?? .nameOnly(.company, name)
    }

    /// The holder a record is about: its company or its person.
    public func holder(of record: ArchivedCertificate) -> HolderID? {
        if Self.companyTypes.contains(record.type) {
            if let code = record.fields[FieldName.creditCode] { return HolderID(kind: .company, key: code) }
            return record.holder.map(company(named:))
        }
        if let id = record.personID { return HolderID(kind: .person, key: id) }
        return record.holder.map { .nameOnly(.person, $0) }
    }

    /// The company a 安管人员 certificate names (its employer), if any.
    public func employer(of record: ArchivedCertificate) -> HolderID? {
        guard record.type == .safetyAssessment, let name = record.fields[FieldName.company] else { return nil }
        return company(named: name)
    }

    /// A company's name as the records give it.
    public func name(of company: HolderID, fallback: String? = nil) -> String {
        if case let .nameOnly(name) = company.known { return name }
        return namesByCode[company.key]?.first ?? fallback ?? company.key
    }
}

/// The 安管人员 category of a 安全生产考核合格证书 from its number (辽建安B(2019)…: B), C1/C2/C3 counting as C.
public func safetyAssessmentCategory(_ number: String) -> String? {
    guard let match = number.firstMatch(of: /建安(A|B|C[123]?)\(/) else { return nil }
    return String(match.output.1)
}

/// Whether a category meets a required one: C1, C2 and C3 are each a C.
func category(_ held: String, meets required: String) -> Bool {
    held == required || (required == "C" && held.hasPrefix("C"))
}
