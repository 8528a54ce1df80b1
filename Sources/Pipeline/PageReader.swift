import IngestCore
import PageImaging
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
    private var pageEngine: TesseractEngine?
    private var fieldReader: TesseractEngine?
    private var crossChecker: TesseractEngine?
    private var orientationDetector: OrientationDetector?

    init(settings: PipelineSettings) {
        self.settings = settings
    }

    /// The engine that reads fields alone (`ocr.field_languages`).
    func fieldEngine() throws -> TesseractEngine {
        try engine(&fieldReader, languages: settings.ocr.fieldLanguages)
    }

    /// The engine of the other recogniser that confirms name fields (`ocr.cross_check_languages`); nil when off.
    func crossCheckEngine() throws -> TesseractEngine? {
        guard let languages = settings.ocr.crossCheckLanguages else { return nil }
        return try engine(&crossChecker, languages: languages)
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

    /// The page's words with those of every line a seal covers read again from the page without its red ink: the
    /// page reading sees the seal's ring and star over the issuer and the date and reads noise there. The band
    /// read again spans the page's width and the whole lines the seal touches.
    private func rereadUnderSeals(_ image: PageImage, _ words: [RecognizedWord]) throws -> [RecognizedWord] {
        guard settings.preparation.rereadUnderSeals == true else { return words }
        let seals = image.sealBoxes(minimumSide: max(40, min(image.width, image.height) / 25))
        guard !seals.isEmpty, let clean = image.withoutRedInk() else { return words }
        let engine = try engine(&pageEngine, languages: settings.ocr.languages)
        let factor = min(1, Double(settings.ocr.pageDPI) / Double(max(1, image.effectiveResolution)))
        var result = words
        for seal in seals {
            let touched = result.compactMap(\.box).filter { $0.maxY > seal.y && $0.y < seal.maxY && $0.height < seal.height / 2 }
            let top = min(seal.y, touched.map(\.y).min() ?? seal.y)
            let bottom = max(seal.maxY, touched.map(\.maxY).max() ?? seal.maxY)
            let margin = 12
            guard let band = clean.region(x: 0, y: top, width: image.width, height: bottom - top, scale: factor, margin: margin),
                  let reread = try? engine.recognize(band) else { continue }
            result.removeAll { word in word.box.map { $0.midY >= top && $0.midY <= bottom } ?? false }
            result += reread.map { word in
                var word = word
                word.box = word.box.map { b in
                    Box(x: b.x - margin, y: b.y - margin, width: b.width, height: b.height).unscaled(by: factor, origin: (0, top))
                }
                return word
            }
        }
        return result
    }

    /// The page turned upright as tesseract's orientation detection sees it (on a copy reduced to 150 dpi);
    /// nil when it finds the page upright already or cannot tell.
    private func upright(_ image: PageImage) throws -> PageImage? {
        if orientationDetector == nil { orientationDetector = try OrientationDetector(dataPath: settings.ocr.tessdata) }
        let factor = 150 / Double(max(1, image.effectiveResolution))
        let small = factor < 0.9 ? image.scaled(by: factor) ?? image : image
        guard let found = orientationDetector!.detect(small), found.degrees % 360 != 0 else { return nil }
        return image.rotated(quarterTurns: 4 - found.degrees / 90)  // turned 90° clockwise: turn back by 270°
    }

    /// The words of the page read at `ocr.page_dpi`: a 300 dpi scan's 55 px characters are larger than the
    /// recogniser needs (reading a third fewer pixels takes about half the time), and a 100 dpi scan's smaller
    /// than it reads well. Boxes come back in the page's own pixels, which the second reading crops from.
    private func words(of image: PageImage) throws -> [RecognizedWord] {
        let pageEngine = try engine(&self.pageEngine, languages: settings.ocr.languages)
        var factor = Double(settings.ocr.pageDPI) / Double(max(1, image.effectiveResolution))
        if !settings.preparation.upscaleLowResolution { factor = min(factor, 1) }
        factor = min(factor, 2)
        guard factor < 0.9 || factor > 1.25, let resized = image.scaled(by: factor) else {
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
