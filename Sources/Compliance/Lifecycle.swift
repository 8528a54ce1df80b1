import IngestCore

/// A certificate's identity: its type and number. The same number seen again is the same certificate.
public struct CertificateKey: Hashable, Sendable, Comparable {
    public var type: DocumentType
    public var number: String

    public init(type: DocumentType, number: String) {
        self.type = type; self.number = number
    }

    public static func < (a: CertificateKey, b: CertificateKey) -> Bool {
        (a.type.rawValue, a.number) < (b.type.rawValue, b.number)
    }
}

/// One version of a certificate: one validity period (issue and expiry date), with every scan that shows it.
/// The same card scanned twice is one version with two scans; a renewal is a new version.
public struct CertificateVersion: Sendable, Equatable {
    public var issueDate: String?
    public var expiryDate: String?
    /// The records of this version, in the order they were taken in.
    public var records: [ArchivedCertificate]

    /// The version's first record: what it says of the holder, the issuer and the rest.
    public var record: ArchivedCertificate { records[0] }
    public var expiry: PrintedDate? { record.expiryDate }
    public var issue: PrintedDate? { record.issueDate }
}

/// Every version of one certificate, oldest first. The latest (the latest expiry, then the latest issue) is
/// current; the others are superseded and stay in the history.
public struct CertificateLifecycle: Sendable, Equatable {
    public var key: CertificateKey
    /// Never empty.
    public var versions: [CertificateVersion]

    public var current: CertificateVersion { versions[versions.count - 1] }
    public var superseded: ArraySlice<CertificateVersion> { versions.dropLast() }

    /// Groups records by certificate (type and number), and each certificate's records by validity period.
    /// Records without a number cannot be told apart and are left out.
    public static func of(_ records: [ArchivedCertificate]) -> [CertificateLifecycle] {
        var byKey: [CertificateKey: [ArchivedCertificate]] = [:]
        for record in records {
            guard let number = record.number, !number.isEmpty else { continue }
            byKey[CertificateKey(type: record.type, number: number), default: []].append(record)
        }
        return byKey.map { key, records in
            var versions: [CertificateVersion] = []
            for record in records {
                let issue = record.fields[FieldName.issueDate], expiry = record.fields[FieldName.expiryDate]
                if let index = versions.firstIndex(where: { $0.issueDate == issue && $0.expiryDate == expiry }) {
                    versions[index].records.append(record)
                } else {
                    versions.append(CertificateVersion(issueDate: issue, expiryDate: expiry, records: [record]))
                }
            }
            versions.sort { order($0) < order($1) }
            return CertificateLifecycle(key: key, versions: versions)
        }.sorted { $0.key < $1.key }
    }

    /// Later expiry first decides; a permit (no expiry) or a reissue with the same expiry goes by its issue date.
    private static func order(_ version: CertificateVersion) -> (Int, Int, Int64) {
        let expiry = version.expiry?.dayNumber ?? version.issue?.dayNumber ?? Int.min
        return (expiry, version.issue?.dayNumber ?? Int.min, version.record.itemID ?? 0)
    }
}

extension CertificateVersion {
    /// The 复审 (periodic review) dates a version needs while it is valid: every `years` from its issue, before
    /// its expiry (特种作业操作证: every 3 years). None without a period, an issue date or an expiry.
    public func reviewsDue(every years: Int?) -> [PrintedDate] {
        guard let years, years > 0, let issue, let end = expiry else { return [] }
        return stride(from: years, to: 100, by: years).map { issue.adding(years: $0) }.prefix { $0 < end }.map { $0 }
    }
}

extension CertificateLifecycle {
    /// The items of every version a renewal superseded: what the export flags `superseded`.
    public static func supersededItemIDs(_ accepted: [ArchivedCertificate]) -> Set<Int64> {
        Set(of(accepted).flatMap { $0.superseded.flatMap { $0.records.compactMap(\.itemID) } })
    }
}
