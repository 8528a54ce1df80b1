import Extraction
import Foundation
import IngestCore

/// The repository's own models/ and pipelines/, so tests exercise the shipped data.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func models() throws -> [ExtractionModel] {
        try ExtractionModel.loadAll(from: root.appendingPathComponent("models"))
    }
}

/// A text-layer page from lines of text: the pure stages' input without OCR.
func page(_ lines: [String]) -> RecognizedPage {
    RecognizedPage(textLayerLines: lines)
}

/// An OCR page whose words sit on rows by their boxes: `rows` is one array of (word, confidence) per row.
func ocrPage(_ rows: [[(String, Double)]], rowHeight: Int = 50) -> RecognizedPage {
    var words: [RecognizedWord] = []
    for (r, row) in rows.enumerated() {
        var x = 100
        for (text, confidence) in row {
            let width = text.count * 40
            words.append(RecognizedWord(text: text, confidence: confidence,
                                        box: Box(x: x, y: 100 + r * rowHeight * 3, width: width, height: rowHeight)))
            x += width + 10
        }
    }
    return RecognizedPage(words: words.shuffled(), origin: .ocr)
}

/// A page laid out by hand: each word at a column and row of a grid of 40-pixel characters (rows 60 pixels
/// apart), as a recogniser would return it, for the geometry of designs (values far right, labels above, …).
func laidOut(_ words: [(text: String, column: Int, row: Int)], confidence: Double = 95) -> RecognizedPage {
    RecognizedPage(words: words.map { word in
        RecognizedWord(text: word.text, confidence: confidence,
                       box: Box(x: 100 + word.column * 40, y: 100 + word.row * 60, width: word.text.count * 40, height: 40))
    }, origin: .ocr)
}
