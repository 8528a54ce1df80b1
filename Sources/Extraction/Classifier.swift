import IngestCore

/// Decides which certificate a page holds from all the evidence, never the title alone: the printed title
/// (tolerating OCR noise: the share of its character pairs found on one line near the top), the type's number
/// formats found anywhere, what only that type prints (its marks), its labels, and words in the issuer's name.
/// A large bold title face is often read as noise; the numbers and labels still say plainly what the page is.
public struct Classifier: Sendable {
    public var models: [ExtractionModel]
    /// Below this score the page is `unknown`. A title read whole scores 3, a number in the type's format 2.
    public var threshold: Double
    /// How many lines from the top may hold the title.
    public var titleLines: Int

    public init(models: [ExtractionModel], threshold: Double = 1.8, titleLines: Int = 8) {
        self.models = models; self.threshold = threshold; self.titleLines = titleLines
    }

    /// What the classifier took a page for, and how clearly.
    public struct Classification: Sendable {
        public var type: DocumentType
        public var score: Double
        /// The best score of another type: how clearly the page is what it was taken for.
        public var runnerUp: Double = 0
        public var margin: Double { score - runnerUp }
    }

    /// Weights of each kind of evidence.
    static let titleWeight = 3.0, numberWeight = 2.0, markWeight = 0.75, maxMarks = 2.0, labelWeight = 1.0,
               issuerWeight = 0.5

    public func classify(_ lines: [TextLine]) -> Classification {
        let compacted = lines.map { $0.compacted().characters }
        let titleCandidates = compacted.prefix(titleLines).map { (pairs: Set(bigrams($0)), length: $0.count) }
        let texts = compacted.map { String($0) }
        let page = texts.joined(separator: "\n")
        var scored: [(type: DocumentType, score: Double, titleLength: Int)] = []
        for model in models {
            let (title, titleLength) = titleScore(model, titleCandidates)
            let number = model.compiled.numbers.contains { regex in texts.contains { $0.contains(regex) } } ? 1.0 : 0
            let marks = model.compiled.marks.filter { page.contains($0) }.count
            let issuer = model.issuerHints.contains { page.contains($0) } ? 1.0 : 0
            let score = Self.titleWeight * title + Self.numberWeight * number
                + Self.markWeight * min(Self.maxMarks, Double(marks)) + Self.labelWeight * labelShare(model, page)
                + Self.issuerWeight * issuer
            scored.append((model.type, score, titleLength))
        }
        // On a tie the longer title wins: it is the more specific one.
        scored.sort { ($0.score, $0.titleLength) > ($1.score, $1.titleLength) }
        guard let best = scored.first else { return Classification(type: .unknown, score: 0) }
        let runnerUp = scored.dropFirst().first?.score ?? 0
        guard best.score >= threshold else { return Classification(type: .unknown, score: best.score, runnerUp: runnerUp) }
        return Classification(type: best.type, score: best.score, runnerUp: runnerUp)
    }

    /// The best share of a title's character pairs found on one line near the top, and that title's length.
    /// A line much longer than the title (a sentence that mentions it) counts half: a title stands on its own.
    private func titleScore(_ model: ExtractionModel, _ candidates: [(pairs: Set<String>, length: Int)]) -> (Double, Int) {
        var best = (0.0, 0)
        for title in model.titles {
            let wanted = bigrams(Array(title))
            guard !wanted.isEmpty else { continue }
            let score = candidates.map { line in
                let share = Double(wanted.filter(line.pairs.contains).count) / Double(wanted.count)
                return line.length > 2 * title.count + 4 ? share / 2 : share
            }.max() ?? 0
            if score > best.0 || (score == best.0 && title.count > best.1) { best = (score, title.count) }
        }
        return best
    }

    /// The share of the type's labels of four characters or more printed on the page: short labels (姓名, 编号)
    /// are on every type and tell nothing.
    private func labelShare(_ model: ExtractionModel, _ page: String) -> Double {
        let labels = Set(model.fields.values.flatMap(\.labels) + model.otherLabels).filter { $0.count >= 4 }
        guard !labels.isEmpty else { return 0 }
        return Double(labels.filter { page.contains($0) }.count) / Double(labels.count)
    }

    private func bigrams(_ chars: [Character]) -> [String] {
        guard chars.count >= 2 else { return chars.map(String.init) }
        return (0..<chars.count - 1).map { String(chars[$0]) + String(chars[$0 + 1]) }
    }
}
