import Extraction
import IngestCore
import PageImaging

/// Image preparation and the page reading, for one worker, through the worker's recognisers.
///
/// Preparation does only what a page needs: a skew is removed when Leptonica finds one; a page above
/// `ocr.page_dpi` is read reduced and one below it enlarged (up to twice); and only a page that did not read
/// as any certificate is handed to the orientation finders, turned upright and read again.
final class PageReader {
    let settings: PipelineSettings
    let recognizers: any WorkerRecognizers

    init(settings: PipelineSettings, recognizers: any WorkerRecognizers) {
        self.settings = settings
        self.recognizers = recognizers
    }

    /// A page as read: the prepared image (boxes refer to it), its words and their classification, and the seals
    /// whose lines were read again with their ink cleared (a reading of those lines saw cleared pixels).
    struct Reading {
        let image: PageImage
        let words: [RecognizedWord]
        let classified: PageExtractor.ClassifiedPage
        var seals: [Box] = []
        /// The page as prepared but with nothing painted out (no rule removed): what was printed where a seal's
        /// arc taken for a rule, or a seal's ink, was cleared. Its boxes are the image's.
        var untouched: PageImage?
        /// The page as it lay before its light was levelled: where a fold's crease shadows the paper. Levelling takes
        /// that shadow away with a hand's, and a crease found no more lets a name it wore be accepted.
        var unlevelled: PageImage?
    }

    /// The prepared page read, and turned upright and read again when it did not read as any certificate.
    /// `classify` is asked once for each reading.
    func read(_ image: PageImage, classify: ([RecognizedWord]) -> PageExtractor.ClassifiedPage) throws -> Reading {
        var prepared = settings.preparation.deskew ? image.deskewed().image : image
        let unlevelled = prepared
        if let spread = settings.preparation.evenLightingAboveSpread, prepared.lightingSpread > spread,
           let even = prepared.evenedLighting() {
            prepared = even
        }
        let untouched = prepared
        // A line stamped across the copy is cleared before reading, and the whole page then counts as under a seal:
        // a value the readers agree on is read once more from the untouched page (`SecondReading`).
        let stamped = settings.preparation.removeStampedLines == false ? nil : prepared.withoutStampedLines()
        if let stamped { prepared = stamped.image }
        let wholePage = { (page: PageImage) in stamped == nil ? [Box]() : [Box(x: 0, y: 0, width: page.width, height: page.height)] }
        if let share = settings.preparation.removeRulesLongerThan,
           let unruled = prepared.withoutRuledLines(minimumLength: Int(share * Double(min(prepared.width, prepared.height)))) {
            prepared = unruled
        }
        let (words, seals) = try rereadUnderSeals(prepared, try words(of: prepared))
        let reading = Reading(image: prepared, words: words, classified: classify(words), seals: seals + wholePage(prepared),
                              untouched: untouched, unlevelled: unlevelled)
        guard settings.preparation.orientation, !reading.classified.isCertificate,
              let turns = try quarterTurnsToUpright(prepared), let turned = prepared.rotated(quarterTurns: turns)
        else { return reading }
        let (turnedWords, turnedSeals) = try rereadUnderSeals(turned, try self.words(of: turned))
        let turnedReading = Reading(image: turned, words: turnedWords, classified: classify(turnedWords),
                                    seals: turnedSeals + wholePage(turned), untouched: untouched.rotated(quarterTurns: turns),
                                    unlevelled: unlevelled.rotated(quarterTurns: turns))
        return turnedReading.classified.isCertificate ? turnedReading : reading
    }

    /// The page's words with those of every line a seal covers read again from the page without its seal ink: the
    /// page reading sees the seal's ring and star over the issuer and the date and reads noise there. The band
    /// read again spans the lines the seal touches, across the seal and the whole words it lies on or beside.
    /// A seal is at least half an inch across (official seals are 38–42 mm, a card's 14–20 mm): red title
    /// characters are not seals; and at most two and a half: a red frame round the page is not one either.
    /// Returns the words and the seals whose bands were read again.
    private func rereadUnderSeals(_ image: PageImage, _ words: [RecognizedWord]) throws -> ([RecognizedWord], [Box]) {
        guard settings.preparation.rereadUnderSeals == true else { return (words, []) }
        let seals = image.sealBoxes(minimumSide: max(40, image.effectiveResolution / 2),
                                    maximumSide: max(200, image.effectiveResolution * 5 / 2))
        guard !seals.isEmpty, let clean = image.withoutSealInk(in: seals) else { return (words, []) }
        let engine = try recognizers.pageRecognizer()
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
        return (result, seals)
    }

    /// The quarter turns clockwise that set the page upright, by the first orientation finder that finds it turned;
    /// nil when none does.
    private func quarterTurnsToUpright(_ image: PageImage) throws -> Int? {
        for finder in try recognizers.orientationFinders() {
            let turns = try finder.quarterTurnsToUpright(image) % 4
            if turns != 0 { return turns }
        }
        return nil
    }

    /// The words of the page read at `ocr.page_dpi`: a 300 dpi scan's 55 px characters are larger than the
    /// recogniser needs (reading a third fewer pixels takes about half the time), and a 100 dpi scan's smaller
    /// than it reads well. Boxes come back in the page's own pixels, which the second reading crops from.
    private func words(of image: PageImage) throws -> [RecognizedWord] {
        let pageEngine = try recognizers.pageRecognizer()
        var factor = Double(settings.ocr.pageDPI) / Double(max(1, image.effectiveResolution))
        if !settings.preparation.upscaleLowResolution { factor = min(factor, 1) }
        factor = min(factor, 2)
        guard factor < 0.9 || factor > 1.25,
              let resized = image.scaled(by: factor, sharpened: pageEngine.prefersSharpenedScaling) else {
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
