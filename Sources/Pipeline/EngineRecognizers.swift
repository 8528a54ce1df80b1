import Foundation
import IngestCore
import PageImaging
import PaddleOCR
import TesseractOCR

/// The real engines, as the pipeline settings name them, each made on first use and reused: the page recogniser
/// (tesseract or PP-OCR), the field engine for second readings, the cross-check engine, and the orientation
/// finders (tesseract's detector, and PP-OCR's direction classifier when PP-OCR reads pages).
public final class EngineRecognizers: WorkerRecognizers {
    let ocr: PipelineSettings.OCR
    /// Threads each PP-OCR model session may use (the cores the other workers leave free).
    let threads: Int
    let clock: RecognitionClock?
    private var pageEngine: (any TextRecognizer<PageImage>)?
    private var fieldReader: TesseractEngine?
    private var crossChecker: TesseractEngine?
    /// The untouched page's reader when the page reader is tesseract (see `untouchedRecognizer`).
    private var untouchedReader: TesseractEngine?
    private var paddle: PaddleOCREngine?
    private var paddleV5: PaddleOCREngine?
    private var orientationDetector: OrientationDetector?
    /// Held while an engine is looked up or made: a worker's two stages ask for engines from two threads.
    private let making = NSRecursiveLock()

    public init(ocr: PipelineSettings.OCR, threads: Int = 1, clock: RecognitionClock? = nil) {
        self.ocr = ocr; self.threads = threads; self.clock = clock
    }

    /// Every worker's engines as `settings` name them.
    public static func maker(_ settings: PipelineSettings) -> RecognizerMaker {
        let ocr = settings.ocr
        return { threads, clock in EngineRecognizers(ocr: ocr, threads: threads, clock: clock) }
    }

    /// `ocr.field_recognizer`: PP-OCR (v4 or v5), or tesseract with `ocr.field_languages` (the default).
    public func fieldRecognizer() throws -> any TextRecognizer<PageImage> {
        making.lock()
        defer { making.unlock() }
        if let paddle = try paddleEngine(named: ocr.fieldRecognizer) { return paddle }
        return try engine(&fieldReader, languages: ocr.fieldLanguages)
    }

    /// PP-OCR (`ocr.cross_check_recognizer: ppocr` or `ppocrv5`), or tesseract with `ocr.cross_check_languages`
    /// (HanS).
    public func crossCheckRecognizer() throws -> (any TextRecognizer<PageImage>)? {
        making.lock()
        defer { making.unlock() }
        if let paddle = try paddleEngine(named: ocr.crossCheckRecognizer) { return paddle }
        guard let languages = ocr.crossCheckLanguages else { return nil }
        return try engine(&crossChecker, languages: languages)
    }

    public func pageRecognizer() throws -> any TextRecognizer<PageImage> {
        making.lock()
        defer { making.unlock() }
        if let made = pageEngine { return made }
        let made: any TextRecognizer<PageImage>
        switch ocr.pageRecognizer ?? "tesseract" {
        case "tesseract":
            var tesseract: TesseractEngine?
            made = try engine(&tesseract, languages: ocr.languages)
        case let name:
            guard let paddle = try paddleEngine(named: name) else {
                throw ConfigurationError("ocr.page_recognizer must be tesseract, ppocr or ppocrv5, not \(name)")
            }
            made = paddle
        }
        pageEngine = made
        return made
    }

    /// PP-OCR's page engine itself (its sessions run from any thread, each call with buffers of its own); for a
    /// tesseract page reader, a tesseract engine of the page's languages of its own — one tesseract API used from
    /// two threads at once crashes (seen: SIGSEGV in the ppocr-fields arrangement, a sealed line read again
    /// while the next page was read).
    public func untouchedRecognizer() throws -> any TextRecognizer<PageImage> {
        making.lock()
        defer { making.unlock() }
        if let paddle = try paddleEngine(named: ocr.pageRecognizer) { return paddle }
        return try engine(&untouchedReader, languages: ocr.languages)
    }

    public func orientationFinders() throws -> [any OrientationFinder<PageImage>] {
        making.lock()
        defer { making.unlock() }
        let detector = try orientationDetector ?? OrientationDetector(dataPath: ocr.tessdata, clock: clock)
        orientationDetector = detector
        guard let paddle = try pageRecognizer() as? PaddleOCREngine else { return [detector] }
        return [detector, paddle]
    }

    public func recognizer(named name: String) throws -> (any TextRecognizer<PageImage>)? {
        making.lock()
        defer { making.unlock() }
        if name == "tesseract" { return try engine(&fieldReader, languages: ocr.fieldLanguages) }
        return try paddleEngine(named: name)
    }

    /// This worker's PP-OCR engine of that name (`ppocr`: PP-OCRv4, `ppocrv5`), made on first use (its model
    /// sessions load once); nil for any other name.
    private func paddleEngine(named name: String?) throws -> PaddleOCREngine? {
        switch name {
        case "ppocr": return try paddleEngine(&paddle, files: ocr.ppocr, name: "ppocr", key: "ocr.ppocr")
        case "ppocrv5": return try paddleEngine(&paddleV5, files: ocr.ppocrV5, name: "ppocrv5", key: "ocr.ppocr_v5")
        default: return nil
        }
    }

    private func paddleEngine(_ slot: inout PaddleOCREngine?, files: PipelineSettings.PPOCR?, name: String,
                              key: String) throws -> PaddleOCREngine {
        if let made = slot { return made }
        guard let files else {
            throw ConfigurationError("\(name) is asked for, but \(key) names no library and models")
        }
        var engineSettings = PaddleOCREngine.Settings(libraryPath: files.library, detectionModel: files.detectionModel,
                                                      recognitionModel: files.recognitionModel)
        if let side = files.detectionMaxSide { engineSettings.detectionMaxSide = side }
        engineSettings.threads = threads
        engineSettings.directionModel = files.directionModel
        engineSettings.dictionaryPath = files.dictionary
        engineSettings.name = name
        let made = try PaddleOCREngine(settings: engineSettings)
        slot = made
        return made
    }

    /// The engine kept in `slot`, made on first use.
    private func engine(_ slot: inout TesseractEngine?, languages: String) throws -> TesseractEngine {
        if let made = slot { return made }
        let made = try TesseractEngine(dataPath: ocr.tessdata, languages: languages,
                                       pageSegmentationMode: ocr.pageSegmentationMode, clock: clock)
        slot = made
        return made
    }
}
