import CLeptonica
import CPoppler
import Foundation
import IngestCore

/// An open PDF, through poppler-glib. One per thread: poppler documents are not shared between threads.
public final class PDFDocument: @unchecked Sendable {
    private let document: OpaquePointer

    /// Cairo image surfaces cannot exceed this many pixels a side.
    private static let cairoMaxSide = 32767

    public init(path: String) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path  // g_filename_to_uri wants an absolute path
        var error: UnsafeMutablePointer<GError>?
        guard let uri = g_filename_to_uri(absolute, nil, &error) else {
            defer { g_error_free(error) }
            throw PageImagingError.damaged(Self.message(error))
        }
        defer { g_free(uri) }
        guard let doc = poppler_document_new_from_file(uri, nil, &error) else {
            defer { if error != nil { g_error_free(error) } }
            if let e = error, e.pointee.domain == poppler_error_quark(),
               e.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw PageImagingError.encrypted
            }
            throw PageImagingError.damaged(Self.message(error))
        }
        document = doc
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(document))
    }

    public var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    /// The page's own text layer (0-based index), "" for a scanned page.
    public func text(page index: Int) -> String {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return "" }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        guard let text = poppler_page_get_text(page) else { return "" }
        defer { g_free(text) }
        return String(cString: text)
    }

    /// The page's text layer as words with boxes, in the pixels of the page rendered at `dpi`: a word is a run of
    /// characters on one baseline without a space or a gap of more than half a character between them. Empty for a
    /// scanned page. The boxes let extraction work on a born-digital page's layout as on a scan's.
    public func textWords(page index: Int, dpi: Double = 300) -> [RecognizedWord] {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return [] }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        guard let text = poppler_page_get_text(page) else { return [] }
        defer { g_free(text) }
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rectangles else { return [] }
        defer { g_free(rectangles) }
        let scale = dpi / 72
        let glyphs = zip(String(cString: text).unicodeScalars, (0..<Int(count)).map { rectangles[$0] }).map { scalar, r in
            TextLayerGlyph(character: Character(scalar),
                           box: IngestCore.Box(x: Int(r.x1 * scale), y: Int(r.y1 * scale),
                                    width: max(1, Int(((r.x2 - r.x1) * scale).rounded())),
                                    height: max(1, Int(((r.y2 - r.y1) * scale).rounded()))))
        }
        return TextLayerGlyph.words(of: glyphs)
    }

    /// Renders the page at `dpi` straight into a Leptonica image, white background, no temporary file.
    public func render(page index: Int, dpi: Double, maxMegapixels: Int) throws -> PageImage {
        guard let page = poppler_document_get_page(document, Int32(index)) else {
            throw PageImagingError.renderFailed("page \(index + 1) cannot be loaded")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var widthPt = 0.0, heightPt = 0.0
        poppler_page_get_size(page, &widthPt, &heightPt)
        let scale = dpi / 72
        let w = Int((widthPt * scale).rounded(.up)), h = Int((heightPt * scale).rounded(.up))
        guard w > 0, h > 0 else { throw PageImagingError.renderFailed("page \(index + 1) has no size") }
        guard w <= Self.cairoMaxSide, h <= Self.cairoMaxSide, w * h <= maxMegapixels * 1_000_000 else {
            throw PageImagingError.tooLarge(width: w, height: h, limitMegapixels: maxMegapixels)
        }
        guard let pix = pixCreateNoInit(Int32(w), Int32(h), 32) else {
            throw PageImagingError.renderFailed("no memory for a \(w)x\(h) page")
        }
        let image = PageImage(owning: pix)
        let wpl = Int(pixGetWpl(pix))
        guard let data = pixGetData(pix) else { throw PageImagingError.renderFailed("no pixel buffer") }
        let surface = cairo_image_surface_create_for_data(
            UnsafeMutableRawPointer(data).assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_RGB24,
            Int32(w), Int32(h), Int32(wpl * 4))
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)  // poppler paints no background
        cairo_scale(cr, scale, scale)
        poppler_page_render(page, cr)
        let status = cairo_status(cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PageImagingError.renderFailed(String(cString: cairo_status_to_string(status)))
        }
        // cairo stores 0x00RRGGBB per word; leptonica wants 0xRRGGBBAA.
        for k in 0..<wpl * h { data[k] <<= 8 }
        image.setResolution(Int(dpi))
        return image
    }

    private static func message(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error, let text = error.pointee.message else { return "unknown error" }
        return String(cString: text)
    }
}

/// One character of a PDF text layer with its box.
struct TextLayerGlyph {
    var character: Character
    var box: IngestCore.Box

    /// Glyphs grouped into words: a word ends at white space, a line break, a change of line, or a gap wider than
    /// half a character.
    static func words(of glyphs: [TextLayerGlyph]) -> [RecognizedWord] {
        var words: [RecognizedWord] = []
        var text = "", box: IngestCore.Box?
        func flush() {
            if let b = box, !text.isEmpty { words.append(RecognizedWord(text: text, confidence: 100, box: b)) }
            text = ""; box = nil
        }
        for glyph in glyphs {
            guard !glyph.character.isWhitespace else { flush(); continue }
            if let b = box {
                let sameLine = abs(glyph.box.midY - b.midY) < max(b.height, glyph.box.height) / 2
                let gap = glyph.box.x - b.maxX
                if !sameLine || gap > max(b.height, glyph.box.height) / 2 || gap < -b.height { flush() }
            }
            text.append(glyph.character)
            box = box.map { $0.union(glyph.box) } ?? glyph.box
        }
        flush()
        return words
    }
}
