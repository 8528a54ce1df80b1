import IngestCore

/// Rebuilds reading lines from words by their boxes, whatever blocks the recogniser grouped them into:
/// a label and its value printed on one row end up on one line even when layout analysis split them apart.
public enum LineBuilder {
    public static func lines(of page: RecognizedPage) -> [TextLine] {
        if let layer = page.lines {
            return layer.map { line in
                var out = TextLine()
                appendNormalized(line, confidence: 100, word: nil, to: &out)
                return out
            }.filter { !$0.characters.isEmpty }
        }
        // The words that carry a box, with it.
        let boxed = page.words.enumerated().compactMap { index, word -> (index: Int, box: Box)? in
            guard let box = word.box, !isBlank(word.text) else { return nil }
            return (index, box)
        }
        // A word much taller than the page's usual one (a seal's ring joined to it) must not stretch its row over
        // the next line's words.
        let heights = boxed.map(\.box.height).sorted()
        let tall = heights.isEmpty ? Int.max : 2 * heights[heights.count / 2]  // twice the median height
        var rows: [(top: Int, bottom: Int, words: [Int])] = []
        for (index, box) in boxed.sorted(by: { $0.box.midY < $1.box.midY }) {
            if let last = rows.indices.last, box.midY >= rows[last].top, box.midY <= rows[last].bottom {
                rows[last].words.append(index)
                if box.height <= tall {
                    rows[last].top = min(rows[last].top, box.y)
                    rows[last].bottom = max(rows[last].bottom, box.maxY)
                }
            } else if box.height > tall {
                rows.append((box.midY - tall / 4, box.midY + tall / 4, [index]))  // a usual height around its middle
            } else {
                rows.append((box.y, box.maxY, [index]))
            }
        }
        return rows.map { row in
            // Every word of a row was taken for its box.
            let ordered = row.words.sorted { (page.words[$0].box?.x ?? 0) < (page.words[$1].box?.x ?? 0) }
            var line = TextLine()
            var previous: RecognizedWord?
            for index in ordered {
                let word = page.words[index]
                if let prev = previous {
                    for _ in 0..<spaces(between: prev, and: word) { line.append(" ", confidence: 100, word: nil) }
                }
                appendNormalized(word.text, confidence: word.confidence, word: index, to: &line)
                previous = word
            }
            return line
        }
    }

    private static func isBlank(_ text: String) -> Bool {
        text.allSatisfy { $0.isWhitespace }
    }

    /// Spaces to put between two words of a row: two for a wide gap (more than two character heights, a column
    /// break: `columnBreak` ends a value there), one between Latin words, none between Han characters, whose
    /// word breaks in tesseract's output are not real spaces.
    private static func spaces(between a: RecognizedWord, and b: RecognizedWord) -> Int {
        if let ba = a.box, let bb = b.box, bb.x - ba.maxX > 2 * max(ba.height, bb.height) { return 2 }
        guard let last = a.text.last, let first = b.text.first else { return 0 }
        return TextNormalizer.isCJK(last) || TextNormalizer.isCJK(first) ? 0 : 1
    }

    /// What marks a column break inside a line.
    public static let columnBreak = "  "

    private static func appendNormalized(_ text: String, confidence: Double, word: Int?, to line: inout TextLine) {
        for c in text {
            let n = TextNormalizer.normalize(c)
            // Collapse runs of spaces and drop spaces after Han characters (tesseract puts them between every few).
            if n.isWhitespace, line.characters.last.map({ $0.isWhitespace || TextNormalizer.isCJK($0) }) ?? true {
                continue
            }
            // A space from the same text before a Han character goes too; a column break between words stays.
            if TextNormalizer.isCJK(n), line.characters.last == " ", line.wordIndices.last == word {
                line.characters.removeLast(); line.confidences.removeLast(); line.wordIndices.removeLast()
            }
            line.append(n, confidence: confidence, word: word)
        }
    }
}
