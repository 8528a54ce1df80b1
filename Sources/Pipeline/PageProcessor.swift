import Extraction
import Foundation
import IngestCore
import PageImaging
import Rules

/// Turns one page of an input file into its outcome: pages → recognition → classification → extraction → second reading →
/// correction → validation.
/// One per worker: it owns that worker's engines, made on first use and reused for every page. Its two stages
/// (`recognize`, `finish`) may run on two threads at once, one page each: a worker with a core to spare recognises
/// the next page while its finisher finishes this one; the engines each stage uses are its own or locked.
public final class PageProcessor {
    let settings: PipelineSettings
    let extractor: PageExtractor
    let validator: Validator
    let asOf: PrintedDate
    let corrector: FieldCorrector
    /// Company names the archive held when the run began: a doubtful name that is one of them is settled.
    let knownCompanyNames: Set<String>
    /// Where each key field's readings by every recogniser are written, for the reader-pair measurement; nil: none.
    let readerTrace: ReaderTrace?
    /// Preparation and the page reading, with this worker's engines.
    private let reader: PageReader
    /// Held while a certificate is finished (see `analyse(_:)`).
    private let fieldReading = NSLock()

    public init(settings: PipelineSettings, extractor: PageExtractor, validator: Validator, asOf: PrintedDate,
                recognizers: any WorkerRecognizers, knownCompanyNames: Set<String> = [], readerTrace: ReaderTrace? = nil) {
        self.settings = settings; self.extractor = extractor; self.validator = validator; self.asOf = asOf
        self.knownCompanyNames = knownCompanyNames
        self.readerTrace = readerTrace
        corrector = FieldCorrector(rules: validator.rules)
        reader = PageReader(settings: settings, recognizers: recognizers)
    }

    /// What reading one page gave: its items (one, or one per card when several cards were scanned on it), or a
    /// reason the whole file cannot be read (an image whose only or first frame cannot be decoded, a PDF that no
    /// longer opens).
    public enum PageReading: Sendable {
        case items([PageOutcome])
        case fileFailed(Problem)
    }

    /// A page after the first stage: its items already (a born-digital page, a failure, a page of several cards),
    /// or a certificate the page recogniser has read whose fields are still to be extracted, read again alone and
    /// validated by `finish`. The runner finishes one page while the next is recognised: the second reading is
    /// tesseract on one core, and the page recogniser makes use of the other.
    public enum PageInHand {
        case done(PageReading)
        case certificate(RecognizedCertificate)
    }

    /// A certificate image as the page recogniser read it: the prepared image (boxes refer to it) and its words.
    public struct RecognizedCertificate {
        let reading: PageReader.Reading
        let page: Int
        /// The file it came from, for the reader trace.
        var source = ""
        /// A fax's page (`PageImage.isLossyCopy`): names that readers agree on are not taken unseen.
        var isLossyCopy = false
    }

    /// The first stage of reading page `page` (1-based) of the file: taking the page from its source, then for a
    /// scan preparation and the page reading.
    public func recognize(_ file: InputFile, page: Int) -> PageInHand {
        let sourcePage: SourcePage<PageImage>
        do {
            sourcePage = try pageSource(for: file).page(page)
        } catch let changed as InputChanged {
            return .done(.fileFailed(changed.problem))
        } catch let error as PageImagingError {
            return .done(.fileFailed(error.problem))
        } catch {
            return .done(.fileFailed(Problem(rule: "input.unreadable", field: nil, message: "\(error)")))
        }
        let inHand = recognize(sourcePage, page: page)
        guard case var .certificate(recognized) = inHand else { return inHand }
        recognized.source = file.source
        return .certificate(recognized)
    }

    /// The first stage for a page already taken from its source. A scan whose reading fails fails alone.
    public func recognize(_ sourcePage: SourcePage<PageImage>, page: Int) -> PageInHand {
        switch sourcePage {
        case let .failed(problem):
            return .done(.items([.failed(page: page, problem: problem)]))
        case let .textLayer(recognized, picture, rendered):
            return .done(.items([analyseTextLayer(recognized, page: page, picture: picture, rendered: rendered)]))
        case let .scan(image):
            do {
                return try recognize(image, page: page)
            } catch let error as PageImagingError {
                return .done(.items([.failed(page: page, problem: error.problem)]))
            } catch {
                return .done(.items([.failed(page: page, problem: Problem(rule: "page.unreadable", field: nil,
                                                                          message: "\(error)"))]))
            }
        }
    }

    /// The second stage: extraction, the second reading and validation of a recognised certificate.
    public func finish(_ inHand: PageInHand) -> PageReading {
        switch inHand {
        case let .done(reading):
            return reading
        case let .certificate(recognized):
            do {
                return .items([try analyse(recognized)])
            } catch {
                return .fileFailed(Problem(rule: "input.unreadable", field: nil, message: "\(error)"))
            }
        }
    }

