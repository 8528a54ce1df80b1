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
    /// `expired`, or `within_N` for the first threshold N it falls within.
    public var level: String

    public init(certificateNumber: String, type: DocumentType, holder: String, issuer: String, expiryDate: PrintedDate,
                daysLeft: Int, level: String) {
        self.certificateNumber = certificateNumber; self.type = type; self.holder = holder; self.issuer = issuer
        self.expiryDate = expiryDate; self.daysLeft = daysLeft; self.level = level
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
        warning.level == "expired" || warning.level == thresholds.first.map(Self.levelName)
    }

    public func level(_ days: Int) -> String {
        if days < 0 { return "expired" }
        return thresholds.first { days <= $0 }.map(Self.levelName) ?? "later"
    }

    static func levelName(_ days: Int) -> String { "within_\(days)" }

    /// Days from one date to another (negative when `to` is earlier), by the proleptic Gregorian calendar.
    public static func days(from: PrintedDate, to: PrintedDate) -> Int {
        from.days(until: to)
    }
}
