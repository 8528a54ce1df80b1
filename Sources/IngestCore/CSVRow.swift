/// One CSV row (RFC 4180, CRLF), safe to open in a spreadsheet.
public enum CSVRow {
    public static func text(_ values: [String]) -> String {
        values.map(cell).joined(separator: ",") + "\r\n"
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
        guard cell.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return cell }
        var quoted = String.UnicodeScalarView()
        for scalar in cell.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append(scalar) }
        }
        return "\"" + String(quoted) + "\""
    }
}
