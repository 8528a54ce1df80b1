import IngestCore
import PageImaging

/// The page sources of files on disk: a PDF's pages (its text layer where it has a real one, else rendered) and
/// an image file's frames.
public enum FilePages {
    /// How many pages the file holds, or why it cannot be read at all (empty, not a format we read, encrypted,
    /// damaged). Cheap: headers only, nothing is decoded.
    public static func count(of file: InputFile) -> PageCount {
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
                return .unreadable(error.problem)
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

    /// Page `number` of the file as a person looks at it, a PNG `width` pixels wide, as the file holds it (not
    /// turned upright, nothing painted over): for a viewer of the original. Throws when the page cannot be drawn.
    public static func picture(of file: InputFile, page number: Int, width: Int,
                               pages: PipelineSettings.Pages) throws -> [UInt8] {
        let drawn: [UInt8]?
        switch try open(file, pages: pages).page(number) {
        case let .textLayer(_, picture, _): drawn = picture([], width)
        case let .scan(image): drawn = image.thumbnailPNG(width: width)
        case let .failed(problem): throw PageImagingError.undecodable(problem.message)
        }
        guard let drawn else { throw PageImagingError.renderFailed("page \(number) could not be drawn") }
        return drawn
    }

    /// The file's pages; throws when it cannot be opened at all.
    static func open(_ file: InputFile, pages: PipelineSettings.Pages) throws -> any PageSource<PageImage> {
        if file.format == .pdf { return try PDFPageSource(path: file.source, pages: pages) }
        return ImagePageSource(path: file.source, isTIFF: file.format == .tiff, pages: pages)
    }
}

/// A PDF's pages. A page with a real text layer is exact: its words are read directly and only a small thumbnail
/// is rendered, should a person need to look.
final class PDFPageSource: PageSource {
    let path: String
    private let document: PDFDocument
    private let pages: PipelineSettings.Pages

    /// Refuses a PDF declaring an image over the megapixel limit before poppler decodes any of it (for a render or
    /// a text layer's thumbnail alike): that limit holds for every image, in a file or drawn on a page.
    init(path: String, pages: PipelineSettings.Pages) throws {
        self.path = path
        self.pages = pages
        if let image = PDFEmbeddedImages.largest(inFileAt: path), image.width * image.height > pages.maxMegapixels * 1_000_000 {
            throw PageImagingError.tooLarge(width: image.width, height: image.height, limitMegapixels: pages.maxMegapixels)
        }
        document = try PDFDocument(path: path)
    }

    func page(_ number: Int) throws -> SourcePage<PageImage> {
        guard number <= document.pageCount else { throw PageImagingError.damaged("it has no page \(number)") }
        let index = number - 1
        let layer = document.text(page: index)
        if layer.filter({ !$0.isWhitespace }).count >= pages.textLayerMinCharacters {
            // The layer's words with their boxes: extraction reads a born-digital page's layout as a scan's.
            let recognized = RecognizedPage(words: document.textWords(page: index), origin: .textLayer)
            // The layer's boxes are in pixels at 300 dpi.
            return .textLayer(recognized, picture: { [document] personal, width in
                // Rendered at the width asked for (an A4 page is 595 points wide).
                let dpi = 72 * Double(width) / 595
                return (try? document.render(page: index, dpi: dpi, maxMegapixels: 20))?
                    .paintedOver(personal, scale: dpi / 300)?.thumbnailPNG(width: width)
            }, rendered: { [document, pages] in
                try? document.render(page: index, dpi: 300, maxMegapixels: pages.maxMegapixels)
            })
        }
        do {
            return .scan(try document.renderScan(page: index, dpi: pages.renderDPI, maxMegapixels: pages.maxMegapixels))
        } catch let error as PageImagingError {
            return .failed(error.problem)
        } catch {
            return .failed(Problem(rule: "page.unreadable", field: nil, message: "\(error)"))
        }
    }
}

/// An image file's frames (a TIFF may hold several). A first frame that cannot be decoded makes the whole file
/// unreadable; a later one fails alone.
final class ImagePageSource: PageSource {
    let path: String
    private let isTIFF: Bool
    private let pages: PipelineSettings.Pages

    init(path: String, isTIFF: Bool, pages: PipelineSettings.Pages) {
        self.path = path; self.isTIFF = isTIFF; self.pages = pages
    }

    func page(_ number: Int) throws -> SourcePage<PageImage> {
        do {
            return .scan(try ImageReader.read(path: path, index: number - 1, isTIFF: isTIFF,
                                              maxMegapixels: pages.maxMegapixels, minimumSide: pages.minimumSide))
        } catch let error as PageImagingError where number > 1 {
            return .failed(error.problem)
        }
    }
}

extension PageImagingError {
    /// The reason an input or a page is refused, as the rejected-item report shows it.
    var problem: Problem {
        let rule: String
        switch self {
        case .encrypted: rule = "input.encrypted"
        case .tooLarge: rule = "input.too_large"
        case .tooSmall: rule = "input.too_small"
        case .damaged, .undecodable: rule = "input.corrupt"
        case .renderFailed: rule = "input.render_failed"
        }
        return Problem(rule: rule, field: nil, message: description)
    }
}
