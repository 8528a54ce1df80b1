import IngestCore

/// Decides which certificate a page holds from its printed title, tolerating OCR noise: a title scores the share
/// of its character pairs found on one line near the top of the page.
public struct Classifier: Sendable {
    public var models: [ExtractionModel]
    /// Below this share of a title's character pairs, the page is `unknown`.
    public var threshold: Double
    /// How many lines from the top may hold the title.
    public var titleLines: Int

    public init(models: [ExtractionModel], threshold: Double = 0.6, titleLines: Int = 8) {
        self.models = models; self.threshold = threshold; self.titleLines = titleLines
    }

    public struct Verdict: Sendable {
        public var type: DocumentType
        public var score: Double
    }

    public func classify(_ lines: [TextLine]) -> Verdict {
        let candidates = lines.prefix(titleLines).map { Set(bigrams($0.compacted().characters)) }
        var best = Verdict(type: .unknown, score: 0)
        var bestLength = 0
        for model in models {
            for title in model.titles {
                let wanted = bigrams(Array(title))
                guard !wanted.isEmpty else { continue }
                let score = candidates.map { line in
                    Double(wanted.filter(line.contains).count) / Double(wanted.count)
                }.max() ?? 0
                // On a tie the longer title wins: it is the more specific one.
                if score > best.score || (score == best.score && title.count > bestLength) {
                    best = Verdict(type: model.type, score: score)
                    bestLength = title.count
                }
            }
        }
        return best.score >= threshold ? best : Verdict(type: .unknown, score: best.score)
    }

    private func bigrams(_ chars: [Character]) -> [String] {
        guard chars.count >= 2 else { return chars.map(String.init) }
        return (0..<chars.count - 1).map { String(chars[$0]) + String(chars[$0 + 1]) }
    }
}
