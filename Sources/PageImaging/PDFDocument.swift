import CLeptonica
import CPoppler
import Foundation

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
