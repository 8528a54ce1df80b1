import CLeptonica
import CPoppler
import Foundation
import IngestCore

/// An open PDF, through poppler-glib. One per thread: poppler documents are not shared between threads.
public final class PDFDocument: @unchecked Sendable {
    let document: OpaquePointer

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
        let styles = Self.glyphStyles(page, count: Int(count))
        let glyphs = zip(String(cString: text).unicodeScalars, (0..<Int(count)).map { rectangles[$0] }).enumerated()
            .map { index, glyph in
                let (scalar, r) = glyph
                return TextLayerGlyph(character: Character(scalar),
                                      box: IngestCore.Box(x: Int(r.x1 * scale), y: Int(r.y1 * scale),
                                                          width: max(1, Int(((r.x2 - r.x1) * scale).rounded())),
                                                          height: max(1, Int(((r.y2 - r.y1) * scale).rounded()))),
                                      style: styles[index])
            }
        let turned = TextLayerGlyph.turned(glyphs).union(TextLayerGlyph.tallerThanTheirStyle(glyphs))
        return TextLayerGlyph.words(of: glyphs.indices.filter { !turned.contains($0) && !(glyphs[$0].style?.isBackground ?? false) }
            .map { glyphs[$0] })
    }

    /// Each character's font, size and colour, from poppler's text attributes (by character offset); nil where
    /// poppler gives none.
    private static func glyphStyles(_ page: OpaquePointer, count: Int) -> [GlyphStyle?] {
        var styles = [GlyphStyle?](repeating: nil, count: count)
        guard let list = poppler_page_get_text_attributes(page) else { return styles }
        defer { poppler_page_free_text_attributes(list) }
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            if let data = current.pointee.data {
                let attributes = data.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
                let style = GlyphStyle(size: attributes.font_size,
                                       red: Double(attributes.color.red) / 65535,
                                       green: Double(attributes.color.green) / 65535,
                                       blue: Double(attributes.color.blue) / 65535)
                let start = max(0, Int(attributes.start_index)), end = min(count - 1, Int(attributes.end_index))
                if start <= end { for index in start...end { styles[index] = style } }
            }
            node = current.pointee.next
        }
        return styles
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

/// How a text layer's character is drawn: what tells a field's text from a background pattern of words.
struct GlyphStyle: Equatable {
    var size: Double
    var red: Double, green: Double, blue: Double

    /// Light enough to be a background pattern or a watermark, never a certificate's text (grey labels are
    /// darker: about 0.5).
    var isBackground: Bool { 0.299 * red + 0.587 * green + 0.114 * blue >= Self.backgroundLightness }
    static let backgroundLightness = 0.75

    /// Whether two characters are of one run of one style: the same colour, sizes within a tenth. The font may
    /// change within a value (a PDF sets its digits and Latin letters in another font than its Han characters).
    func isSameRun(as other: GlyphStyle) -> Bool {
        abs(size - other.size) <= 0.1 * max(size, other.size)
            && abs(red - other.red) + abs(green - other.green) + abs(blue - other.blue) < 0.1
    }

    /// The style as a word carries it (`RecognizedWord.style`).
    var key: String {
        let colour = [red, green, blue].map { String(Int(($0 * 255).rounded()), radix: 16) }.joined(separator: ",")
        return "\((size * 10).rounded() / 10) pt, colour \(colour)"
    }
}

/// One character of a PDF text layer with its box.
struct TextLayerGlyph {
    var character: Character
    var box: IngestCore.Box
    var style: GlyphStyle? = nil

    /// Glyphs grouped into words: a word ends at white space, a line break, a change of line, or a gap wider than
    /// half a character.
    /// Words of a style much smaller than the largest text on their row (a background pattern's 7 pt words on a
    /// 12 pt line) are left out: they are not a field's text.
    static func words(of glyphs: [TextLayerGlyph]) -> [RecognizedWord] {
        var words: [(word: RecognizedWord, size: Double?)] = []
        var text = "", box: IngestCore.Box?, style: GlyphStyle?
        func flush() {
            if let b = box, !text.isEmpty {
                var word = RecognizedWord(text: text, confidence: 100, box: b)
                word.style = style?.key
                words.append((word, style?.size))
            }
            text = ""; box = nil; style = nil
        }
        for glyph in glyphs {
            guard !glyph.character.isWhitespace else { flush(); continue }
            // Control and format characters (escape codes, direction marks, zero-width joiners) print nothing.
            if glyph.character.unicodeScalars.contains(where: { [.control, .format].contains($0.properties.generalCategory) }) {
                continue
            }
            if let b = box {
                let sameLine = abs(glyph.box.midY - b.midY) < max(b.height, glyph.box.height) / 2
                let gap = glyph.box.x - b.maxX
                let sameStyle = style.flatMap { current in glyph.style.map(current.isSameRun) } ?? (glyph.style == nil)
                if !sameLine || !sameStyle || gap > max(b.height, glyph.box.height) / 2 || gap < -b.height { flush() }
            }
            if text.isEmpty { style = glyph.style }
            text.append(glyph.character)
            box = box.map { $0.union(glyph.box) } ?? glyph.box
        }
        flush()
        return words.filter { candidate in
            guard let size = candidate.size, let box = candidate.word.box else { return true }
            let rowSize = words.filter { other in other.word.box.map { Self.shareARow(box, $0) } ?? false }
                .compactMap(\.size).max() ?? size
            return size >= smallestShareOfItsRow * rowSize
        }.map(\.word)
    }

