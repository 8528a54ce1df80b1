/// Greedy CTC decoding of the recognition model's output: per time step the likeliest class; repeats of a class
/// in consecutive steps are one character, class 0 (the blank) separates characters and is dropped. Class i in
/// 1…N is the dictionary's i-th character, class N + 1 a space.
public struct CTCDecoder: Sendable {
    public let dictionary: [Character]

    /// `dictionary`: the model's `character` metadata, one character a line.
    public init(dictionary: [Character]) {
        self.dictionary = dictionary
    }

    public struct DecodedCharacter: Equatable, Sendable {
        public var character: Character
        /// The probability of the class at its likeliest step (0…1).
        public var confidence: Float
        /// The first and last time step it covers.
        public var steps: ClosedRange<Int>
    }

    /// `probabilities`: steps × classes, row-major.
    public func decode(_ probabilities: [Float], steps: Int, classes: Int) -> [DecodedCharacter] {
        precondition(probabilities.count == steps * classes)
        var out: [DecodedCharacter] = []
        var previous = 0
        probabilities.withUnsafeBufferPointer { p in
            for step in 0..<steps {
                var best = 0
                var bestValue = p[step * classes]
                for c in 1..<classes where p[step * classes + c] > bestValue {
                    best = c
                    bestValue = p[step * classes + c]
                }
                defer { previous = best }
                guard best != 0 else { continue }
                if best == previous, var last = out.last {
                    last.confidence = max(last.confidence, bestValue)
                    last.steps = last.steps.lowerBound...step
                    out[out.count - 1] = last
                    continue
                }
                let character: Character = best <= dictionary.count ? dictionary[best - 1] : " "
                out.append(DecodedCharacter(character: character, confidence: bestValue, steps: step...step))
            }
        }
        return out
    }
}
