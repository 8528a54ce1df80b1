import IngestCore

/// One line of page text with, for every character, the confidence of the word it came from and that word's index.
public struct TextLine: Sendable {
    public var characters: [Character]
    public var confidences: [Double]
    public var wordIndices: [Int?]

    public init(characters: [Character] = [], confidences: [Double] = [], wordIndices: [Int?] = []) {
        self.characters = characters; self.confidences = confidences; self.wordIndices = wordIndices
    }

    public var text: String { String(characters) }

    /// The lowest confidence of the line's characters (spaces aside): a line is as sure as its weakest word.
    public var minimumConfidence: Double {
        minimumConfidence(in: characters.indices)
    }

    func minimumConfidence(in range: Range<Int>) -> Double {
        range.filter { !characters[$0].isWhitespace }.map { confidences[$0] }.min() ?? 0
    }

    mutating func append(_ c: Character, confidence: Double, word: Int?) {
        characters.append(c); confidences.append(confidence); wordIndices.append(word)
    }

    /// The line with its characters' word indices moved on by `offset` (its words appended to other words).
    public func withWordIndices(offsetBy offset: Int) -> TextLine {
        TextLine(characters: characters, confidences: confidences, wordIndices: wordIndices.map { $0.map { $0 + offset } })
    }

    /// The line without whitespace, with the index each kept character had in this line.
    func compacted() -> (characters: [Character], positions: [Int]) {
        var chars: [Character] = [], positions: [Int] = []
        for (i, c) in characters.enumerated() where !c.isWhitespace {
            chars.append(c); positions.append(i)
        }
        return (chars, positions)
    }
}
