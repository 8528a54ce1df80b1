import IngestCore

/// The archive's numbers for the statistics report: certificates by type, issuer and province, how many are
/// valid, expiring or expired, the overdue rate per company, intake per day and the review backlog.
public struct Statistics: Sendable {
    /// One row of a table: a label and its counts, in the table's columns.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var values: [Int]
    }

    /// A table of counts, drawn as a chart and written as CSV.
    public struct Table: Sendable {
        /// File name stem for the CSV, e.g. `by-type`.
        public var id: String
        public var title: String
        public var labelHeader: String
        public var columns: [String]
        public var rows: [Row]
    }

    public var asOf: PrintedDate
    public var certificates: Int
    /// Items waiting in the review queue.
    public var waiting: Int
    /// Certificates accepted as the paper prints them, though the paper breaks a rule.
    public var acceptedAsPrinted: Int
    /// The certificates behind the expired and expiring numbers, most urgent first.
    public var needingAttention: [ExpiryWarning] = []
    /// The companies that miss what the settings require, by name: the names behind "not compliant".
    public var notCompliant: [DeskOverview.Company] = []
    /// The records behind "in review" and "accepted as printed".
    public var inReview: [ArchivedCertificate] = []
    public var asPrinted: [ArchivedCertificate] = []
    public var tables: [Table]
    /// How types and rule families are called (安全生产许可证; 持证单位 for `holder`).
    public var typeNames: [DocumentType: String] = [:]
    public var familyNames: [String: String] = [:]

    /// `records`: every item (all statuses); certificates are counted from the accepted ones, each certificate
    /// (type and number) once, by its current version. `provinces`: abbreviation → names (rules.yaml), to tell an
    /// issuer's province; `typeNames`: how to print a type; `familyName`: how to call a rule family (`holder`).
    public static func of(_ records: [ArchivedCertificate], asOf: PrintedDate, settings: ComplianceSettings, provinces: [String: [String]],
                          typeNames: [DocumentType: String], familyName: (String) -> String = { $0 }) -> Statistics {
        let accepted = records.filter { $0.status == .accepted }
        let lifecycles = CertificateLifecycle.of(accepted)
        let index = HolderIndex(accepted)
        let expiry = ExpiryWarnings(settings)
        let warningDays = settings.expiryWarningDays.max() ?? 30
        func standing(_ lifecycle: CertificateLifecycle) -> Standing {
            guard let days = expiry.warning(for: lifecycle.current, asOf: asOf)?.daysLeft else { return .noExpiry }
            return days < 0 ? .expired : days <= warningDays ? .expiring : .valid
        }
        let standings = Standing.allCases.map(\.name)
        func counted(_ key: (CertificateLifecycle) -> String) -> [Row] {
            var rows: [String: [Int]] = [:]
            for lifecycle in lifecycles {
                rows[key(lifecycle), default: Array(repeating: 0, count: standings.count)][standing(lifecycle).column] += 1
            }
            return rows.map { Row(label: $0.key, values: $0.value) }
                .sorted { ($1.values.reduce(0, +), $0.label) < ($0.values.reduce(0, +), $1.label) }
        }
        var tables: [Table] = []
        tables.append(Table(id: "by-type", title: "按证书类型", labelHeader: "证书类型", columns: standings,
                            rows: counted { typeNames[$0.key.type] ?? $0.key.type.rawValue }))
        tables.append(Table(id: "by-issuer", title: "按发证机关", labelHeader: "发证机关", columns: standings,
                            rows: counted { $0.current.record.fields[FieldName.issuer] ?? "（无）" }))
        tables.append(Table(id: "by-province", title: "按省份（发证机关所在）", labelHeader: "省份",
                            columns: standings,
                            rows: counted { province(of: $0.current.record, provinces, codes: settings.provinceCodes) }))
        let totals = Standing.allCases.map { wanted in lifecycles.filter { standing($0) == wanted }.count }
        tables.append(Table(id: "validity", title: "有效、\(warningDays)天内到期、已过期",
                            labelHeader: "状态", columns: ["证书数"],
                            rows: zip(standings, totals).map { Row(label: $0.0, values: [$0.1]) }))
        tables.append(overdue(lifecycles, index: index, standing: standing))
        tables.append(intake(records))
        tables.append(backlog(records, familyName: familyName))
        return Statistics(asOf: asOf, certificates: lifecycles.count, waiting: records.filter { $0.status == .review }.count,
                          acceptedAsPrinted: records.filter(\.acceptedAsPrinted).count,
                          needingAttention: expiry.warnings(accepted, asOf: asOf, within: warningDays),
                          notCompliant: DeskOverview.companies(lifecycles, index: index, settings: settings, asOf: asOf),
                          inReview: records.filter { $0.status == .review }, asPrinted: records.filter(\.acceptedAsPrinted),
                          tables: tables, typeNames: typeNames,
                          familyNames: Dictionary(records.flatMap(\.rules).map { rule in
                              let family = Self.family(of: rule)
                              return (family, familyName(family))
                          }, uniquingKeysWith: { first, _ in first }))
    }

    /// A company's certificates and those of its 安管人员, with how many have expired: the overdue rate.
    static func overdue(_ lifecycles: [CertificateLifecycle], index: HolderIndex,
                        standing: (CertificateLifecycle) -> Standing) -> Table {
        var counts: [HolderID: (all: Int, expired: Int)] = [:]
        for lifecycle in lifecycles {
            let record = lifecycle.current.record
            guard let company = HolderIndex.companyTypes.contains(record.type) ? index.holder(of: record)
                : index.employer(of: record) else { continue }
            let expired = standing(lifecycle) == .expired
            counts[company, default: (0, 0)].all += 1
            if expired { counts[company, default: (0, 0)].expired += 1 }
        }
        let rows = counts.map { company, c in
            Row(label: index.name(of: company), values: [c.all, c.expired, c.all == 0 ? 0 : (c.expired * 100 + c.all / 2) / c.all])
        }.sorted { ($1.values[2], $1.values[0], $0.label) < ($0.values[2], $0.values[0], $1.label) }
        return Table(id: "overdue-by-company", title: "各单位过期率（本单位的证书及其安管人员的证书）",
                     labelHeader: "单位", columns: ["证书数", "已过期", "过期率 %"], rows: rows)
    }

    static func intake(_ records: [ArchivedCertificate]) -> Table {
        let columns: [ItemStatus] = [.accepted, .review, .failed]
        var days: [String: [Int]] = [:]
        for record in records {
            days[record.intakeDay ?? "?", default: [0, 0, 0]][columns.firstIndex(of: record.status) ?? 0] += 1
        }
        return Table(id: "intake-per-day", title: "每日入库（收到的项目）", labelHeader: "日期",
                     columns: columns.map(Self.statusName),
                     rows: days.sorted { $0.key < $1.key }.map { Row(label: $0.key, values: $0.value) })
    }

    /// A rule's family: what comes before its first dot (`holder.unconfirmed` → `holder`).
    static func family(of rule: String) -> String {
        String(rule.split(separator: ".").first ?? "")
    }

    /// A record's rules at fault, by their families' names, each once.
    func faults(_ record: ArchivedCertificate) -> String {
        var names: [String] = []
        for rule in record.rules {
            let family = Self.family(of: rule), name = familyNames[family] ?? family
            if !names.contains(name) { names.append(name) }
        }
        return names.joined(separator: "、")
    }

    /// An item's status as the tables call it.
    public static func statusName(_ status: ItemStatus) -> String {
        switch status {
        case .accepted: "已入档"
        case .review: "待审核"
        case .failed: "未通过"
        }
    }

    /// Items waiting for a reviewer, by the family of the rules at fault (`holder.unconfirmed` → `holder`).
    static func backlog(_ records: [ArchivedCertificate], familyName: (String) -> String) -> Table {
        var families: [String: Int] = [:]
        let waiting = records.filter { $0.status == .review }
        for record in waiting {
            let named = Set(record.rules.map(family))
            for family in named.isEmpty ? ["（无）"] : named.map(familyName) { families[family, default: 0] += 1 }
        }
        return Table(id: "review-backlog", title: "待审核积压：\(waiting.count) 项，按问题所在",
                     labelHeader: "问题所在", columns: ["项目数"],
                     rows: families.map { Row(label: $0.key, values: [$0.value]) }
                        .sorted { ($1.values[0], $0.label) < ($0.values[0], $1.label) })
    }

    /// A certificate's province: the issuer's (by its name, or the abbreviation its number begins with), else the
    /// province code in its number (资质证书, 施工许可证), else the holder's area code (credit code, ID number).
    static func province(of record: ArchivedCertificate, _ provinces: [String: [String]],
                         codes: [String: String]) -> String {
        if let issuer = record.fields[FieldName.issuer] {
            for name in Set(provinces.values.flatMap { $0 }).sorted(by: { $0.count > $1.count }) where issuer.hasPrefix(name) {
                return name
            }
        }
        let number = record.number ?? ""
        if let first = number.drop(while: { $0 == "(" }).first, let name = provinces[String(first)]?.first {
            return name
        }
        let digits: String?
        switch record.type {
        case .enterpriseQualification: digits = number.firstMatch(of: /^DW?\d(\d{2})/).map { String($0.output.1) }
        case .constructionPermit: digits = String(number.prefix(2))
        default: digits = nil
        }
        if let digits, let name = codes[digits] { return name }
        let area = record.fields[FieldName.creditCode].map { String($0.dropFirst(2).prefix(2)) } ?? record.personID.map { String($0.prefix(2)) }
        return area.flatMap { codes[$0] } ?? "未知"
    }
}

/// Where a certificate's current version stands on the day of the statistics; its `name` is the tables' column
/// and row name.
public enum Standing: String, CaseIterable, Sendable {
    case valid, expiring, expired
    case noExpiry = "no expiry"

    /// What the tables and charts call it.
    public var name: String {
        switch self {
        case .valid: "有效"
        case .expiring: "即将到期"
        case .expired: "已过期"
        case .noExpiry: "无有效期"
        }
    }

    /// Its column in the tables (the order of the cases).
    var column: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
