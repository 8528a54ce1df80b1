import IngestCore

/// One certificate's place in the expiry list.
public struct ExpiryWarning: Sendable, Equatable {
    public var certificateNumber: String
    public var type: DocumentType
    public var holder: String
    public var issuer: String
    public var expiryDate: PrintedDate
    /// What falls due first: the certificate's expiry, or a 复审 it needs while valid.
    public var due: Due = .expiry
    /// The day it falls due: the expiry, or the 复审's day.
    public var dueDate: PrintedDate
    /// Days until it falls due; negative once past (expired, or the 复审 overdue).
    public var daysLeft: Int
    /// The item of the certificate's current version, for a link to its record.
    public var itemID: Int64?
    /// Expired, within the first threshold it falls within, or later.
    public var expiryLevel: ExpiryLevel
    /// `expired`, `within_N` or `later`: the level as every output writes it.
    public var level: String { expiryLevel.name }

    public enum Due: String, Sendable {
        case expiry
        /// A 复审 the certificate needs while valid (特种作业操作证: every 3 years from its issue).
        case review
    }

    public init(certificateNumber: String, type: DocumentType, holder: String, issuer: String, expiryDate: PrintedDate,
                daysLeft: Int, level: ExpiryLevel, due: Due = .expiry, dueDate: PrintedDate? = nil) {
        self.certificateNumber = certificateNumber; self.type = type; self.holder = holder; self.issuer = issuer
        self.expiryDate = expiryDate; self.daysLeft = daysLeft; self.expiryLevel = level
        self.due = due; self.dueDate = dueDate ?? expiryDate
    }
}

/// Which archived certificates are expired or expire soon, most urgent first. The same certificate (type and
/// number) seen in several records counts once, by its current version: a renewal supersedes the old card.
public struct ExpiryWarnings: Sendable {
    public static let defaultThresholds = [7, 15, 30]

    /// Days, ascending: the first is the most urgent level.
    public let thresholds: [Int]

    /// Years between the 复审 each type needs while valid (none: only the expiry falls due).
    public let reviewEveryYears: [DocumentType: Int]

    public init(thresholds: [Int] = defaultThresholds, reviewEveryYears: [DocumentType: Int] = [:]) {
        self.thresholds = thresholds.sorted()
        self.reviewEveryYears = reviewEveryYears
    }

    /// The warnings of these settings: their thresholds and their types' 复审.
    public init(_ settings: ComplianceSettings) {
        self.init(thresholds: settings.expiryWarningDays, reviewEveryYears: settings.reviewEveryYears)
    }

    public func warnings(_ certificates: [ArchivedCertificate], asOf: PrintedDate, within: Int) -> [ExpiryWarning] {
        CertificateLifecycle.of(certificates).compactMap { warning(for: $0.current, asOf: asOf) }
            .filter { $0.daysLeft <= within }
            .sorted { ($0.daysLeft, $0.certificateNumber) < ($1.daysLeft, $1.certificateNumber) }
    }

    /// Where a version stands on `asOf`; nil for one without a real expiry date (a 施工许可证). A 复审 falls due
    /// before the expiry: the first one the archive holds no later version for counts as the deadline — the
    /// archive does not know a 复审 was done until a card showing it is taken in.
    public func warning(for version: CertificateVersion, asOf: PrintedDate) -> ExpiryWarning? {
        let record = version.record
        guard let number = record.number, let expiry = version.expiry else { return nil }
        let review = version.reviewsDue(every: reviewEveryYears[record.type]).first
        let (due, dueDate): (ExpiryWarning.Due, PrintedDate) = review.map { (.review, $0) } ?? (.expiry, expiry)
        let days = asOf.days(until: dueDate)
        var warning = ExpiryWarning(certificateNumber: number, type: record.type, holder: record.holder ?? "",
                                    issuer: record.fields[FieldName.issuer] ?? "", expiryDate: expiry, daysLeft: days,
                                    level: level(days), due: due, dueDate: dueDate)
        warning.itemID = record.itemID
        return warning
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
