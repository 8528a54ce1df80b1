import IngestCore

/// The geometry of a page's lines: each line's cells (runs of text between column breaks) and the boxes of
/// character ranges, from the words the lines were built of. Lines without boxes (text given as lines) still
/// have cells; what needs a box then falls back to reading order.
struct LineLayout {
    let lines: [TextLine]
    let words: [RecognizedWord]

    /// Marks a recogniser leaves in the gap between a label and a value set far to its right, and that frame a
    /// value: never part of it.
    static let strayMarks: Set<Character> = ["\"", "”", "“", "'", "‘", "’", ",", "，", ".", "。", "、", "|", "_", "—",
                                             "-", "~", "`", "!", ";", ":", "：", "»", "«", "*", "^"]

    /// The box of a character range of line `line`; nil when its words carry no boxes. A word only partly in the
    /// range gives the slice of its box its characters in the range take (a recogniser that reads a label and its
    /// value as one word, `姓名:赵强`, still gives the value a box of its own): Han characters count full width,
    /// others a little over half.
    func box(line: Int, _ range: Range<Int>) -> Box? {
        let text = lines[line]
        // Each character that is not a space, with the word it belongs to.
        let positions = text.characters.indices.compactMap { index -> (word: Int, index: Int)? in
            guard !text.characters[index].isWhitespace, let word = text.wordIndices[index] else { return nil }
            return (word, index)
        }
        var pieces: [Box] = []
        for (word, members) in Dictionary(grouping: positions, by: \.word) {
            guard words.indices.contains(word), let whole = words[word].box else { continue }
            let its = members.map(\.index)
            let inRange = its.filter { range.contains($0) }
            guard let lowest = inRange.min(), let highest = inRange.max() else { continue }
            guard inRange.count < its.count else { pieces.append(whole); continue }
            let sorted = its.sorted()
            let widths = sorted.map { TextNormalizer.isCJK(text.characters[$0]) ? 1.0 : 0.55 }
            let scale = Double(whole.width) / widths.reduce(0, +)
            guard let first = sorted.firstIndex(of: lowest), let last = sorted.firstIndex(of: highest) else { continue }
            let x = whole.x + Int(widths[..<first].reduce(0, +) * scale)
            let maxX = whole.x + Int((widths[...last].reduce(0, +) * scale).rounded())
            pieces.append(Box(x: x, y: whole.y, width: max(1, maxX - x), height: whole.height))
        }
        return Box.union(of: pieces)
    }

    /// The cells of `line` within `from..<to`: ranges between column breaks (two or more spaces), each trimmed of
    /// spaces and stray marks; cells holding no letter, digit or Han character are left out.
    func cells(line: Int, from: Int, to: Int) -> [Range<Int>] {
        let chars = lines[line].characters
        var result: [Range<Int>] = []
        var start = from, i = from
        func close(_ end: Int) {
            if let trimmed = Self.trimmed(chars, start..<end) { result.append(trimmed) }
        }
        while i < to {
            if chars[i] == " ", i + 1 < to, chars[i + 1] == " " {
                close(i)
                while i < to, chars[i] == " " { i += 1 }
                start = i
                continue
            }
            i += 1
        }
        close(to)
        return result
    }

    /// The first cell with text after a label on its own row.
    func firstCell(line: Int, from: Int, to: Int) -> Range<Int>? {
        guard from < to else { return nil }
        return cells(line: line, from: from, to: to).first
    }

    /// A range without white space and stray marks at its ends; nil when nothing meaningful is left.
    static func trimmed(_ chars: [Character], _ range: Range<Int>) -> Range<Int>? {
        var s = range.lowerBound, e = range.upperBound
        while s < e, chars[s].isWhitespace || strayMarks.contains(chars[s]) { s += 1 }
        while e > s, chars[e - 1].isWhitespace || strayMarks.contains(chars[e - 1]) { e -= 1 }
        guard s < e, chars[s..<e].contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        return s..<e
    }

    /// The value of a label whose row holds none after it: the first cell in the next lines (within three label
    /// heights below) that stands in the label's column — starting no further left than two characters before
    /// the label, and before `columnEnd` (the next label on the label's row) — and does not begin with a label.
    /// Without boxes: the next line, when it holds no label. Returns the line, the range and where the span ends.
    func valueBelow(label line: Int, _ labelRange: Range<Int>, columnEnd: Int?,
                    matchesPerLine: [[LabelFinder.Match]]) -> (line: Int, range: Range<Int>, spanEnd: Int)? {
        guard let labelBox = box(line: line, labelRange) else {
            guard line + 1 < lines.count, matchesPerLine[line + 1].isEmpty,
                  let range = firstCell(line: line + 1, from: 0, to: lines[line + 1].characters.count) else { return nil }
            return (line + 1, range, lines[line + 1].characters.count)
        }
        let h = max(1, labelBox.height)
        for j in (line + 1)..<min(line + 4, lines.count) {
            let count = lines[j].characters.count
            guard let rowBox = box(line: j, 0..<count) else { continue }
            if rowBox.y - labelBox.maxY > 3 * h { break }
            let labels = matchesPerLine[j]
            for cell in cells(line: j, from: 0, to: count) {
                guard let cellBox = box(line: j, cell), cellBox.x >= labelBox.x - 2 * h, cellBox.maxX > labelBox.x,
                      cellBox.x < (columnEnd ?? Int.max) else { continue }
                if labels.contains(where: { $0.start <= cell.lowerBound + 1 && $0.end > cell.lowerBound }) {
                    return nil  // the column goes on with another label: this one has no value
                }
                let end = labels.first(where: { $0.start > cell.lowerBound && $0.start < cell.upperBound })?.start
                    ?? cell.upperBound
                guard let range = Self.trimmed(lines[j].characters, cell.lowerBound..<end) else { continue }
                return (j, range, end)
            }
        }
        return nil
    }
}
