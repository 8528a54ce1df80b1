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
