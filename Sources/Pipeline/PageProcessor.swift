import Extraction
import Foundation
import IngestCore
import PageImaging
import Rules
import TesseractOCR

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
    /// Preparation and the page reading, with this worker's engines.
    private let reader: PageReader
    /// Held while a certificate is finished (see `analyse(_:)`).
    private let fieldReading = NSLock()

    public init(settings: PipelineSettings, extractor: PageExtractor, validator: Validator, asOf: PrintedDate,
                knownCompanyNames: Set<String> = [], recognizerThreads: Int = 1) {
        self.settings = settings; self.extractor = extractor; self.validator = validator; self.asOf = asOf
        self.knownCompanyNames = knownCompanyNames
        corrector = FieldCorrector(rules: validator.rules)
        reader = PageReader(settings: settings, recognizerThreads: recognizerThreads)
    }

    /// How many pages the file holds, or why it cannot be read at all (empty, not a format we read, encrypted,
    /// damaged). Cheap: headers only, nothing is decoded.
    public static func pageCount(of file: InputFile) -> PageCount {
        switch file.format {
        case nil where file.byteCount == 0:
            return .unreadable(Problem(rule: "input.empty", field: nil,
                                    message: "the file is empty (0 bytes): it was not saved or copied completely"))
        case nil:
            return .unreadable(Problem(rule: "input.unsupported_format", field: nil,
                                    message: "not a PDF, JPEG, PNG, TIFF, BMP or WebP file, whatever its name says"))
        case .pdf:
            do {
                let count = try PDFDocument(path: file.source).pageCount
                guard count > 0 else { throw PageImagingError.damaged("it has no pages") }
                return .pages(count)
            } catch let error as PageImagingError {
                return .unreadable(problem(for: error))
            } catch {
                return .unreadable(Problem(rule: "input.unreadable", field: nil, message: "\(error)"))
            }
        case let .some(format):
            return .pages(ImageReader.pageCount(path: file.source, isTIFF: format == .tiff))
        }
    }

    public enum PageCount {
        case pages(Int)
        case unreadable(Problem)
    }

    /// What reading one page gave: its items (one, or one per card when several cards were scanned on it), or a
    /// reason the whole file cannot be read (an image whose only or first frame cannot be decoded, a PDF that no
    /// longer opens).
    public enum PageReading {
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
        let image: PageImage
        let words: [RecognizedWord]
        let page: Int
    }

    /// The first stage of reading page `page` (1-based) of the file: decoding, preparation and the page reading.
    public func recognize(_ file: InputFile, page: Int) -> PageInHand {
        do {
            if file.format == .pdf { return try pdfPage(file.source, number: page) }
            return try imagePage(file.source, number: page, isTIFF: file.format == .tiff)
        } catch let error as PageImagingError {
            let problem = Self.problem(for: error)
            return .done(page == 1 || file.format == .pdf ? .fileFailed(problem) : .items([.failed(page: page, problem: problem)]))
        } catch {
            return .done(.fileFailed(Problem(rule: "input.unreadable", field: nil, message: "\(error)")))
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

    static func problem(for error: PageImagingError) -> Problem {
        let rule: String
        switch error {
        case .encrypted: rule = "input.encrypted"
        case .tooLarge: rule = "input.too_large"
        case .tooSmall: rule = "input.too_small"
        case .damaged, .undecodable: rule = "input.corrupt"
        case .renderFailed: rule = "input.render_failed"
        }
        return Problem(rule: rule, field: nil, message: error.description)
    }

    // MARK: pages

    /// The PDF this worker read last: pages of one file mostly come to the same worker in turn.
    private var openDocument: (path: String, document: PDFDocument)?

    private func pdfPage(_ path: String, number: Int) throws -> PageInHand {
        let document: PDFDocument
        if let open = openDocument, open.path == path {
            document = open.document
        } else {
            openDocument = nil  // the previous one is closed before the next one opens
            document = try PDFDocument(path: path)
            openDocument = (path, document)
        }
        guard number <= document.pageCount else { throw PageImagingError.damaged("it has no page \(number)") }
        let index = number - 1
        let layer = document.text(page: index)
        if layer.filter({ !$0.isWhitespace }).count >= settings.pages.textLayerMinCharacters {
            // A real text layer is exact: read it directly, render only a small thumbnail (if a person must look).
            // The layer's words with their boxes: extraction reads a born-digital page's layout as a scan's.
            let recognized = RecognizedPage(words: document.textWords(page: index), origin: .textLayer)
            let thumbnailDPI = 72 * Double(settings.pages.thumbnailWidth) / 595
            return .done(.items([analyse(recognized, page: number) { [settings] personal in
                // The layer's boxes are in pixels at 300 dpi.
                (try? document.render(page: index, dpi: thumbnailDPI, maxMegapixels: 10))?
                    .paintedOver(personal, scale: thumbnailDPI / 300)?.thumbnailPNG(width: settings.pages.thumbnailWidth)
            }]))
        }
        do {
            let image = try document.render(page: index, dpi: settings.pages.renderDPI,
                                            maxMegapixels: settings.pages.maxMegapixels)
            return try recognize(image, page: number)
        } catch let error as PageImagingError {
            return .done(.items([.failed(page: number, problem: Self.problem(for: error))]))
        } catch {
            return .done(.items([.failed(page: number, problem: Problem(rule: "page.unreadable", field: nil,
                                                                        message: "\(error)"))]))
        }
    }

    private func imagePage(_ path: String, number: Int, isTIFF: Bool) throws -> PageInHand {
        let image = try ImageReader.read(path: path, index: number - 1, isTIFF: isTIFF,
                                         maxMegapixels: settings.pages.maxMegapixels,
                                         minimumSide: settings.pages.minimumSide)
        return try recognize(image, page: number)
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
        let (image, words) = try reader.read(scanned) { words in
            extractor.classifier.classify(LineBuilder.lines(of: RecognizedPage(words: words, origin: .ocr))).type
                != .unknown
        }
        return RecognizedCertificate(image: image, words: words, page: page)
    }

    /// Extraction, the second reading and validation of a recognised certificate. One at a time: the engines that
    /// read fields alone are this worker's, and a page of cards is finished in the first stage while the previous
    /// page may still be finishing in the second.
    private func analyse(_ recognized: RecognizedCertificate) throws -> PageOutcome {
        fieldReading.lock()
        defer { fieldReading.unlock() }
        let (image, words, page) = (recognized.image, recognized.words, recognized.page)
        let secondReading = settings.ocr.secondReading
            ? SecondReading(pageReader: try reader.pageRecognizer().name, engine: try reader.fieldEngine(),
                            corrector: corrector,
                            crossCheckEngine: try reader.crossCheckEngine(),
                            crossCheckLineHeights: settings.ocr.crossCheckLineHeights ?? [40, 32, 24],
                            crossCheckFields: settings.ocr.crossCheckFields ?? [FieldName.holder, FieldName.company],
                            knownCompanyNames: knownCompanyNames, validator: validator, asOf: asOf,
                            lineHeights: settings.ocr.secondReadingLineHeights,
                            dropRedInk: settings.ocr.secondReadingDropsRedInk,
                            settledConfidence: settings.ocr.secondReadingSettledConfidence,
                            agreementRequired: settings.ocr.agreementRequired ?? false,
                            provenByRules: Set(settings.ocr.provenByRules ?? [])) : nil
        var outcome = analyse(RecognizedPage(words: words, origin: .ocr), page: page,
                              thumbnail: { [settings] personal in
                                  image.paintedOver(personal)?.thumbnailPNG(width: settings.pages.thumbnailWidth)
                              }) { result in
            guard let secondReading else { return [] }
            let reread = secondReading.apply(to: result, words: words, pageExtractor: extractor, image: image)
            result.fields = reread.fields
            return reread.problems
        }
        outcome.pageWidth = image.width
        outcome.pageHeight = image.height
        return outcome
    }

    // MARK: analysis

    /// The pure part: classification, extraction, correction and validation of a page's text.
    /// `refine` may improve the extracted fields (the second reading) and returns problems it found.
    /// `thumbnail` is made only for a page a person must look at: the archive keeps none for accepted pages. It is
    /// given the boxes of the personal numbers to paint over (none unless `pages.paintsOverPersonalNumbers`).
    func analyse(_ recognized: RecognizedPage, page: Int, thumbnail: ([Box]) -> [UInt8]?,
                 refine: (inout PageExtractor.Result) -> [Problem] = { _ in [] }) -> PageOutcome {
        var result = extractor.extract(recognized)
        if recognized.origin == .textLayer {
            for name in result.fields.keys { result.fields[name]?.evidence = .textLayer }
        }
        let refinementProblems = refine(&result)
        corrector.correct(&result.fields)
        var verdict = validator.validate(type: result.type, fields: result.fields, asOf: asOf)
        verdict.problems += refinementProblems
        if recognized.origin == .ocr { verdict.problems += validator.confusableCharacterProblems(result.fields) }
        if result.lines.isEmpty {
            verdict.problems = [Problem(rule: "page.no_text", field: nil,
                                        message: "no text was found on the page (blank, or a picture)")]
        }
        return PageOutcome(page: page, type: result.type, origin: recognized.origin, fields: result.fields,
                           problems: verdict.problems, flags: verdict.flags,
                           thumbnailPNG: verdict.problems.isEmpty ? nil : thumbnail(personalBoxes(result)),
                           text: result.lines.map(\.text).joined(separator: "\n"))
    }

    /// Where the page prints its personal numbers, when thumbnails must not show them.
    private func personalBoxes(_ result: PageExtractor.Result) -> [Box] {
        guard settings.pages.paintsOverPersonalNumbers else { return [] }
        return result.fields.compactMap { name, field in
            Masking.isPersonal(field: name, type: result.type) ? field.span ?? field.box : nil
        }
    }
}
