import IngestCore

/// Finds a certificate's fields by their printed labels, as a model describes them, and normalises each value.
public struct FieldExtractor: Sendable {
    public let model: ExtractionModel
    private let labels: [(text: [Character], field: String?)]

    public init(model: ExtractionModel) {
        self.model = model
        let own = model.fields.flatMap { name, spec in spec.labels.map { (Array($0), Optional(name)) } }
        let others = model.otherLabels.map { (Array($0), String?.none) }
        // Longest first, so 有效期限 wins over 有效期 and 证书编号 over 编号.
        labels = (own + others).sorted { $0.0.count > $1.0.count }
    }

    /// `words` are the recogniser's words that the lines' word indices refer to (empty for a text layer).
    public func extract(lines: [TextLine], words: [RecognizedWord]) -> [String: ExtractedField] {
        var found: [String: ExtractedField] = [:]
        let matchesPerLine = lines.map(labelMatches)
        for (i, line) in lines.enumerated() {
            let matches = matchesPerLine[i]
            for (k, match) in matches.enumerated() {
                guard let field = match.field, found[field] == nil, let spec = model.fields[field] else { continue }
                let end = k + 1 < matches.count ? matches[k + 1].start : line.characters.count
                var segment = valueRange(in: line, from: match.end, to: end)
                var spanEnd = end
                var source = line
                // A label alone on its line: the value is printed on the next line.
                if segment.isEmpty, i + 1 < lines.count, matchesPerLine[i + 1].isEmpty {
                    source = lines[i + 1]
                    spanEnd = source.characters.count
                    segment = valueRange(in: source, from: 0, to: spanEnd)
                }
                guard !segment.isEmpty,
                      var field = read(spec, in: source, range: segment, span: segment.lowerBound..<spanEnd,
                                       words: words) else { continue }
                field.labelBox = Self.box(of: match.start..<match.end, in: line, words: words)
                found[match.field!] = field
            }
        }
        return found
    }

    // MARK: labels

    private struct LabelMatch {
        var start: Int, end: Int  // positions in the line's characters; end is one past the label
        var field: String?
    }

    static let separators: Set<Character> = [":", ";", ",", ".", "·", "：", "；"]

    /// Labels found in a line, left to right, without overlaps. A label counts at the start of the line or
    /// when a separator follows it, so that a word inside a value is not taken for one.
    private func labelMatches(in line: TextLine) -> [LabelMatch] {
        let (chars, positions) = line.compacted()
        var result: [LabelMatch] = []
        var p = 0
        scan: while p < chars.count {
            for label in labels where p + label.text.count <= chars.count {
                let n = label.text.count
                guard Self.similar(Array(chars[p..<p + n]), label.text) else { continue }
                let followedBySeparator = p + n < chars.count && Self.separators.contains(chars[p + n])
                guard p == 0 || followedBySeparator else { continue }
                result.append(LabelMatch(start: positions[p], end: positions[p + n - 1] + 1, field: label.field))
                p += n
                continue scan
            }
            p += 1
        }
        return result
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

    // MARK: values

    /// The value's character range: after leading separators and spaces, up to a column break.
    private func valueRange(in line: TextLine, from start: Int, to end: Int) -> Range<Int> {
        var s = start
        while s < end, line.characters[s].isWhitespace || Self.separators.contains(line.characters[s]) { s += 1 }
        var e = s
        while e < end {
            if line.characters[e] == " ", e + 1 < end, line.characters[e + 1] == " " { break }
            e += 1
        }
        while e > s, line.characters[e - 1].isWhitespace { e -= 1 }
        return s..<e
    }

    /// The field read from `range`; `span` reaches on to the next label or the end of the line, past any gap:
    /// the region a second reading looks at, in case a stain or seal cut the value short.
    private func read(_ spec: FieldSpec, in line: TextLine, range: Range<Int>, span: Range<Int>,
                      words: [RecognizedWord]) -> ExtractedField? {
        let raw = String(line.characters[range])
        let value = spec.value(of: raw)
        guard !value.isEmpty else { return nil }
        var field = ExtractedField(value: value, raw: raw, confidence: line.minimumConfidence(in: range),
                                   box: Self.box(of: range, in: line, words: words))
        field.span = Self.box(of: span, in: line, words: words)
        return field
    }

    private static func box(of range: Range<Int>, in line: TextLine, words: [RecognizedWord]) -> Box? {
        let indices = Set(range.compactMap { line.characters[$0].isWhitespace ? nil : line.wordIndices[$0] })
        return Box.union(of: indices.compactMap { words.indices.contains($0) ? words[$0].box : nil })
    }
}