    /// The indices of glyphs drawn turned: chains of three or more characters each of which overlaps the next one
    /// and lies beside it both across and down, the same way along the chain — a watermark or a pattern written at
    /// an angle. Text on a line lies beside its neighbour across only; text set vertically, down only; the lines
    /// of a page do not overlap. Found by position, not text order: poppler puts a turned glyph on a line of its
    /// own, among the page's lines.
    static func turned(_ glyphs: [TextLayerGlyph]) -> Set<Int> {
        let ink = glyphs.indices.filter { !glyphs[$0].character.isWhitespace }
        func step(_ a: Int, _ b: Int) -> (dx: Int, dy: Int)? {
            let p = glyphs[a].box, q = glyphs[b].box
            // The glyphs of one turned run have boxes of one shape; a glyph of the page's text they pass over has
            // its own (an upright character's box is wider, a digit's narrower).
            guard abs(p.width - q.width) * 10 <= max(p.width, q.width),
                  abs(p.height - q.height) * 10 <= max(p.height, q.height) else { return nil }
            let dx = q.midX - p.midX, dy = q.midY - p.midY
            let across = abs(dx), down = abs(dy)
            guard across * 5 >= p.width, down * 5 >= p.height, across * 5 <= p.width * 6, down * 5 <= p.height * 4
            else { return nil }
            return (dx, dy)
        }
        // Each glyph's diagonal neighbours, with the step to each: only glyphs less than a glyph's height below
        // or above can be one (taken in order of height on the page, so a page's glyphs are not paired all with all).
        let byHeight = ink.sorted { glyphs[$0].box.midY < glyphs[$1].box.midY }
        var next: [Int: [(glyph: Int, dx: Int, dy: Int)]] = [:]
        for (i, a) in byHeight.enumerated() {
            for b in byHeight[(i + 1)...] {
                guard glyphs[b].box.midY - glyphs[a].box.midY <= max(glyphs[a].box.height, glyphs[b].box.height) else { break }
                if let (dx, dy) = step(a, b) { next[a, default: []].append((b, dx, dy)) }
                if let (dx, dy) = step(b, a) { next[b, default: []].append((a, dx, dy)) }
            }
        }
        // A chain's steps are one character's advance along one slant: the same to within a fifth of a character
        // (an upright glyph a turned word's line passes over is not one step along it).
        var turned = Set<Int>()
        for (a, neighbours) in next {
            let size = max(glyphs[a].box.width, glyphs[a].box.height)
            for (b, dx, dy) in neighbours {
                for (c, ex, ey) in next[b] ?? [] where c != a && abs(ex - dx) * 5 <= size && abs(ey - dy) * 5 <= size {
                    turned.formUnion([a, b, c])
                }
            }
        }
        return turned
    }

    /// The indices of glyphs taller than the usual glyph of their style (font, size, colour) by a quarter: a glyph
    /// drawn turned has an upright box taller than its upright siblings', and poppler may put the end of a turned
    /// word on a line it crosses, where no chain of `turned(_:)` shows it (样本 of a turned 电子证书样本 joined to
    /// the 主要负责人 刘海涛 as 刘海涛样本).
    static func tallerThanTheirStyle(_ glyphs: [TextLayerGlyph]) -> Set<Int> {
        let ink = glyphs.indices.filter { !glyphs[$0].character.isWhitespace }
        let byStyle = Dictionary(grouping: ink) { glyphs[$0].style.map { "\($0)" } ?? "" }
        var taller = Set<Int>()
        for (style, members) in byStyle where !style.isEmpty && members.count >= 5 {
            let heights = members.map { glyphs[$0].box.height }.sorted()
            let usual = heights[heights.count / 2]
            taller.formUnion(members.filter { glyphs[$0].box.height * 4 > usual * 5 })
        }
        return taller
    }

    /// A word drawn at less than this share of the largest size on its row is not the row's text.
    static let smallestShareOfItsRow = 0.6

    /// Whether two boxes overlap vertically by at least half the lower one's height.
    static func shareARow(_ a: IngestCore.Box, _ b: IngestCore.Box) -> Bool {
        min(a.maxY, b.maxY) - max(a.y, b.y) >= min(a.height, b.height) / 2
    }
}
