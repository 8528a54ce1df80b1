import IngestCore
import PageImaging

/// One worker's recognisers: the only way the stages reach OCR. `EngineRecognizers` makes the real engines
/// from the pipeline settings; tests hand in prepared readings. Each is asked for on every page and should be
/// made once and reused; one instance serves one worker, but its two stages may ask from two threads at once.
public protocol WorkerRecognizers: AnyObject {
    /// The recogniser that reads whole pages (`ocr.page_recognizer`), in the first stage.
    func pageRecognizer() throws -> any TextRecognizer<PageImage>
    /// The page recogniser's kind for the second stage (reading a line from the untouched page), which runs while
    /// the first stage reads the next page: an engine that may be used from two threads at once, or one of its own.
    func untouchedRecognizer() throws -> any TextRecognizer<PageImage>
    /// The recogniser that reads a field cropped from its page alone (`ocr.field_languages`).
    func fieldRecognizer() throws -> any TextRecognizer<PageImage>
    /// The other model that must confirm name fields; nil when off.
    func crossCheckRecognizer() throws -> (any TextRecognizer<PageImage>)?
    /// Asked in turn for a page that did not read as any certificate; the first that turns it wins.
    func orientationFinders() throws -> [any OrientationFinder<PageImage>]
    /// A recogniser by its name (`ppocr`, `ppocrv5`, `tesseract`), for the reader trace; nil when not to be had.
    func recognizer(named name: String) throws -> (any TextRecognizer<PageImage>)?
}

extension WorkerRecognizers {
    public func recognizer(named name: String) throws -> (any TextRecognizer<PageImage>)? { nil }
    public func untouchedRecognizer() throws -> any TextRecognizer<PageImage> { try pageRecognizer() }
}

/// Makes one worker's recognisers, given the threads each may use and the run's clock.
public typealias RecognizerMaker = @Sendable (_ threads: Int, _ clock: RecognitionClock) -> any WorkerRecognizers
