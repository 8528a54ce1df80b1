import Foundation
import IngestCore

/// The expiry list as a table for people, CSV, JSON Lines, or an iCalendar file with a reminder per certificate.
/// Certificate numbers that hold a 身份证号 (特种作业操作证) are masked in every format.
public enum ExpiryFormat: String, CaseIterable, Sendable {
    case table, csv, jsonl, ics

    /// `reminders`: days before expiry a calendar reminds at (the warning levels); `typeNames`: how a calendar
    /// event names a type (`安全生产许可证`; its id without).
    /// `ids`: the table's and CSV's headings, types and levels as ids (otherwise in Chinese, type names from `typeNames`).
    public func render(_ warnings: [ExpiryWarning], asOf: PrintedDate, reminders: [Int],
                       typeNames: [DocumentType: String] = [:], ids: Bool = true) -> String {
        switch self {
        case .table: return ids ? Self.table(warnings) : Self.chineseTable(warnings, typeNames: typeNames)
        case .csv: return ids ? Self.csv(warnings) : Self.chineseCSV(warnings, typeNames: typeNames)
        case .jsonl: return warnings.map(Self.jsonLine).joined()
        case .ics: return ICalendar.render(warnings, asOf: asOf, reminders: reminders, typeNames: typeNames)
        }
    }

    static func number(_ warning: ExpiryWarning) -> String {
        Masking.displayValue(field: FieldName.certificateNumber, value: warning.certificateNumber, type: warning.type)
    }

    /// Columns aligned for a terminal, Chinese text counted at its drawn width (scripts read csv or jsonl).
    static func table(_ warnings: [ExpiryWarning]) -> String {
        let rows = warnings.map { w in
            [w.level, String(w.daysLeft), w.expiryDate.iso, w.type.rawValue, number(w), w.holder, w.issuer,
             w.due == .review ? "review \(w.dueDate.iso)" : "expiry"]
        }
        return TextColumns.aligned([["level", "days_left", "expiry_date", "type", "certificate_number", "holder", "issuer", "due"]] + rows)
            + "\n\(warnings.count) certificate(s)\n"
    }

    /// The table in Chinese: headings, levels, type names, what falls due, and the count.
    static func chineseTable(_ warnings: [ExpiryWarning], typeNames: [DocumentType: String]) -> String {
        let rows = warnings.map { w in
            [levelName(w), String(w.daysLeft), w.expiryDate.iso, typeNames[w.type] ?? w.type.rawValue, number(w), w.holder,
             w.issuer, w.due == .review ? "复审 \(w.dueDate.iso)" : "有效期"]
        }
        return TextColumns.aligned([["级别", "剩余天数", "有效期至", "证书类型", "证书编号", "持证单位/持证人", "发证机关", "到期事项"]] + rows)
            + "\n共 \(warnings.count) 份证书\n"
    }

    static func csv(_ warnings: [ExpiryWarning]) -> String {
        "\u{FEFF}" + CSVRow.text(["certificate_number", "type", "holder", "issuer", "expiry_date", "days_left", "level", "due", "due_date"])
            + warnings.map { w in
                CSVRow.text([number(w), w.type.rawValue, w.holder, w.issuer, w.expiryDate.iso, String(w.daysLeft), w.level,
                             w.due.rawValue, w.dueDate.iso])
            }.joined()
    }

    /// The same columns for a person with a spreadsheet: Chinese headings, type names and levels.
    static func chineseCSV(_ warnings: [ExpiryWarning], typeNames: [DocumentType: String]) -> String {
        "\u{FEFF}" + CSVRow.text(["证书编号", "证书类型", "持证单位/持证人", "发证机关", "有效期至", "剩余天数", "级别", "到期事项", "到期日"])
            + warnings.map { w in
                CSVRow.text([number(w), typeNames[w.type] ?? w.type.rawValue, w.holder, w.issuer, w.expiryDate.iso,
                             String(w.daysLeft), levelName(w), w.due == .review ? "复审" : "有效期", w.dueDate.iso])
            }.joined()
    }

