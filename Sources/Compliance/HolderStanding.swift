import IngestCore

/// Everything one company or person holds, and what is missing or running out.
public struct HolderStanding: Sendable {
    public enum Missing: Sendable, Equatable {
        /// A certificate a construction company must hold, of which the archive has none.
        case certificate(DocumentType)
        /// One it holds but whose current version has expired.
        case expiredCertificate(DocumentType, number: String, on: PrintedDate)
        /// A 安管人员 category no current certificate naming the company covers.
        case safetyStaff(String)

        /// What is missing, by the types' ids.
        public var english: String {
            switch self {
            case let .certificate(type): return "no \(type.rawValue) in the archive"
            case let .expiredCertificate(type, number, on): return "\(type.rawValue) \(number) lapsed on \(on.iso)"
            case let .safetyStaff(category): return "no 安管人员 with a current \(category) certificate"
            }
        }

        /// What is missing, in Chinese (`typeName`: how a type is called).
        public func chinese(typeName: (DocumentType) -> String) -> String {
            switch self {
            case let .certificate(type): return "没有\(typeName(type))"
            case let .expiredCertificate(type, number, on): return "\(typeName(type)) \(number) 已于 \(on.iso) 过期"
            case let .safetyStaff(category): return "没有持有效 \(category) 类证书的安管人员"
            }
        }
    }

    public var holder: HolderID
    /// The names records give the holder, the most often seen first.
    public var names: [String]
    /// Certificates whose current version the holder holds.
    public var held: [CertificateLifecycle]
    /// A company's 安管人员: certificates whose current version names it as the company.
    public var staff: [CertificateLifecycle]
    /// A person's companies: those their current 安管人员 certificates name.
    public var employers: [HolderID]
    public var missing: [Missing]
    /// Current versions of `held` and `staff` expired or within the largest warning level, most urgent first.
    public var warnings: [ExpiryWarning]

    public static func of(_ holder: HolderID, lifecycles: [CertificateLifecycle], index: HolderIndex,
                          settings: ComplianceSettings, asOf: PrintedDate) -> HolderStanding {
        let held = lifecycles.filter { index.holder(of: $0.current.record) == holder }
        let staff = holder.kind == .company ? lifecycles.filter { index.employer(of: $0.current.record) == holder } : []
        let expiry = ExpiryWarnings(settings)
        let isCurrent = { (l: CertificateLifecycle) in (l.current.expiry.map { asOf <= $0 }) ?? true }
        var employers: [HolderID] = []
        for lifecycle in held where isCurrent(lifecycle) {
            if let company = index.employer(of: lifecycle.current.record), !employers.contains(company) {
                employers.append(company)
            }
        }
        var missing: [Missing] = []
        let requirements = settings.constructionCompany
        let isConstructionCompany = holder.kind == .company
            && (!staff.isEmpty || held.contains { requirements.certificates.contains($0.key.type) })
        if isConstructionCompany {
            for type in requirements.certificates {
                let ofType = held.filter { $0.key.type == type }
                if ofType.isEmpty {
                    missing.append(.certificate(type))
                } else if !ofType.contains(where: isCurrent), let last = ofType.last, let on = last.current.expiry {
                    missing.append(.expiredCertificate(type, number: last.key.number, on: on))
                }
            }
            let categories = staff.filter(isCurrent).compactMap { safetyAssessmentCategory($0.key.number) }
            for required in requirements.safetyStaff where !categories.contains(where: { category($0, meets: required) }) {
                missing.append(.safetyStaff(required))
            }
        }
        let largest = settings.expiryWarningDays.max() ?? 30
        let warnings = (held + staff).compactMap { expiry.warning(for: $0.current, asOf: asOf) }
            .filter { $0.daysLeft <= largest }
            .sorted { ($0.daysLeft, $0.certificateNumber) < ($1.daysLeft, $1.certificateNumber) }
        let names = holder.kind == .company
            ? (index.namesByCode[holder.key] ?? [index.name(of: holder)])
            : Array(Set(held.compactMap { $0.current.record.holder })).sorted()
        return HolderStanding(holder: holder, names: names, held: held, staff: staff, employers: employers,
                              missing: missing, warnings: warnings)
    }

    /// The holders a query names: a credit code or ID number exactly, else every holder of that name.
    /// The holders a query names: by credit code or ID number; else by whole name; else by part of a name.
    public static func find(_ query: String, lifecycles: [CertificateLifecycle], index: HolderIndex) -> [HolderID] {
        let compact = String(query.filter { !$0.isWhitespace }).uppercased()
        var found: Set<HolderID> = [], byName: Set<HolderID> = [], byPartOfName: Set<HolderID> = []
        for record in lifecycles.flatMap({ $0.versions.flatMap(\.records) }) {
            // The record's holder (a company or a person) and, for a 安管人员, the company it names.
            for id in [index.holder(of: record), index.employer(of: record)].compactMap({ $0 }) {
                if id.key == compact { found.insert(id) }
                let names = id.kind == .company
                    ? [index.name(of: id)].compactMap { $0 } + (index.namesByCode[id.key] ?? [])
                    : [record.holder].compactMap { $0 }
                if names.contains(query) { byName.insert(id) }
                // Part of a name (宏远 for 沈阳宏远建筑工程有限公司), as the web UI's search finds it: two characters at least.
                if compact.count >= 2, names.contains(where: { $0.contains(compact) }) { byPartOfName.insert(id) }
            }
        }
        if !found.isEmpty { return found.sorted() }
        return (byName.isEmpty ? byPartOfName : byName).sorted()
    }
}

extension HolderStanding.Missing: CustomStringConvertible {
    /// What is missing, in plain words (a number as the records give it).
    public var description: String {
        switch self {
        case let .certificate(type): "no \(type.rawValue) in the archive"
        case let .expiredCertificate(type, number, on): "\(type.rawValue) \(number) expired on \(on.iso)"
        case let .safetyStaff(category): "no current 安管人员 \(category) certificate names the company"
        }
    }
}
