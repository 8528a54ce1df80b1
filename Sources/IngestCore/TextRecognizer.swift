/// A recogniser of printed text: it turns an image into words with boxes and confidences. The stages after it
/// (lines, classification, extraction, validation) see only `RecognizedWord`s, so they are tested on prepared
/// recognition results without any engine, and a second recogniser plugs in beside the first.
///
/// `Image` is the recogniser's own image type (a Leptonica page for tesseract). One instance serves one worker:
/// implementations need not be thread-safe.
public protocol TextRecognizer<Image>: AnyObject {
    associatedtype Image

    /// A short name for logs and for telling readings apart (`tesseract`, `ppocr`).
    var name: String { get }

    /// Every word of a page, boxes in the image's pixels.
    func recognize(_ image: Image) throws -> [RecognizedWord]

    /// An image holding a single line of text (a field cropped from its page) read as that one line; boxes are
    /// relative to the image.
    func readLine(_ image: Image) throws -> [RecognizedWord]

    /// Whether an image scaled for this recogniser should be sharpened as well (tesseract's binarisation wants
    /// crisp strokes; a neural detector reads the softer image better). True unless the recogniser says otherwise.
    var prefersSharpenedScaling: Bool { get }

    /// Whether the recogniser scales every line to its own height before reading it (PP-OCR: 48 pixels), so that
    /// reading a line again at another scale shows it nothing new. False unless the recogniser says otherwise.
    var scalesLinesItself: Bool { get }
}

extension TextRecognizer {
    public var prefersSharpenedScaling: Bool { true }
    public var scalesLinesItself: Bool { false }
}