    // MARK: pages

    /// The file this worker read last: pages of one file mostly come to the same worker in turn.
    private var openSource: (any PageSource<PageImage>)?

    private func pageSource(for file: InputFile) throws -> any PageSource<PageImage> {
        if let open = openSource, open.path == file.source { return open }
        openSource = nil  // the previous one is closed before the next one opens
        // A file still being written when it was taken in has grown since: its pages are not the content hashed.
        let size = ((try? FileManager.default.attributesOfItem(atPath: file.source))?[.size] as? NSNumber)?.intValue
        if let size, size != file.byteCount { throw InputChanged(from: file.byteCount, to: size) }
        let source = try FilePages.open(file, pages: settings.pages)
        openSource = source
        return source
    }

    /// A scanned page in hand: one item per card when several cards lie on it (finished here: which cut-outs are
    /// cards is known only from their fields), else the page recognised as one certificate.
    private func recognize(_ scanned: PageImage, page: Int) throws -> PageInHand {
        if let cards = settings.cards, cards.separate,
           let separated = try readCards(on: scanned, page: page, settings: cards) {
            return .done(.items(separated))
        }
        return .certificate(try recognizeCertificate(scanned, page: page))
    }

    /// Reads an image (a page, or one card cut out of it) as one certificate, both stages.
    func readCertificate(_ scanned: PageImage, page: Int) throws -> PageOutcome {
        try analyse(try recognizeCertificate(scanned, page: page))
    }

    /// The page recogniser's reading of an image, turned upright when it did not read as any certificate.
    private func recognizeCertificate(_ scanned: PageImage, page: Int) throws -> RecognizedCertificate {
        let reading = try reader.read(scanned) { words in extractor.classify(RecognizedPage(words: words, origin: .ocr)) }
        return RecognizedCertificate(reading: reading, page: page, isLossyCopy: scanned.isLossyCopy)
    }

    /// Extraction, the second reading and validation of a recognised certificate. One at a time: the engines that
    /// read fields alone are this worker's, and a page of cards is finished in the first stage while the previous
    /// page may still be finishing in the second.
    private func analyse(_ recognized: RecognizedCertificate) throws -> PageOutcome {
        fieldReading.lock()
        defer { fieldReading.unlock() }
        let (image, words, page) = (recognized.reading.image, recognized.reading.words, recognized.page)
        let recognizers = reader.recognizers
        var secondReading = settings.ocr.secondReading
            ? SecondReading(pageReader: try recognizers.pageRecognizer().name, engine: try recognizers.fieldRecognizer(),
                            corrector: corrector,
                            crossCheckEngine: try recognizers.crossCheckRecognizer(),
                            crossCheckLineHeights: settings.ocr.crossCheckLineHeights ?? [40, 32, 24],
                            crossCheckFields: settings.ocr.crossCheckFields ?? [FieldName.holder, FieldName.company],
                            knownCompanyNames: knownCompanyNames, validator: validator, asOf: asOf,
                            lineHeights: settings.ocr.secondReadingLineHeights,
                            dropRedInk: settings.ocr.secondReadingDropsRedInk,
                            settledConfidence: settings.ocr.secondReadingSettledConfidence,
                            agreementRequired: settings.ocr.agreementRequired ?? false,
                            provenByRules: Set(settings.ocr.provenByRules ?? []),
                            untouchedEngine: try recognizers.untouchedRecognizer(),
                            otherFamilyEngine: { try? recognizers.recognizer(named: "tesseract") }) : nil
        if let readerTrace, secondReading != nil {
            secondReading?.traceEngines = readerTrace.readers.compactMap { try? recognizers.recognizer(named: $0) }
            secondReading?.trace = { field, type, readings in
                readerTrace.record(source: recognized.source, page: page, type: type, field: field, readings: readings)
            }
        }
        var outcome = analyse(recognized.reading.classified, page: page,
                              picture: { personal, width in image.paintedOver(personal)?.thumbnailPNG(width: width) }) { result in
            var problems: [Problem] = []
            if let secondReading {
                let reread = secondReading.apply(to: result, words: words, pageExtractor: extractor, image: image,
                                                 seals: recognized.reading.seals, untouched: recognized.reading.untouched)
                result.fields = reread.fields
                problems = reread.problems
            }
            guard result.type != .unknown else { return problems }
            let lossy = recognized.isLossyCopy
                ? LossyCopy.problems(result.fields, names: secondReading?.crossCheckFields ?? [], knownNames: knownCompanyNames)
                : []
            return problems + lossy + FieldVisibility(validator: validator, asOf: asOf)
                .problems(result.fields, type: result.type, words: words, image: image,
                          creased: recognized.reading.unlevelled)
        }
        outcome.pageWidth = image.width
        outcome.pageHeight = image.height
        return outcome
    }

