import IngestCore

/// Finds a model's printed labels anywhere in a line, tolerating one misread character in four, spaced-out
/// labels (姓　　名) and an English half after a slash (姓名/Name).
struct LabelFinder: Sendable {
    /// Own fields' labels (field set) and other printed items' labels (field nil), longest first, so that
    /// 有效期限 wins over 有效期 and 证书编号 over 编号.
    let labels: [(text: [Character], field: String?)]

    init(model: ExtractionModel) {
        let own = model.fields.flatMap { name, spec in spec.labels.map { (Array($0), Optional(name)) } }
        let others = model.otherLabels.map { (Array($0), String?.none) }
        labels = (own + others).sorted { $0.0.count > $1.0.count }
    }

    struct Match: Sendable {
        /// Positions in the line's characters; `end` is one past the label.
        var start: Int, end: Int
        var field: String?
        /// Where the value may begin: past separators and an English half (`/Name`, `/Cert No.`).
        var valueStart: Int
    }

    static let separators: Set<Character> = [":", ";", ",", ".", "·", "：", "；"]

    /// Labels found in a line, left to right, without overlaps. A label counts unless it sits inside a run of
    /// text with no break on either side (a word inside a value is not taken for one).
    func matches(in line: TextLine) -> [Match] {
        let (chars, positions) = line.compacted()
        var result: [Match] = []
        var p = 0
        // Exact labels first, then with a misread character: 身份证号 then 发证机关 is not 身份证号码 then 证机关.
        let passes: [([Character], [Character]) -> Bool] = [{ $0 == $1 }, Self.similar]
        scan: while p < chars.count {
            for matches in passes {
                for label in labels where p + label.text.count <= chars.count {
                    let n = label.text.count
                    guard matches(Array(chars[p..<p + n]), label.text) else { continue }
                    let start = positions[p], end = positions[p + n - 1] + 1
                    guard Self.standsApart(line.characters, start: start, end: end) else { continue }
                    result.append(Match(start: start, end: end, field: label.field,
                                        valueStart: Self.valueStart(in: line.characters, after: end)))
                    p += n
                    continue scan
                }
            }
            p += 1
        }
        return result
    }

    /// A label stands apart when a break (line edge, space, separator, slash) is on at least one side of it.
    static func standsApart(_ chars: [Character], start: Int, end: Int) -> Bool {
        func isBreak(_ i: Int) -> Bool {
            guard chars.indices.contains(i) else { return true }
            let c = chars[i]
            return c.isWhitespace || separators.contains(c) || "/|()[]".contains(c)
        }
        func startsValue(_ i: Int) -> Bool {  // a number printed straight after its label: 证号T2101…
            chars.indices.contains(i) && (chars[i].isASCII && (chars[i].isLetter || chars[i].isNumber))
        }
        return isBreak(start - 1) || isBreak(end) || startsValue(end)
    }

    /// The first position after a label where its value may begin: separators, spaces and an English half
    /// (`/Name`, `| ID No.`) skipped. Latin words are skipped only after a slash, and only words of letters alone,
    /// so a value such as `T2101…` or `D2210…` stays.
    static func valueStart(in chars: [Character], after end: Int) -> Int {
        var i = end
        func skipSpacesAndSeparators() {
            while i < chars.count, chars[i].isWhitespace || separators.contains(chars[i]) { i += 1 }
        }
        skipSpacesAndSeparators()
        guard i < chars.count, chars[i] == "/" || chars[i] == "|" else { return i }
        i += 1
        while i < chars.count {
            var j = i
            while j < chars.count, chars[j] == " " { j += 1 }
            var k = j
            while k < chars.count, chars[k].isASCII, chars[k].isLetter || chars[k] == "." { k += 1 }
            let wordEnds = k == chars.count || !(chars[k].isASCII && (chars[k].isLetter || chars[k].isNumber))
            guard k > j, wordEnds, j - i <= 1 else { break }
            i = k
        }
        skipSpacesAndSeparators()
        return i
    }

    /// Equal but for one misread character in four (labels of four or more characters).
    static func similar(_ a: [Character], _ b: [Character]) -> Bool {
        guard a.count == b.count else { return false }
        let allowed = b.count / 4
        var mismatches = 0
        for (x, y) in zip(a, b) where x != y {
            mismatches += 1
            if mismatches > allowed { return false }
        }
        return mismatches == 0 || (a.first == b.first || a.last == b.last)
    }
}
