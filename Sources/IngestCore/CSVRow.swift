/// One CSV row (RFC 4180, CRLF), safe to open in a spreadsheet.
public enum CSVRow {
    public static func text(_ values: [String]) -> String {
        values.map(cell).joined(separator: ",") + "\r\n"
    }

    /// A run of digits a spreadsheet would read as a number and spoil: more than 11 digits (an 18-digit 身份证号,
    /// credit code or 施工许可证编号 loses its last digits, 12 to 15 are shown in exponent form) or a leading zero.
    /// Such a cell is written as the formula `="…"`, which Excel and LibreOffice Calc both show as the text.
    static func losesDigitsAsANumber(_ value: String) -> Bool {
        guard value.count >= 2, value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        return value.count > 11 || value.hasPrefix("0")
    }

    /// One value as a cell. Looked at by Unicode scalar: `"\r\n"` is one Character, and a lone CR or LF, or one
    /// fused with a combining mark, must still be quoted. A value a spreadsheet would take as a formula (it begins
    /// with = + - @, TAB or CR and is not a plain number) is written after an apostrophe.
    static func cell(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first),
           cell.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) == nil {
            cell = "'" + cell
        }
        if Self.losesDigitsAsANumber(cell) { cell = "=\"" + cell + "\"" }
        guard cell.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return cell }
        var quoted = String.UnicodeScalarView()
        for scalar in cell.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append(scalar) }
        }
        return "\"" + String(quoted) + "\""
    }
}
