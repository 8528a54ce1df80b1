import IngestCore

/// What a qualification administrator looks at each week, each number with the records behind it: what lapses
/// within each warning level and what has lapsed, companies that are not compliant and why, and 挂证 anomalies
/// with their evidence. Built from the accepted records, each certificate by its current version.
public struct DeskOverview: Sendable {
    /// A certificate in an expiry list, with the item that holds its current version.
    public struct Certificate: Sendable, Equatable {
        public var warning: ExpiryWarning
        public var itemID: Int64?
    }

    /// A company that does not meet the requirements of `pipelines/compliance.yaml`, and why.
    public struct Company: Sendable {
        public var holder: HolderID
        public var name: String
        public var missing: [HolderStanding.Missing]
        /// The company's records and its 安管人员's (current versions), to look at.
        public var itemIDs: [Int64]
        /// For each lapsed certificate among `missing`, the item that holds it.
        public var lapsedItems: [String: Int64]
    }

    public var asOf: PrintedDate
    /// Warning levels in days, ascending (7, 15, 30).
    public var levels: [Int]
    /// Certificates lapsing within the largest level, soonest first.
    public var expiring: [Certificate]
    /// Certificates whose current version has lapsed, most recently lapsed first.
    public var lapsed: [Certificate]
    public var nonCompliant: [Company]
    public var anomalies: [Anomaly]

    /// The expiring certificates within `days` (a level).
    public func expiring(within days: Int) -> [Certificate] {
        expiring.filter { $0.warning.daysLeft <= days }
    }

    public static func of(_ records: [ArchivedCertificate], settings: ComplianceSettings, register: CompanyRegister?,
                          asOf: PrintedDate) -> DeskOverview {
        let accepted = records.filter { $0.status == .accepted }
        let lifecycles = CertificateLifecycle.of(accepted)
        let index = HolderIndex(accepted)
        let expiry = ExpiryWarnings(settings)
        let levels = settings.expiryWarningDays.sorted()
        let largest = levels.last ?? 30
        let listed = lifecycles.compactMap { lifecycle in
            expiry.warning(for: lifecycle.current, asOf: asOf).map { Certificate(warning: $0, itemID: lifecycle.current.record.itemID) }
        }
        let expiring = listed.filter { (0...largest).contains($0.warning.daysLeft) }
            .sorted { ($0.warning.daysLeft, $0.warning.certificateNumber) < ($1.warning.daysLeft, $1.warning.certificateNumber) }
        let lapsed = listed.filter { $0.warning.daysLeft < 0 }
            .sorted { ($1.warning.daysLeft, $0.warning.certificateNumber) < ($0.warning.daysLeft, $1.warning.certificateNumber) }
        return DeskOverview(asOf: asOf, levels: levels, expiring: expiring, lapsed: lapsed,
                            nonCompliant: companies(lifecycles, index: index, settings: settings, asOf: asOf),
                            anomalies: AnomalyFinder(register: register).anomalies(lifecycles, index: index, asOf: asOf))
    }

    /// Every company the records name (as holder or as a 安管人员's employer) that misses something, by name.
    static func companies(_ lifecycles: [CertificateLifecycle], index: HolderIndex, settings: ComplianceSettings,
                          asOf: PrintedDate) -> [Company] {
        var holders = Set<HolderID>()
        for lifecycle in lifecycles {
            let record = lifecycle.current.record
            if let holder = index.holder(of: record), holder.kind == .company { holders.insert(holder) }
            if let employer = index.employer(of: record) { holders.insert(employer) }
        }
        let own = Set(settings.ownCompanies)
        return holders.compactMap { holder -> Company? in
            // The administrator's companies only, when he named them: a subcontractor's licences are not his to keep.
            guard own.isEmpty || own.contains(holder.key) || own.contains(index.name(of: holder)) else { return nil }
            let standing = HolderStanding.of(holder, lifecycles: lifecycles, index: index, settings: settings, asOf: asOf)
            guard !standing.missing.isEmpty else { return nil }
            var lapsedItems: [String: Int64] = [:]
            for lifecycle in standing.held {
                if let id = lifecycle.current.record.itemID { lapsedItems[lifecycle.key.number] = id }
            }
            return Company(holder: holder, name: standing.names.first ?? index.name(of: holder), missing: standing.missing,
                           itemIDs: (standing.held + standing.staff).compactMap(\.current.record.itemID).sorted(),
                           lapsedItems: lapsedItems)
        }.sorted { ($0.name, $0.holder.key) < ($1.name, $1.holder.key) }
    }
}
