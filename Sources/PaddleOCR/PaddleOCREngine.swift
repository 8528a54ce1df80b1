import Foundation
import IngestCore
import OnnxRuntime
import PageImaging

/// PaddleOCR's PP-OCR models (v4, or v5 with its dictionary file) run by ONNX Runtime, in process: the detection model finds the text lines of a
/// page, the recognition model reads each line. An independent second recogniser beside tesseract: it errs
/// elsewhere (its dictionary holds 鑫 鼎 磊 渤, which Debian's chi_sim misreads at every scale).
/// One per worker: it owns that worker's two sessions.
public final class PaddleOCREngine: TextRecognizer {
    public typealias Image = PageImage

    public struct Settings: Sendable {
        /// libonnxruntime.so (PyPI's onnxruntime wheel, or a system's own).
        public var libraryPath: String
        public var detectionModel: String
        public var recognitionModel: String
        /// The line direction classifier (0° or 180°); nil: not used.
        public var directionModel: String?
        /// A page is detected reduced so its longer side is at most this many pixels (the model's cost grows with
        /// the pixels; lines stay tens of pixels high).
        public var detectionMaxSide: Int = 1600
        /// Threads each model session runs on.
        public var threads = 1
        /// Lines read with a mean character probability below this are dropped (noise read as text).
        public var minimumLineScore: Float = 0.5
        public var postProcess = DBPostProcess()
        /// The recognition model's characters, one a line, when its metadata holds none (PP-OCRv5's
        /// `ppocrv5_dict.txt`); nil: the model's `character` metadata (PP-OCRv4).
        public var dictionaryPath: String?
        /// The recogniser's name in readings and evidence (`ppocr` for PP-OCRv4, `ppocrv5`): readings by two
        /// names count as two recognisers.
        public var name = "ppocr"

        public init(libraryPath: String, detectionModel: String, recognitionModel: String) {
            self.libraryPath = libraryPath; self.detectionModel = detectionModel
            self.recognitionModel = recognitionModel
        }
    }

    public var name: String { settings.name }
    let settings: Settings
    private let detector: ORTSession
    private let recognizer: ORTSession
    let classifier: ORTSession?
    let decoder: CTCDecoder

    /// Recognition input height; a line is scaled to it keeping its proportions, and padded to at least 320 wide.
    static let lineHeight = 48, minimumLineWidth = 320, stepWidth = 8

    public init(settings: Settings) throws {
        self.settings = settings
        let runtime = try ORTRuntime.shared(libraryPath: settings.libraryPath)
        detector = try ORTSession(runtime: runtime, modelPath: settings.detectionModel, threads: settings.threads)
        recognizer = try ORTSession(runtime: runtime, modelPath: settings.recognitionModel, threads: settings.threads)
        classifier = try settings.directionModel.map { try ORTSession(runtime: runtime, modelPath: $0, threads: settings.threads) }
        decoder = CTCDecoder(dictionary: try Self.dictionary(settings, recognizer))
    }

