import IngestCore
@testable import PaddleOCR
import Testing

/// The recogniser's decoding and the detector's post-processing, on prepared tensors: no model involved.
@Suite struct PaddlePostProcessTests {
    /// One step per entry: the class that wins it, with that probability (the rest share what is left).
    static func steps(_ winners: [(Int, Float)], classes: Int) -> [Float] {
        winners.flatMap { winner, p -> [Float] in
            var row = [Float](repeating: (1 - p) / Float(classes - 1), count: classes)
            row[winner] = p
            return row
        }
    }

    let decoder = CTCDecoder(dictionary: ["鑫", "鼎", "1", "2"])  // classes: 0 blank, 1…4, 5 space

    @Test func repeatsMergeBlanksSeparateAndTheLastClassIsASpace() {
        let probabilities = Self.steps([(1, 0.9), (1, 0.95), (0, 0.99), (2, 0.8), (0, 0.9), (2, 0.7), (5, 0.9),
                                        (3, 0.6), (3, 0.99), (4, 0.9)], classes: 6)
        let decoded = decoder.decode(probabilities, steps: 10, classes: 6)
        #expect(String(decoded.map(\.character)) == "鑫鼎鼎 12")
        #expect(decoded[0].steps == 0...1)
        #expect(decoded[0].confidence == 0.95, "a character's confidence is its best step's")
        #expect(decoded[4].steps == 7...8)
    }

    @Test func anAllBlankOutputIsNothing() {
        #expect(decoder.decode(Self.steps(Array(repeating: (0, 0.99), count: 5), classes: 6), steps: 5, classes: 6).isEmpty)
    }

    @Test func charactersBecomeWordsWithBoxesAtTheSpaces() {
        let probabilities = Self.steps([(1, 0.9), (0, 0.9), (2, 0.7), (5, 0.9), (0, 0.9), (3, 0.8), (4, 0.8)], classes: 6)
        let words = PaddleOCREngine.words(decoder.decode(probabilities, steps: 7, classes: 6), pixelsPerStep: 10,
                                          lineWidth: 70, lineHeight: 30)
        #expect(words.map(\.text) == ["鑫鼎", "12"])
        #expect(words.map { $0.box!.x } == [0, 45])
        #expect(words[0].box!.maxX == 35 && words[1].box!.maxX == 70)
        #expect(abs(words[0].confidence - 80) < 0.001, "mean of the characters', 0…100")
        let one = PaddleOCREngine.words(decoder.decode(Self.steps([(3, 0.9)], classes: 6), steps: 1, classes: 6),
                                        pixelsPerStep: 10, lineWidth: 200, lineHeight: 30)
        #expect(one.first?.box == Box(x: 0, y: 0, width: 200, height: 30), "a line of one word is boxed whole")
    }

    /// A 40 × 20 map with two text regions and a speck.
    static func map() -> [Float] {
        var map = [Float](repeating: 0.05, count: 40 * 20)
        for y in 4..<8 { for x in 2..<20 { map[y * 40 + x] = 0.9 } }   // a line at the top left
        for y in 12..<16 { for x in 22..<38 { map[y * 40 + x] = 0.8 } } // a line lower right
        for y in 12..<16 { for x in 5..<7 { map[y * 40 + x] = 0.35 } }  // faint: mean below the box threshold
        map[1 * 40 + 30] = 0.9                                          // a speck
        return map
    }

    @Test func regionsAboveTheThresholdBecomeGrownBoxesInReadingOrder() {
        let found = DBPostProcess().boxes(map: Self.map(), width: 40, height: 20)
        #expect(found.count == 2)
        // 18 x 4 grows by 72 * 1.6 / 44 = 2.6 px a side; 16 x 4 by 64 * 1.6 / 40 = 2.6.
        #expect(found[0].box == Box(x: 0, y: 1, width: 23, height: 10))
        #expect(found[1].box == Box(x: 19, y: 9, width: 21, height: 10))
        #expect(abs(found[0].score - 0.9) < 0.001)
        // The text's own box: grown back by what DB's training shrank it by, 72 * 0.84 / 44 = 1.4 px a side.
        #expect(found[0].text == Box(x: 1, y: 3, width: 20, height: 6))
    }

    @Test func nothingAboveTheThresholdIsNoBox() {
        #expect(DBPostProcess().boxes(map: [Float](repeating: 0.1, count: 100), width: 10, height: 10).isEmpty)
    }
}
