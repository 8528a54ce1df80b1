import Foundation
import IngestCore

/// The expiry list as a table for people, CSV, JSON Lines, or an iCalendar file with a reminder per certificate.
/// Certificate numbers that hold a 身份证号 (特种作业操作证) are masked in every format.
public enum ExpiryFormat: String, CaseIterable, Sendable {
    case table, csv, jsonl, ics

    /// `reminders`: days before expiry a calendar reminds at (the warning levels); `typeNames`: how a calendar
    /// event names a type (`安全生产许可证`; its id without).
    /// `ids`: the CSV's headings, types and levels as ids (otherwise in Chinese, type names from `typeNames`).
    public func render(_ warnings: [ExpiryWarning], asOf: PrintedDate, reminders: [Int],
                       typeNames: [DocumentType: String] = [:], ids: Bool = true) -> String {
        switch self {
        case .table: return Self.table(warnings)
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
            [w.level, String(w.daysLeft), w.expiryDate.iso, w.type.rawValue, number(w), w.holder, w.issuer]
        }
        return TextColumns.aligned([["level", "days_left", "expiry_date", "type", "certificate_number", "holder", "issuer"]] + rows)
            + "\n\(warnings.count) certificate(s)\n"
    }

    static func csv(_ warnings: [ExpiryWarning]) -> String {
        "\u{FEFF}" + CSVRow.text(["certificate_number", "type", "holder", "issuer", "expiry_date", "days_left", "level"])
            + warnings.map { w in
                CSVRow.text([number(w), w.type.rawValue, w.holder, w.issuer, w.expiryDate.iso, String(w.daysLeft), w.level])
            }.joined()
    }

    /// The same columns for a person with a spreadsheet: Chinese headings, type names and levels.
    static func chineseCSV(_ warnings: [ExpiryWarning], typeNames: [DocumentType: String]) -> String {
        "\u{FEFF}" + CSVRow.text(["证书编号", "证书类型", "持证单位/持证人", "发证机关", "有效期至", "剩余天数", "级别"])
            + warnings.map { w in
                CSVRow.text([number(w), typeNames[w.type] ?? w.type.rawValue, w.holder, w.issuer, w.expiryDate.iso,
                             String(w.daysLeft), levelName(w.level)])
            }.joined()
    }

    /// `expired` 已过期, `within_7` 7天内到期, `later` 30天以后.
    static func levelName(_ level: String) -> String {
        if level == "expired" { return "已过期" }
        if level.hasPrefix("within_") { return "\(level.dropFirst("within_".count))天内到期" }
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
            ("level", .string(w.level)),
        ])
    }
}

/// RFC 5545: an all-day event on each expiry date, with a reminder at each warning level still ahead (30, 15 and 7
/// days before), or on the day of the list when every level has passed.
enum ICalendar {
    static func render(_ warnings: [ExpiryWarning], asOf: PrintedDate, reminders: [Int],
                       typeNames: [DocumentType: String]) -> String {
        let stamp = asOf.iso.replacingOccurrences(of: "-", with: "") + "T000000Z"
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//certarchive//expiry warnings//ZH", "CALSCALE:GREGORIAN"]
        for w in warnings {
            let summary = "证书到期：\(typeNames[w.type] ?? w.type.rawValue) \(ExpiryFormat.number(w)) \(w.holder)"
            lines += [
                "BEGIN:VEVENT",
                "UID:\(uid(w))@certarchive",
                "DTSTAMP:\(stamp)",
                "DTSTART;VALUE=DATE:\(w.expiryDate.iso.replacingOccurrences(of: "-", with: ""))",
                "SUMMARY:" + icsText(summary),
                "DESCRIPTION:" + icsText("发证机关：\(w.issuer)\n有效期至：\(w.expiryDate.iso)"),
            ]
            for days in alarms(daysLeft: w.daysLeft, reminders: reminders) {
                lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P\(days)D", "DESCRIPTION:" + icsText(summary), "END:VALARM"]
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Days before expiry to remind at: each level not yet passed, nearest last; when all have passed, the list's
    /// own day (a reminder set after its moment would never ring); none once expired.
    static func alarms(daysLeft: Int, reminders: [Int]) -> [Int] {
        guard daysLeft >= 0 else { return [] }
        let ahead = reminders.filter { $0 <= daysLeft }.sorted(by: >)
        return ahead.isEmpty ? [daysLeft] : ahead
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
