/// One word as the recogniser returned it. Confidence is 0...100.
public struct RecognizedWord: Codable, Hashable, Sendable {
    public var text: String
    public var confidence: Double
    public var box: Box?
    /// How a PDF text layer draws the word (font, size, colour); nil for a word read from pixels.
    public var style: String?

    public init(text: String, confidence: Double, box: Box?) {
        self.text = text; self.confidence = confidence; self.box = box
    }
}

/// Where a page's text came from.
public enum TextOrigin: String, Codable, Sendable {
    /// Read by OCR from pixels.
    case ocr
    /// Taken from a PDF's own text layer: exact, no OCR.
    case textLayer = "text_layer"
}

/// The text of one page: words with their boxes and confidences, or the lines of a PDF text layer.
public struct RecognizedPage: Sendable {
    public var words: [RecognizedWord]
    /// Present for text-layer pages, whose words carry no boxes: the layer's own lines.
    public var lines: [String]?
    public var origin: TextOrigin

    public init(words: [RecognizedWord], origin: TextOrigin) {
        self.words = words; self.lines = nil; self.origin = origin
    }

    public init(textLayerLines: [String]) {
        self.words = []; self.lines = textLayerLines; self.origin = .textLayer
    }
}
