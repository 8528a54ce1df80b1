import IngestCore

/// One certificate's place in the expiry list.
public struct ExpiryWarning: Sendable, Equatable {
    public var certificateNumber: String
    public var type: DocumentType
    public var holder: String
    public var issuer: String
    public var expiryDate: PrintedDate
    /// Negative once expired.
    public var daysLeft: Int
    /// Expired, within the first threshold it falls within, or later.
    public var expiryLevel: ExpiryLevel
    /// `expired`, `within_N` or `later`: the level as every output writes it.
    public var level: String { expiryLevel.name }

    public init(certificateNumber: String, type: DocumentType, holder: String, issuer: String, expiryDate: PrintedDate,
                daysLeft: Int, level: ExpiryLevel) {
        self.certificateNumber = certificateNumber; self.type = type; self.holder = holder; self.issuer = issuer
        self.expiryDate = expiryDate; self.daysLeft = daysLeft; self.expiryLevel = level
    }
}

/// Which archived certificates are expired or expire soon, most urgent first. The same certificate (type and
/// number) seen in several records counts once, by its current version: a renewal supersedes the old card.
public struct ExpiryWarnings: Sendable {
    public static let defaultThresholds = [7, 15, 30]

    /// Days, ascending: the first is the most urgent level.
    public let thresholds: [Int]

    public init(thresholds: [Int] = defaultThresholds) {
        self.thresholds = thresholds.sorted()
    }

    public func warnings(_ certificates: [ArchivedCertificate], asOf: PrintedDate, within: Int) -> [ExpiryWarning] {
        CertificateLifecycle.of(certificates).compactMap { warning(for: $0.current, asOf: asOf) }
            .filter { $0.daysLeft <= within }
            .sorted { ($0.daysLeft, $0.certificateNumber) < ($1.daysLeft, $1.certificateNumber) }
    }

    /// Where a version stands on `asOf`; nil for one without a real expiry date (a 施工许可证).
    public func warning(for version: CertificateVersion, asOf: PrintedDate) -> ExpiryWarning? {
        let record = version.record
        guard let number = record.number, let expiry = version.expiry else { return nil }
        let days = asOf.days(until: expiry)
        return ExpiryWarning(certificateNumber: number, type: record.type, holder: record.holder ?? "",
                             issuer: record.fields[FieldName.issuer] ?? "", expiryDate: expiry, daysLeft: days,
                             level: level(days))
    }

    /// Expired, or within the first (most urgent) threshold: what cron must hear about.
    public func isUrgent(_ warning: ExpiryWarning) -> Bool {
        switch warning.expiryLevel {
        case .expired: true
        case let .within(days): days == thresholds.first
        case .later: false
        }
    }

    public func level(_ days: Int) -> ExpiryLevel {
        if days < 0 { return .expired }
        return thresholds.first { days <= $0 }.map(ExpiryLevel.within) ?? .later
    }

    /// Days from one date to another (negative when `to` is earlier), by the proleptic Gregorian calendar.
    public static func days(from: PrintedDate, to: PrintedDate) -> Int {
        from.days(until: to)
    }
}

/// How near a certificate is to its expiry, by the warning thresholds.
public enum ExpiryLevel: Sendable, Equatable {
    case expired
    /// Within this many days: the first threshold the days left fall within.
    case within(Int)
    /// Beyond every threshold.
    case later

    /// `expired`, `within_N` or `later`, as the outputs write it.
    public var name: String {
        switch self {
        case .expired: "expired"
        case let .within(days): "within_\(days)"
        case .later: "later"
        }
    }
}
