import Foundation
import IngestCore
import PageImaging
import PaddleOCR
import TesseractOCR

/// Image preparation and the page reading, for one worker: it owns the worker's engines (the page engine, the
/// field engine for second readings, the cross-check engine, and the orientation detector), each made on first
/// use and reused.
///
/// Preparation does only what a page needs: a skew is removed when Leptonica finds one; a page above
/// `ocr.page_dpi` is read reduced and one below it enlarged (up to twice); and only a page that did not read
/// as any certificate is handed to orientation detection, turned upright and read again.
final class PageReader {
    let settings: PipelineSettings
    private var pageEngine: (any TextRecognizer<PageImage>)?
    private var fieldReader: TesseractEngine?
    private var crossChecker: TesseractEngine?
    private var paddle: PaddleOCREngine?
    private var orientationDetector: OrientationDetector?

    /// Threads each PP-OCR model session may use (the cores the other workers leave free).
    let recognizerThreads: Int
    /// Held while an engine is looked up or made: the runner's two stages ask for engines from two threads.
    private let making = NSRecursiveLock()

    init(settings: PipelineSettings, recognizerThreads: Int = 1) {
        self.settings = settings
        self.recognizerThreads = recognizerThreads
    }

    /// The engine that reads fields alone (`ocr.field_languages`).
    func fieldEngine() throws -> TesseractEngine {
        making.lock()
        defer { making.unlock() }
        return try engine(&fieldReader, languages: settings.ocr.fieldLanguages)
    }

    /// The engine of the other recogniser that confirms name fields: PP-OCR (`ocr.cross_check_recognizer: ppocr`),
    /// or tesseract with `ocr.cross_check_languages` (HanS); nil when off.
    func crossCheckEngine() throws -> (any TextRecognizer<PageImage>)? {
        making.lock()
        defer { making.unlock() }
        if settings.ocr.crossCheckRecognizer == "ppocr" { return try paddleEngine() }
        guard let languages = settings.ocr.crossCheckLanguages else { return nil }
        return try engine(&crossChecker, languages: languages)
    }

    /// This worker's PP-OCR engine, made on first use (its two model sessions load once).
    private func paddleEngine() throws -> PaddleOCREngine {
        making.lock()
        defer { making.unlock() }
        if let made = paddle { return made }
        guard let files = settings.ocr.ppocr else {
            throw ConfigurationError("PP-OCR is asked for, but ocr.ppocr names no library and models")
        }
        var engineSettings = PaddleOCREngine.Settings(libraryPath: files.library, detectionModel: files.detectionModel,
                                                      recognitionModel: files.recognitionModel)
        if let side = files.detectionMaxSide { engineSettings.detectionMaxSide = side }
        engineSettings.threads = recognizerThreads
        engineSettings.directionModel = files.directionModel
        let made = try PaddleOCREngine(settings: engineSettings)
        paddle = made
        return made
    }

    /// The recogniser that reads pages (`ocr.page_recognizer`), made on first use.
    func pageRecognizer() throws -> any TextRecognizer<PageImage> {
        making.lock()
        defer { making.unlock() }
        if let made = pageEngine { return made }
        let made: any TextRecognizer<PageImage>
        switch settings.ocr.pageRecognizer ?? "tesseract" {
        case "ppocr":
            made = try paddleEngine()
        case "tesseract":
            var tesseract: TesseractEngine?
            made = try engine(&tesseract, languages: settings.ocr.languages)
        case let other:
            throw ConfigurationError("ocr.page_recognizer must be tesseract or ppocr, not \(other)")
        }
        pageEngine = made
        return made
    }

    /// The engine kept in `slot`, made on first use.
    private func engine(_ slot: inout TesseractEngine?, languages: String) throws -> TesseractEngine {
        if let made = slot { return made }
        let made = try TesseractEngine(dataPath: settings.ocr.tessdata, languages: languages,
                                       pageSegmentationMode: settings.ocr.pageSegmentationMode)
        slot = made
        return made
    }

    /// The prepared page (boxes refer to it) and its words. `readsUpright` tells whether words read as a page
    /// of some certificate.
    func read(_ image: PageImage, readsUpright: ([RecognizedWord]) -> Bool) throws
        -> (image: PageImage, words: [RecognizedWord]) {
        var prepared = settings.preparation.deskew ? image.deskewed().image : image
        if let spread = settings.preparation.evenLightingAboveSpread, prepared.lightingSpread > spread,
           let even = prepared.evenedLighting() {
            prepared = even
        }
        if let share = settings.preparation.removeRulesLongerThan,
           let unruled = prepared.withoutRuledLines(minimumLength: Int(share * Double(min(prepared.width, prepared.height)))) {
            prepared = unruled
        }
        let words = try rereadUnderSeals(prepared, try words(of: prepared))
        guard settings.preparation.orientation, !readsUpright(words),
              let turned = try upright(prepared) else { return (prepared, words) }
        let turnedWords = try rereadUnderSeals(turned, try self.words(of: turned))
        return readsUpright(turnedWords) ? (turned, turnedWords) : (prepared, words)
    }

