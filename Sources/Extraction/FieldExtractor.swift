import IngestCore

/// Finds a certificate's fields by their printed labels, wherever the design puts the value: after the label on
/// its row at any distance (the gap's stray marks skipped), in the next cell of a ruled form, or below the label
/// in its column. Each value is normalised as its model describes it.
public struct FieldExtractor: Sendable {
    public let model: ExtractionModel
    private let finder: LabelFinder
    /// Each field's `rows` pattern, compiled once.
    let rowPatterns: [String: CompiledPattern]

    public init(model: ExtractionModel) {
        self.model = model
        finder = LabelFinder(model: model)
        rowPatterns = model.fields.compactMapValues { $0.rows.map(CompiledPattern.init) }
    }

    /// Where a label's value was found: a character range of one line. `field` is nil for a printed item the
    /// model does not extract (工程名称, 性别): its value is still claimed, so no other finder takes it.
    public struct Claim: Sendable {
        public var line: Int
        public var range: Range<Int>
        public var field: String?
    }

    /// `words` are the recogniser's words that the lines' word indices refer to (empty for lines without boxes).
    public func extract(lines: [TextLine], words: [RecognizedWord]) -> [String: ExtractedField] {
        extractWithClaims(lines: lines, words: words).fields
    }

    public func extractWithClaims(lines: [TextLine], words: [RecognizedWord])
        -> (fields: [String: ExtractedField], claims: [Claim]) {
        let layout = LineLayout(lines: lines, words: words)
        let matchesPerLine = lines.map(finder.matches)
        var found: [String: ExtractedField] = [:]
        var claims: [Claim] = []
        for (i, line) in lines.enumerated() {
            let matches = matchesPerLine[i]
            for (k, match) in matches.enumerated() {
                let limit = k + 1 < matches.count ? matches[k + 1].start : line.characters.count
                var located: (line: Int, range: Range<Int>, spanEnd: Int)?
                if let range = layout.firstCell(line: i, from: match.valueStart, to: limit) {
                    located = (i, range, limit)
                } else {
                    let columnEnd = k + 1 < matches.count ? layout.box(line: i, matches[k + 1].start..<matches[k + 1].end)?.x : nil
                    located = layout.valueBelow(label: i, match.start..<match.end, columnEnd: columnEnd,
                                                matchesPerLine: matchesPerLine)
                }
                guard let located else { continue }
                claims.append(Claim(line: located.line, range: located.range, field: match.field))
                guard let name = match.field, found[name] == nil, let spec = model.fields[name],
                      var field = read(spec, in: lines[located.line], range: located.range,
                                       span: located.range.lowerBound..<located.spanEnd, layout: layout,
                                       line: located.line) else { continue }
                field.labelBox = layout.box(line: i, match.start..<match.end)
                if let rows = rowPatterns[name]?.regex {
                    let more = followingRows(of: &field, from: located.line, rows: rows, spec: spec, lines: lines,
                                             layout: layout, matchesPerLine: matchesPerLine)
                    claims += more.map { Claim(line: $0, range: 0..<lines[$0].characters.count, field: name) }
                }
                found[name] = field
            }
        }
        return (found, claims)
    }

    /// The field read from `range`; `span` reaches on to the next label or the end of the line, past any gap:
    /// the region a second reading looks at, in case a stain or seal cut the value short.
    private func read(_ spec: FieldSpec, in line: TextLine, range: Range<Int>, span: Range<Int>,
                      layout: LineLayout, line index: Int) -> ExtractedField? {
        let raw = String(line.characters[range])
        let value = spec.value(of: raw)
        guard !value.isEmpty else { return nil }
        var field = ExtractedField(value: value, raw: raw, confidence: line.minimumConfidence(in: range),
                                   box: layout.box(line: index, range))
        field.span = layout.box(line: index, span)
        return field
    }
}