    /// `expired` 已过期 (a 复审: 复审逾期), `within_7` 7天内到期, `later` 较晚到期.
    public static func levelName(_ w: ExpiryWarning) -> String {
        let level = w.level
        if level == "expired" { return w.due == .review ? "复审逾期" : "已过期" }
        if level.hasPrefix("within_") { return "\(level.dropFirst("within_".count))天内" + (w.due == .review ? "须复审" : "到期") }
        return "较晚到期"
    }

    /// `{"certificate_number", "type", "holder", "issuer", "expiry_date", "days_left", "level"}`, in that order.
    static func jsonLine(_ w: ExpiryWarning) -> String {
        json(w).text + "\n"
    }

    /// One warning as a JSON object, the number masked where it holds an ID number.
    public static func json(_ w: ExpiryWarning) -> OrderedJSON {
        OrderedJSON.object([
            ("certificate_number", .string(number(w))), ("type", .string(w.type.rawValue)), ("holder", .string(w.holder)),
            ("issuer", .string(w.issuer)), ("expiry_date", .string(w.expiryDate.iso)), ("days_left", .int(w.daysLeft)),
            ("level", .string(w.level)), ("due", .string(w.due.rawValue)), ("due_date", .string(w.dueDate.iso)),
        ])
    }
}

/// RFC 5545: an all-day event on each date a certificate falls due (its expiry, or a 复审 it needs), with a
/// reminder at 09:00 local time at each warning level still ahead (30, 15 and 7 days before), or at 09:00 on the
/// day of the list when every level has passed; one already past is an event on the day of the list, reminding
/// that morning. The calendar is named (证书到期提醒) and its zone is the archive's.
enum ICalendar {
    static let calendarName = "证书到期提醒"

    static func render(_ warnings: [ExpiryWarning], asOf: PrintedDate, reminders: [Int],
                       typeNames: [DocumentType: String]) -> String {
        let stamp = asOf.iso.replacingOccurrences(of: "-", with: "") + "T000000Z"
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//certarchive//expiry warnings//ZH", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:" + icsText(calendarName), "X-WR-TIMEZONE:" + LocalTime.zone.identifier]
        for w in warnings {
            let what = "\(typeNames[w.type] ?? w.type.rawValue) \(ExpiryFormat.number(w)) \(w.holder)"
            let past = w.daysLeft < 0
            let summary = (w.due == .review ? (past ? "复审逾期：" : "复审到期：") : (past ? "已过期：" : "证书到期：")) + what
            let day = past ? asOf : w.dueDate
            lines += [
                "BEGIN:VEVENT",
                "UID:\(uid(w))@certarchive",
                "DTSTAMP:\(stamp)",
                "DTSTART;VALUE=DATE:\(day.iso.replacingOccurrences(of: "-", with: ""))",
                "SUMMARY:" + icsText(summary),
                "DESCRIPTION:" + icsText("发证机关：\(w.issuer)\n有效期至：\(w.expiryDate.iso)"
                    + (w.due == .review ? "\n应于 \(w.dueDate.iso) 前复审" : "")),
            ]
            for days in alarms(daysLeft: max(0, w.daysLeft), reminders: reminders) {
                lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:" + morning(daysBefore: days), "DESCRIPTION:" + icsText(summary),
                          "END:VALARM"]
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Days before the event to remind at: each level not yet passed, nearest last; when all have passed, the
    /// event's own day counted from the list's (a reminder set after its moment would never ring).
    static func alarms(daysLeft: Int, reminders: [Int]) -> [Int] {
        let ahead = reminders.filter { $0 <= daysLeft }.sorted(by: >)
        return ahead.isEmpty ? [daysLeft] : ahead
    }

    /// A trigger at 09:00 `days` days before an all-day event (which starts at 00:00 local time).
    static func morning(daysBefore days: Int) -> String {
        days == 0 ? "PT9H" : "-P\(days - 1)DT15H"
    }

    /// Stable per certificate (type and number), without writing the number itself (it may hold an ID number).
    static func uid(_ w: ExpiryWarning) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in (w.type.rawValue + "|" + w.certificateNumber).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// Text as an iCalendar TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped.
    static func icsText(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        var folded = "", octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > 75 {
                folded += "\r\n "
                octets = 1
            }
            folded.append(character)
            octets += size
        }
        return folded
    }
}
