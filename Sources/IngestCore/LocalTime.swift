import Foundation

/// Times as people at the archive read them: in the archive's zone (`CERTARCHIVE_TIME_ZONE`, an IANA name;
/// Beijing time by default), `2026-12-07 20:05`. Stored times stay ISO 8601 in UTC; only what is shown changes.
public enum LocalTime {
    public static let zone: TimeZone = {
        let named = ProcessInfo.processInfo.environment["CERTARCHIVE_TIME_ZONE"].flatMap(TimeZone.init(identifier:))
        return named ?? TimeZone(identifier: "Asia/Shanghai") ?? .current
    }()

    /// What the zone is called beside a time: 北京时间, else its IANA name.
    public static var zoneName: String {
        zone.identifier == "Asia/Shanghai" ? "北京时间" : zone.identifier
    }

    /// `2026-12-07 20:05` in the archive's zone.
    public static func text(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// A stored ISO 8601 time (`2026-12-07T12:05:00Z`) as `text` shows it; as stored when it does not parse.
    public static func text(iso: String) -> String {
        ISO8601DateFormatter().date(from: iso).map(text) ?? iso
    }
}