    /// The page's words with those of every line a seal covers read again from the page without its seal ink: the
    /// page reading sees the seal's ring and star over the issuer and the date and reads noise there. The band
    /// read again spans the lines the seal touches, across the seal and the whole words it lies on or beside.
    /// A seal is at least half an inch across (official seals are 38–42 mm, a card's 14–20 mm): red title
    /// characters are not seals; and at most two and a half: a red frame round the page is not one either.
    private func rereadUnderSeals(_ image: PageImage, _ words: [RecognizedWord]) throws -> [RecognizedWord] {
        guard settings.preparation.rereadUnderSeals == true else { return words }
        let seals = image.sealBoxes(minimumSide: max(40, image.effectiveResolution / 2),
                                    maximumSide: max(200, image.effectiveResolution * 5 / 2))
        guard !seals.isEmpty, let clean = image.withoutSealInk(in: seals) else { return words }
        let engine = try pageRecognizer()
        let factor = min(1, Double(settings.ocr.pageDPI) / Double(max(1, image.effectiveResolution)))
        var result = words
        var readBands: [Box] = []
        for seal in seals {
            let boxes = result.compactMap(\.box)
            let touched = boxes.filter { $0.maxY > seal.y && $0.y < seal.maxY && $0.height < seal.height / 2 }
            let top = min(seal.y, touched.map(\.y).min() ?? seal.y)
            let bottom = max(seal.maxY, touched.map(\.maxY).max() ?? seal.maxY)
            // The words the seal lies on or beside, whole: the rest of their lines read well the first time.
            let near = boxes.filter { box in
                box.midY >= top && box.midY <= bottom && box.height < seal.height / 2
                    && box.maxX > seal.x - seal.width / 4 && box.x < seal.maxX + seal.width / 4
            } + [seal]
            let margin = 12
            let left = max(0, (near.map(\.x).min() ?? 0) - margin)
            let right = min(image.width, (near.map(\.maxX).max() ?? image.width) + margin)
            let band = Box(x: left, y: top, width: right - left, height: bottom - top)
            guard !readBands.contains(where: { $0.intersects(band) }),
                  let region = clean.region(x: band.x, y: band.y, width: band.width, height: band.height, scale: factor,
                                            margin: margin),
                  let reread = try? engine.recognize(region) else { continue }
            readBands.append(band)
            result.removeAll { word in
                word.box.map { $0.midY >= top && $0.midY <= bottom && $0.midX >= left && $0.midX <= right } ?? false
            }
            result += reread.map { word in
                var word = word
                word.box = word.box.map { b in
                    Box(x: b.x - margin, y: b.y - margin, width: b.width, height: b.height).unscaled(by: factor, origin: (left, top))
                }
                return word
            }
        }
        return result
    }

    /// The page turned upright as tesseract's orientation detection sees it (on a copy reduced to 150 dpi); when
    /// it finds the page upright or cannot tell, and PP-OCR reads pages, turned over when PP-OCR's direction
    /// classifier finds most of its lines upside down. nil when neither turns it.
    private func upright(_ image: PageImage) throws -> PageImage? {
        let detector = try orientationDetector ?? OrientationDetector(dataPath: settings.ocr.tessdata)
        orientationDetector = detector
        let factor = 150 / Double(max(1, image.effectiveResolution))
        let small = factor < 0.9 ? image.scaled(by: factor) ?? image : image
        if let found = detector.detect(small), found.degrees % 360 != 0 {
            return image.rotated(quarterTurns: 4 - found.degrees / 90)  // turned 90° clockwise: turn back by 270°
        }
        guard let paddle = try pageRecognizer() as? PaddleOCREngine,
              let share = try paddle.upsideDownShare(image), share > 0.5 else { return nil }
        return image.rotated(quarterTurns: 2)
    }

    /// The words of the page read at `ocr.page_dpi`: a 300 dpi scan's 55 px characters are larger than the
    /// recogniser needs (reading a third fewer pixels takes about half the time), and a 100 dpi scan's smaller
    /// than it reads well. Boxes come back in the page's own pixels, which the second reading crops from.
    private func words(of image: PageImage) throws -> [RecognizedWord] {
        let pageEngine = try pageRecognizer()
        var factor = Double(settings.ocr.pageDPI) / Double(max(1, image.effectiveResolution))
        if !settings.preparation.upscaleLowResolution { factor = min(factor, 1) }
        factor = min(factor, 2)
        guard factor < 0.9 || factor > 1.25,
              let resized = image.scaled(by: factor, sharpened: !(pageEngine is PaddleOCREngine)) else {
            return try pageEngine.recognize(image)
        }
        if image.resolution == 0 { resized.setResolution(settings.ocr.pageDPI) }
        return try pageEngine.recognize(resized).map { word in
            var word = word
            word.box = word.box?.unscaled(by: factor)
            return word
        }
    }
}
