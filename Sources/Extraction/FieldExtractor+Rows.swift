import IngestCore

extension FieldExtractor {
    /// A value printed a row a line: `field` (its first row, read from line `first`) takes the rows below it, each
    /// a line that holds no label, begins in the value's column, lies within three rows' height of the one above (as `LineLayout.valueBelow` looks) and
    /// is a row by `rows`. The rows are joined by `；` and the boxes by union. Returns the lines taken.
    func followingRows(of field: inout ExtractedField, from first: Int, rows: Regex<AnyRegexOutput>, spec: FieldSpec,
                       lines: [TextLine], layout: LineLayout, matchesPerLine: [[LabelFinder.Match]]) -> [Int] {
        guard (try? rows.wholeMatch(in: field.value)) != nil else { return [] }
        var values = [field.value], raws = [field.raw], taken: [Int] = []
        var last = field.box
        for j in (first + 1)..<lines.count {
            guard matchesPerLine[j].isEmpty else { break }
            let count = lines[j].characters.count
            let value = spec.value(of: lines[j].text)
            guard !value.isEmpty, (try? rows.wholeMatch(in: value)) != nil else { break }
            let box = layout.box(line: j, 0..<count)
            if let box, let above = last {
                let rowHeight = max(1, above.height)
                guard box.y - above.maxY <= 3 * rowHeight, abs(box.x - above.x) <= 2 * rowHeight else { break }
            }
            values.append(value)
            raws.append(lines[j].text)
            field.confidence = min(field.confidence, lines[j].minimumConfidence(in: 0..<count))
            field.box = Box.union(of: [field.box, box].compactMap { $0 })
            field.span = Box.union(of: [field.span, box].compactMap { $0 })
            last = box ?? last
            taken.append(j)
        }
        field.value = values.joined(separator: "；")
        field.raw = raws.joined(separator: "\n")
        return taken
    }
}
