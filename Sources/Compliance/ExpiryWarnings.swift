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

/// A certificate as the archive holds it, reduced to what expiry needs.
public struct ArchivedCertificate: Sendable {
    public var type: DocumentType
    public var fields: [String: String]

    public init(type: DocumentType, fields: [String: String]) {
        self.type = type; self.fields = fields
    }
}

/// Which archived certificates are expired or expire soon, most urgent first. The same certificate (type and
/// number) seen in several records counts once, with its latest expiry: a renewal replaces the old card.
public struct ExpiryWarnings: Sendable {
    public static let defaultThresholds = [7, 15, 30]

    /// Days, ascending: the first is the most urgent level.
    public let thresholds: [Int]

    public init(thresholds: [Int] = defaultThresholds) {
        self.thresholds = thresholds.sorted()
    }

    public func warnings(_ certificates: [ArchivedCertificate], asOf: PrintedDate, within: Int) -> [ExpiryWarning] {
        var latest: [String: ExpiryWarning] = [:]
        for certificate in certificates {
            guard let number = certificate.fields[FieldName.certificateNumber],
                  let expiry = certificate.fields[FieldName.expiryDate].flatMap(PrintedDate.init(iso:)), expiry.isReal
            else { continue }
            let days = Self.days(from: asOf, to: expiry)
            let warning = ExpiryWarning(
                certificateNumber: number, type: certificate.type, holder: certificate.fields[FieldName.holder] ?? "",
                issuer: certificate.fields[FieldName.issuer] ?? "", expiryDate: expiry, daysLeft: days, level: level(days))
            let key = certificate.type.rawValue + "|" + number
            if let known = latest[key], known.expiryDate >= expiry { continue }
            latest[key] = warning
        }
        return latest.values.filter { $0.daysLeft <= within }
            .sorted { ($0.daysLeft, $0.certificateNumber) < ($1.daysLeft, $1.certificateNumber) }
    }

    /// Expired, or within the first (most urgent) threshold: what cron must hear about.
    public func isUrgent(_ warning: ExpiryWarning) -> Bool {
        warning.level == "expired" || warning.level == thresholds.first.map(Self.levelName)
    }

    func level(_ days: Int) -> String {
        if days < 0 { return "expired" }
        return thresholds.first { days <= $0 }.map(Self.levelName) ?? "later"
    }

    static func levelName(_ days: Int) -> String { "within_\(days)" }

    /// Days from one date to another (negative when `to` is earlier), by the proleptic Gregorian calendar.
    public static func days(from: PrintedDate, to: PrintedDate) -> Int {
        dayNumber(to) - dayNumber(from)
    }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    static func dayNumber(_ date: PrintedDate) -> Int {
        let y = date.month <= 2 ? date.year - 1 : date.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
