/// One CSV record for spreadsheets: RFC 4180 quoting and a CRLF line end; a cell a spreadsheet would run as a
/// formula (starting with = + - @) gets a leading quote — but a plain number (`-94` days left) stays a number.
public enum CSVRow {
    public static func text(_ values: [String]) -> String {
        values.map { value in
            var v = value
            if let first = v.first, "=+-@".contains(first), v.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) == nil { v = "'" + v }
            guard v.contains(where: { ",\"\r\n".contains($0) }) else { return v }
            return "\"" + v.replacing("\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