    /// The recognition model's characters in class order (class 0, the blank, not among them): from the named
    /// file, else from the model's metadata. A line of the file is one character, kept as it is (a space too).
    static func dictionary(_ settings: Settings, _ recognizer: ORTSession) throws -> [Character] {
        if let path = settings.dictionaryPath {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ORTError("the recognition dictionary \(path) cannot be read")
            }
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
                .map { $0.first ?? " " }
        }
        guard let characters = try recognizer.metadata("character") else {
            throw ORTError("\(settings.recognitionModel) holds no `character` dictionary in its metadata")
        }
        return characters.split(separator: "\n").compactMap(\.first)
    }

    /// Words with boxes as tall as the text itself (not the margin the line was read with), so that later stages
    /// measure the page's character height from them.
    public func recognize(_ page: PageImage) throws -> [RecognizedWord] {
        try lines(page).flatMap { found -> [RecognizedWord] in
            let box = found.box, text = found.text
            guard let line = page.region(x: box.x, y: box.y, width: box.width, height: box.height, scale: 1, margin: 0)
            else { return [] }
            return try read(line).map { word in
                var word = word
                word.box = word.box.map { b in
                    let x = max(text.x, b.x + box.x), maxX = min(text.maxX, b.maxX + box.x)
                    return Box(x: x, y: text.y, width: max(1, maxX - x), height: text.height)
                }
                return word
            }
        }
    }

    public func readLine(_ image: PageImage) throws -> [RecognizedWord] {
        try read(image)
    }

    /// Every line is scaled to `lineHeight` before it is read.
    public var scalesLinesItself: Bool { true }

    // MARK: detection

    /// The page's text lines, boxes in its pixels.
    func lines(_ page: PageImage) throws -> [DBPostProcess.Line] {
        let scale = min(1, Double(settings.detectionMaxSide) / Double(max(page.width, page.height)))
        let width = max(32, Int((Double(page.width) * scale / 32).rounded()) * 32)
        let height = max(32, Int((Double(page.height) * scale / 32).rounded()) * 32)
        guard let pixels = page.rgbPixels(width: width, height: height) else {
            throw ORTError("the page could not be converted for the detection model")
        }
        let input = Self.planes(pixels, width: width, height: height, mean: [0.406, 0.456, 0.485], std: [0.225, 0.224, 0.229])
        let map = try detector.run(input, shape: [1, 3, height, width])
        guard map.shape.count == 4, map.shape[2] == height, map.shape[3] == width else {
            throw ORTError("the detection model gave a map of shape \(map.shape) for \(width)x\(height)")
        }
        let (sx, sy) = (Double(page.width) / Double(width), Double(page.height) / Double(height))
        func onPage(_ b: Box) -> Box {
            let x = Int(Double(b.x) * sx), y = Int(Double(b.y) * sy)
            return Box(x: x, y: y, width: min(page.width - x, Int((Double(b.width) * sx).rounded())),
                       height: min(page.height - y, Int((Double(b.height) * sy).rounded())))
        }
        return settings.postProcess.boxes(map: map.values, width: width, height: height).map { found in
            DBPostProcess.Line(box: onPage(found.box), text: onPage(found.text), score: found.score)
        }
    }

    // MARK: recognition

    /// One line image read: its words (split at the spaces read), boxes relative to the image.
    func read(_ line: PageImage) throws -> [RecognizedWord] {
        guard line.width > 0, line.height > 0,
              let (input, width, resized) = Self.lineTensor(line, minimumWidth: Self.minimumLineWidth, maximumWidth: 4000)
        else { return [] }
        let output = try recognizer.run(input, shape: [1, 3, Self.lineHeight, width])
        guard output.shape.count == 3 else { throw ORTError("the recognition model gave shape \(output.shape)") }
        let characters = decoder.decode(output.values, steps: output.shape[1], classes: output.shape[2])
        guard !characters.isEmpty else { return [] }
        let mean = characters.map(\.confidence).reduce(0, +) / Float(characters.count)
        guard mean >= settings.minimumLineScore else { return [] }
        // A step covers width / steps input pixels, of which the line's own are `resized` for its whole width.
        let pixelsPerStep = Double(width) / Double(output.shape[1]) * Double(line.width) / Double(resized)
        return Self.words(characters, pixelsPerStep: pixelsPerStep, lineWidth: line.width, lineHeight: line.height)
    }

    /// Characters grouped into words at the spaces read, each with its box and mean confidence (0…100). A line of
    /// one word is boxed whole; otherwise a word spans its characters' steps, half a step wider on each side (a
    /// character's steps mark its middle, not its edges).
    static func words(_ characters: [CTCDecoder.DecodedCharacter], pixelsPerStep: Double,
                      lineWidth: Int, lineHeight: Int) -> [RecognizedWord] {
        var words: [RecognizedWord] = []
        var current: [CTCDecoder.DecodedCharacter] = []
        func flush() {
            guard let first = current.first, let last = current.last else { return }
            let x = max(0, Int((Double(first.steps.lowerBound) - 0.5) * pixelsPerStep))
            let maxX = min(lineWidth, Int((Double(last.steps.upperBound) + 1.5) * pixelsPerStep))
            let confidence = Double(current.map(\.confidence).reduce(0, +)) / Double(current.count) * 100
            words.append(RecognizedWord(text: String(current.map(\.character)), confidence: confidence,
                                        box: Box(x: x, y: 0, width: max(1, maxX - x), height: lineHeight)))
            current = []
        }
        for character in characters {
            if character.character == " " { flush() } else { current.append(character) }
        }
        flush()
        if words.count == 1 { words[0].box = Box(x: 0, y: 0, width: lineWidth, height: lineHeight) }
        return words
    }

    /// A line image as the recognition and direction models take it: scaled to `lineHeight` keeping its
    /// proportions (at most `maximumWidth` wide), normalised to −1…1, padded on the right to at least
    /// `minimumWidth` (a multiple of `stepWidth`) with 0, mid grey. Gives the input, its width and the line's own.
    static func lineTensor(_ line: PageImage, minimumWidth: Int, maximumWidth: Int) -> ([Float], Int, Int)? {
        let height = lineHeight
        let resized = max(1, min(maximumWidth, Int((Double(line.width) * Double(height) / Double(line.height)).rounded(.up))))
        let width = max(minimumWidth, (resized + stepWidth - 1) / stepWidth * stepWidth)
        guard let pixels = line.rgbPixels(width: resized, height: height) else { return nil }
        var input = [Float](repeating: 0, count: 3 * height * width)
        let lineInput = planes(pixels, width: resized, height: height, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])
        for channel in 0..<3 {
            for y in 0..<height {
                let from = channel * height * resized + y * resized
                let to = channel * height * width + y * width
                input.replaceSubrange(to..<to + resized, with: lineInput[from..<from + resized])
            }
        }
        return (input, width, resized)
    }

    /// Interleaved R, G, B bytes as the models take them: planes in B, G, R order (PaddleOCR reads images with
    /// OpenCV), each value (v / 255 − mean) / std, with `mean` and `std` given in that plane order.
    static func planes(_ rgb: [UInt8], width: Int, height: Int, mean: [Float], std: [Float]) -> [Float] {
        let count = width * height
        var out = [Float](repeating: 0, count: 3 * count)
        for plane in 0..<3 {
            let source = 2 - plane  // B from index 2, G from 1, R from 0
            let (m, s) = (mean[plane], std[plane])
            for i in 0..<count {
                out[plane * count + i] = (Float(rgb[i * 3 + source]) / 255 - m) / s
            }
        }
        return out
    }
}
