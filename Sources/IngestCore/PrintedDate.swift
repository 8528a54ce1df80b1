/// A calendar date as printed, not yet checked to be real (that is a validation rule: 2024年02月30日 parses).
public struct PrintedDate: Hashable, Sendable, Comparable {
    public var year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n); return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Whether the date exists in the Gregorian calendar.
    public var isReal: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    public static func < (a: PrintedDate, b: PrintedDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

extension PrintedDate {
    /// Days since 1970-01-01 by the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01 (civil_from_days).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days from this date to `other` (negative when `other` is earlier).
    public func days(until other: PrintedDate) -> Int { other.dayNumber - dayNumber }

    public func adding(days: Int) -> PrintedDate { PrintedDate(dayNumber: dayNumber + days) }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> PrintedDate {
        var date = PrintedDate(year: year + years, month: month, day: day)
        while !date.isReal && date.day > 28 { date.day -= 1 }
        return date
    }

    /// Whether this date ends a period of exactly `years` from `start` as certificates print it: the day before
    /// the anniversary, the anniversary itself, or the day before the start carried `years` on (2025-03-01 to
    /// 2028-02-28, where the day before the anniversary is 29 February).
    public func endsPeriod(of years: Int, from start: PrintedDate) -> Bool {
        let anniversary = start.adding(years: years)
        return self == anniversary || self == anniversary.adding(days: -1)
            || self == start.adding(days: -1).adding(years: years)
    }
}
