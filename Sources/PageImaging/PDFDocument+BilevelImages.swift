import CPoppler

extension PDFDocument {
    /// The page rendered for recognition, marked `isLossyCopy` when what it shows is a fax's: a page drawn from a
    /// black-and-white image of less than 300 dpi on an axis (fax-to-mail servers send a fax as a PDF holding the
    /// 1-bit 204 × 98 dpi image). Rendering makes it grey and square, but the strokes the fax lost stay lost to
    /// every reader alike, as in a 1-bit TIFF.
    public func renderScan(page index: Int, dpi: Double, maxMegapixels: Int) throws -> PageImage {
        let image = try render(page: index, dpi: dpi, maxMegapixels: maxMegapixels)
        if let resolution = lowestBilevelImageResolution(page: index), resolution < 300 {
            image.isLossyCopy = true
        }
        return image
    }

    /// The lowest resolution (dots an inch, on either axis) of the black-and-white images that cover most of the
    /// page; nil when no such image does. An image is black and white when every pixel poppler decodes is pure
    /// black or pure white: a colour or grey scan fails at its first pixel of paper.
    func lowestBilevelImageResolution(page index: Int) -> Double? {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var widthPt = 0.0, heightPt = 0.0
        poppler_page_get_size(page, &widthPt, &heightPt)
        guard let mappings = poppler_page_get_image_mapping(page) else { return nil }
        defer { poppler_page_free_image_mapping(mappings) }
        var lowest: Double?
        var node: UnsafeMutablePointer<GList>? = mappings
        while let current = node {
            node = current.pointee.next
            guard let data = current.pointee.data else { continue }
            let mapping = data.assumingMemoryBound(to: PopplerImageMapping.self).pointee
            let areaWidth = abs(mapping.area.x2 - mapping.area.x1), areaHeight = abs(mapping.area.y2 - mapping.area.y1)
            guard areaWidth * areaHeight >= 0.5 * widthPt * heightPt,
                  let surface = poppler_page_get_image(page, mapping.image_id) else { continue }
            defer { cairo_surface_destroy(surface) }
            guard Self.isBilevel(surface) else { continue }
            let across = Double(cairo_image_surface_get_width(surface)) / (areaWidth / 72)
            let down = Double(cairo_image_surface_get_height(surface)) / (areaHeight / 72)
            lowest = min(lowest ?? .infinity, across, down)
        }
        return lowest
    }

    private static func isBilevel(_ surface: OpaquePointer) -> Bool {
        let format = cairo_image_surface_get_format(surface)
        if format == CAIRO_FORMAT_A1 { return true }
        guard format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32,
              let data = cairo_image_surface_get_data(surface) else { return false }
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let colour = row[x] & 0x00FF_FFFF
                if colour != 0 && colour != 0x00FF_FFFF { return false }
            }
        }
        return true
    }
}