    /// A born-digital page's analysis: a field whose glyphs are of mixed styles is read on the rendered page by
    /// this worker's field recogniser (`TextLayerFields`).
    private func analyseTextLayer(_ recognized: RecognizedPage, page: Int,
                                  picture: ([Box], Int) -> [UInt8]?, rendered: @escaping () -> PageImage?) -> PageOutcome {
        var image: PageImage??
        let layer = TextLayerFields { [self] box in
            if image == nil { image = .some(rendered()) }
            guard let image = image ?? nil, let engine = try? reader.recognizers.fieldRecognizer() else { return nil }
            fieldReading.lock()
            defer { fieldReading.unlock() }
            let scale = max(0.5, min(2, 48 / Double(max(1, box.height))))
            return SecondReading.readLine(box, scale: scale, in: image, engine: engine)?.0.text
        }
        return analyse(recognized, page: page, picture: picture) { result in
            layer.settle(&result, words: recognized.words, extractor: extractor)
        }
    }

    // MARK: analysis

    /// The pure part: classification, extraction, correction and validation of a page's text.
    /// `refine` may improve the extracted fields (the second reading) and returns problems it found.
    /// `thumbnail` is made only for a page a person must look at: the archive keeps none for accepted pages. It is
    /// given the boxes of the personal numbers to paint over (none unless `pages.paintsOverPersonalNumbers`).
    func analyse(_ recognized: RecognizedPage, page: Int, picture: ([Box], Int) -> [UInt8]?,
                 refine: (inout PageExtractor.Result) -> [Problem] = { _ in [] }) -> PageOutcome {
        analyse(extractor.classify(recognized), page: page, picture: picture, refine: refine)
    }

    func analyse(_ classified: PageExtractor.ClassifiedPage, page: Int, picture: ([Box], Int) -> [UInt8]?,
                 refine: (inout PageExtractor.Result) -> [Problem] = { _ in [] }) -> PageOutcome {
        let recognized = classified.page
        var result = extractor.extract(classified)
        if recognized.origin == .textLayer {
            for name in result.fields.keys { result.fields[name]?.evidence = .textLayer }
        }
        let refinementProblems = refine(&result)
        corrector.correct(&result.fields)
        var verdict = validator.validate(type: result.type, fields: result.fields, asOf: asOf)
        verdict.problems += refinementProblems
        if result.type != .unknown {
            let dates = PrintedDateChecks.check(result.fields, type: result.type, rules: validator.rules,
                                                pageText: result.lines.map(\.text).joined(separator: "\n"))
            verdict.problems += dates.problems
            verdict.flags += dates.flags
        }
        if recognized.origin == .ocr { verdict.problems += validator.confusableCharacterProblems(result.fields) }
        if result.lines.isEmpty {
            verdict.problems = [Problem(rule: "page.no_text", field: nil,
                                        message: "no text was found on the page (blank, or a picture)")]
        }
        // The thumbnail goes into rejected.html, a file for whoever runs ingest: its personal numbers are always
        // painted over, as its text masks them. The review image is a reviewer's (whole unless encrypted).
        var outcome = PageOutcome(page: page, type: result.type, origin: recognized.origin, fields: result.fields,
                                  problems: verdict.problems, flags: verdict.flags,
                                  thumbnailPNG: verdict.problems.isEmpty ? nil
                                      : picture(personalBoxes(result, always: true), settings.pages.thumbnailWidth),
                                  text: result.lines.map(\.text).joined(separator: "\n"))
        // Kept for a page in review, and for one showing a personal number: the original is shown whole only to
        // those who may see the number, so others are shown this image with the number painted over.
        let showsPersonalNumber = result.fields.contains { name, field in
            !field.value.isEmpty && Masking.isPersonal(field: name, type: result.type)
        }
        if !verdict.problems.isEmpty || showsPersonalNumber, let width = settings.pages.reviewImageWidth {
            outcome.reviewImagePNG = picture(personalBoxes(result), width)
        }
        return outcome
    }

    /// Where the page prints its personal numbers, when thumbnails must not show them.
    private func personalBoxes(_ result: PageExtractor.Result, always: Bool = false) -> [Box] {
        guard always || settings.pages.paintsOverPersonalNumbers else { return [] }
        return result.fields.compactMap { name, field in
            Masking.isPersonal(field: name, type: result.type) ? field.span ?? field.box : nil
        }
    }
}

/// A file whose size changed between intake (when it was hashed) and the reading of its pages: still being
/// written. It is set aside with its reason; its new content is a new input to the next run.
struct InputChanged: Error {
    var from: Int, to: Int

    var problem: Problem {
        Problem(rule: "input.changed", field: nil,
                message: "the file changed after it was taken in (\(from) bytes, now \(to)): it is still being written; "
                    + "it was set aside, and the next run reads it as it then is")
    }
}
