import Archive
import IngestCore
import PageImaging

/// A page image for one who may not see personal numbers whole (a viewer, the read-only API key): the number's
/// place painted over. A number whose place on the page is not known cannot be painted: then no image.
enum PaintedPage {
    /// The item's fields that hold a personal number (a 身份证号, or a certificate number made of one).
    static func personalFields(of item: StoredItem) -> [String] {
        item.fields.filter { name, field in !field.value.isEmpty && Masking.isPersonal(field: name, type: item.type) }
            .keys.sorted()
    }

    /// The PNG with every personal number of the item painted over; nil when one has no known place or the
    /// image cannot be decoded.
    static func png(_ png: [UInt8], item: StoredItem) -> [UInt8]? {
        let boxes = personalFields(of: item).map { item.fields[$0]?.span ?? item.fields[$0]?.box }
        guard boxes.allSatisfy({ $0 != nil }), let image = try? ImageReader.readPNG(bytes: png, maxMegapixels: 40) else {
            return nil
        }
        // The boxes are in the page's pixels as it was read; the image is that page scaled to its own width.
        let scale = Double(image.width) / Double(item.pageWidth ?? image.width)
        return image.paintedOver(boxes.compactMap { $0 }, scale: scale)?.thumbnailPNG(width: image.width)
    }
}
