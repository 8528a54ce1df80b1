import CLeptonica
import CTesseract
import IngestCore
import PageImaging

public enum TesseractError: Error, CustomStringConvertible {
    case initFailed(dataPath: String, languages: String)
    case recognitionFailed

    public var description: String {
        switch self {
        case let .initFailed(path, languages):
            return "tesseract could not load languages '\(languages)' from \(path) "
                + "(install tesseract-ocr-chi-sim and tesseract-ocr-eng)"
        case .recognitionFailed:
            return "tesseract failed to recognise the page"
        }
    }
}

/// One tesseract engine, created once per worker and reused for every page. Not shared between threads.
public final class TesseractEngine: TextRecognizer, @unchecked Sendable {
    /// `tesseract` and its first model (`tesseract chi_sim`): readings by one model share its blind spots, so
    /// the model, not the engine, tells independent readings apart.
    public let name: String
    private let api: OpaquePointer
    private let pageSegmentationMode: TessPageSegMode
    /// Where the time inside tesseract's recognition is added up, when someone measures it.
    private let clock: RecognitionClock?

    public init(dataPath: String, languages: String, pageSegmentationMode: Int, clock: RecognitionClock? = nil) throws {
        guard let api = TessBaseAPICreate() else { throw TesseractError.initFailed(dataPath: dataPath, languages: languages) }
        self.api = api
        self.clock = clock
        name = "tesseract " + (languages.split(separator: "+").first.map(String.init) ?? languages)
        self.pageSegmentationMode = TessPageSegMode(rawValue: UInt32(pageSegmentationMode))
        // Cleanup happens in deinit only: it also runs when this init throws (shared/BINDINGS.md §5).
        guard TessBaseAPIInit2(api, dataPath, languages, OEM_LSTM_ONLY) == 0 else {
            throw TesseractError.initFailed(dataPath: dataPath, languages: languages)
        }
        TessBaseAPISetPageSegMode(api, self.pageSegmentationMode)
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        _ = TessBaseAPISetVariable(api, "tessedit_do_invert", "0")
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// The page's words with confidences (0...100) and boxes; whitespace-only words (frame lines) are dropped.
    public func recognize(_ image: PageImage) throws -> [RecognizedWord] {
        try words(in: image)
    }

    /// Reads an image holding one line of text (a field cropped from its page) as a single text line.
    /// Boxes are relative to the region. (No character whitelist: it makes tesseract's confidences meaningless.)
    public func readLine(_ region: PageImage) throws -> [RecognizedWord] {
        TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE)
        defer { TessBaseAPISetPageSegMode(api, pageSegmentationMode) }
        return try words(in: region)
    }

    private func words(in image: PageImage) throws -> [RecognizedWord] {
        TessBaseAPISetImage2(api, image.pix)
        if image.resolution < 70 { TessBaseAPISetSourceResolution(api, 300) }
        defer { TessBaseAPIClear(api) }
        let status = clock.map { $0.timing { TessBaseAPIRecognize(api, nil) } } ?? TessBaseAPIRecognize(api, nil)
        guard status == 0 else { throw TesseractError.recognitionFailed }
        guard let iterator = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        let pageIterator = TessResultIteratorGetPageIterator(iterator)
        var words: [RecognizedWord] = []
        repeat {
            guard let cText = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: cText)
            TessDeleteText(cText)
            guard !text.allSatisfy(\.isWhitespace) else { continue }
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            _ = TessPageIteratorBoundingBox(pageIterator, RIL_WORD, &left, &top, &right, &bottom)
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_WORD))
            words.append(RecognizedWord(text: text, confidence: confidence,
                                        box: Box(x: Int(left), y: Int(top), width: Int(right - left),
                                                 height: Int(bottom - top))))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        return words
    }
}
