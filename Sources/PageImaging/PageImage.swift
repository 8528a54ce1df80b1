import CLeptonica
import IngestCore

/// A page's pixels: an owned Leptonica PIX. Moved between stages, never shared between threads
/// (leptonica's reference counts are not atomic).
public final class PageImage: @unchecked Sendable {
    package let pix: UnsafeMutablePointer<Pix>
    /// Its pixels came from a 1-bit image of less than 300 dots an inch on an axis (a fax): a stroke the copy lost
    /// is lost to every reader alike, so readers that agree prove less (`withSquarePixels` marks it).
    public internal(set) var isLossyCopy = false

    /// Takes ownership of `pix`.
    package init(owning pix: UnsafeMutablePointer<Pix>) {
        self.pix = pix
    }

    deinit {
        destroy(pix)
    }

    /// A white page of the given size (a stage's input where only its size matters); nil for an absurd size.
    public static func white(width: Int, height: Int, resolution: Int = 300) -> PageImage? {
        guard (1...20_000).contains(width), (1...20_000).contains(height),
              let pix = pixCreate(Int32(width), Int32(height), 32) else { return nil }
        pixSetAll(pix)
        let image = PageImage(owning: pix)
        image.setResolution(resolution)
        return image
    }

    public var width: Int { Int(pixGetWidth(pix)) }
    public var height: Int { Int(pixGetHeight(pix)) }
    public var depth: Int { Int(pixGetDepth(pix)) }
    /// Pixels per inch as stored in the image, 0 when unknown.
    public var resolution: Int { Int(pixGetXRes(pix)) }

    public func setResolution(_ ppi: Int) {
        pixSetResolution(pix, Int32(ppi), Int32(ppi))
    }

    /// A copy with every box (in this image's pixels times `scale`, and 4 pixels round it) painted over: a
    /// personal number kept out of a thumbnail. Itself when there is no box.
    public func paintedOver(_ boxes: [IngestCore.Box], scale: Double = 1) -> PageImage? {
        guard !boxes.isEmpty else { return self }
        guard let copy = pixCopy(nil, pix) else { return nil }
        let margin = 4.0
        for box in boxes {
            func scaled(_ value: Int, grownBy: Double) -> Int32 { Int32(Double(value) * scale + grownBy) }
            clear(copy, x: scaled(box.x, grownBy: -margin), y: scaled(box.y, grownBy: -margin),
                  width: scaled(box.width, grownBy: 2 * margin), height: scaled(box.height, grownBy: 2 * margin))
        }
        return PageImage(owning: copy)
    }

    /// A greyscale PNG `width` pixels wide, for reports and reviewers.
    public func thumbnailPNG(width: Int) -> [UInt8]? {
        // Reduced before it is made grey: converting the full page cost more than the reduction.
        let scale = Float(width) / Float(max(1, self.width))
        guard let reduced = scale < 1 ? pixScaleGeneral(pix, scale, scale, 0, 0) : pixCopy(nil, pix) else { return nil }
        defer { destroy(reduced) }
        guard let small = pixConvertTo8(reduced, 0) else { return nil }
        defer { destroy(small) }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMem(&data, &size, small, Int32(IFF_PNG)) == 0, let data else { return nil }
        defer { lept_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}

/// Releases one reference to a PIX that this code owns.
func destroy(_ pix: UnsafeMutablePointer<Pix>) {
    var p: UnsafeMutablePointer<Pix>? = pix
    pixDestroy(&p)
}

extension PageImage {
    /// The region (clipped to the page) scaled by `scale`, with a white margin around it: one field or line
    /// cropped to be read on its own. Nil when the region lies outside the page.
    public func region(x: Int, y: Int, width: Int, height: Int, scale: Double, margin: Int) -> PageImage? {
        var clip = boxCreate(Int32(x), Int32(y), Int32(width), Int32(height))
        defer { boxDestroy(&clip) }
        guard let clipped = pixClipRectangle(pix, clip, nil) else { return nil }
        defer { destroy(clipped) }
        let factor = Float(scale)
        guard let scaled = abs(factor - 1) < 0.05 ? pixClone(clipped) : pixScale(clipped, factor, factor) else {
            return nil
        }
        defer { destroy(scaled) }
        let m = Int32(margin)
        guard let framed = pixAddBlackOrWhiteBorder(scaled, m, m, m, m, Int32(L_GET_WHITE_VAL)) else { return nil }
        let ppi = Int32(Double(resolution > 0 ? resolution : 300) * scale)
        pixSetResolution(framed, ppi, ppi)
        return PageImage(owning: framed)
    }
}

extension PageImage {
    /// The red channel of a colour page as greyscale, with everything lighter than `paperLevel` made white: red
    /// ink (official seals, red titles) turns as light as the paper, while black text stays black.
    /// Nil for a page without colour.
    public func withoutRedInk(paperLevel: Int = 170) -> PageImage? {
        guard depth == 32, let red = pixGetRGBComponent(pix, Int32(COLOR_RED)) else { return nil }
        pixGammaTRC(red, red, 1.0, 0, Int32(paperLevel))  // in place: 0…paperLevel stretched to 0…255
        pixCopyResolution(red, pix)
        return PageImage(owning: red)
    }
}

extension PageImage {
    /// The whole page scaled by `factor`, its resolution scaled alike; `sharpened` as Leptonica does by default
    /// (an unsharp mask after reducing, which tesseract reads better; PP-OCR does not need it).
    public func scaled(by factor: Double, sharpened: Bool = true) -> PageImage? {
        let scale = Float(factor)
        guard let small = sharpened ? pixScale(pix, scale, scale) : pixScaleGeneral(pix, scale, scale, 0, 0)
        else { return nil }
        let ppi = Int32(Double(resolution) * factor)
        if ppi > 0 { pixSetResolution(small, ppi, ppi) }
        return PageImage(owning: small)
    }

    /// Pixels per inch, or when the file does not say, as if the page's long side were an A4 sheet's 11.69 in:
    /// a card photographed at any size then counts as low resolution and is left as it is.
    public var effectiveResolution: Int {
        resolution > 0 ? resolution : Int(Double(max(width, height)) / 11.69)
    }
}

extension PageImage {
    /// The page turned clockwise by `quarterTurns` × 90°.
    public func rotated(quarterTurns: Int) -> PageImage? {
        let q = ((quarterTurns % 4) + 4) % 4
        guard q != 0 else { return self }
        guard let turned = pixRotateOrth(pix, Int32(q)) else { return nil }
        pixCopyResolution(turned, pix)
        return PageImage(owning: turned)
    }
}

extension PageImage {
    /// The page with its skew removed, and the angle found (degrees); itself when no skew was found with
    /// confidence. Leptonica measures it on a reduced binary copy, so this costs little.
    public func deskewed() -> (image: PageImage, degrees: Double) {
        var angle: Float = 0, confidence: Float = 0
        guard let straight = pixFindSkewAndDeskew(pix, 2, &angle, &confidence) else { return (self, 0) }
        guard abs(angle) >= 0.1, confidence > 0 else { destroy(straight); return (self, 0) }
        pixCopyResolution(straight, pix)
        return (PageImage(owning: straight), Double(angle))
    }
}

extension PageImage {
    /// How unevenly the page is lit (0…255): on a 64 × 64 grey copy cut into an 8 × 8 grid, the brightest level of
    /// the brightest cell less that of the dimmest. Paper under a scanner's light is alike everywhere (0 on every
    /// scan of the fixtures); a photo's falling light, or a desk around the card, is not (41–43 on the photos). The
    /// cells are an eighth of the page a side: a shadow across a photographed page (a hand's, a phone's) a third
    /// of it wide never filled a cell of a 4 × 4 grid, so its paper's brightest pixel stayed paper-white there and
    /// the shadow was not levelled (the develop angled photos went from 86.1% to 95.4% of fields right).
    public var lightingSpread: Int {
        // Reduced first, so that no full-size grey copy is made for every page.
        guard let reduced = pixScaleToSize(pix, 64, 64) else { return 0 }
        defer { destroy(reduced) }
        guard let small = pixConvertTo8(reduced, 0) else { return 0 }
        defer { destroy(small) }
        var brightest: [UInt32] = []
        for cellY in stride(from: 0, to: 64, by: 8) {
            for cellX in stride(from: 0, to: 64, by: 8) {
                var cellMax: UInt32 = 0
                for y in cellY..<cellY + 8 {
                    for x in cellX..<cellX + 8 {
                        var value: UInt32 = 0
                        pixGetPixel(small, Int32(x), Int32(y), &value)
                        cellMax = max(cellMax, value)
                    }
                }
                brightest.append(cellMax)
            }
        }
        return Int(brightest.max() ?? 0) - Int(brightest.min() ?? 0)
    }

    /// The page with its background levelled (Leptonica's background normalisation): paper dimmed by falling
    /// light is brought up to the same level everywhere, and the text with it. Nil when Leptonica cannot.
    public func evenedLighting() -> PageImage? {
        guard depth == 8 || depth == 32, let even = pixBackgroundNormSimple(pix, nil, nil) else { return nil }
        pixCopyResolution(even, pix)
        return PageImage(owning: even)
    }
}

extension PageImage {
    /// The page with the long straight rules inside it (a form's grid, underlines) painted white, or nil when it
    /// has none (or is not greyscale or colour). tesseract's layout analysis takes a ruled form's cells for
    /// pictures and reads little of them; text strokes are far shorter than `minimumLength` pixels. A frame
    /// around the page (horizontal rules in its top or bottom `edgeShare`, vertical ones in its left or right) is
    /// left as it is: it cuts through no text, and removing it changed how plain pages were read.
    public func withoutRuledLines(minimumLength: Int, edgeShare: Double = 0.1) -> PageImage? {
        guard depth == 8 || depth == 32 else { return nil }
        guard let grey = depth == 32 ? pixConvertRGBToLuminance(pix) : pixCopy(nil, pix) else { return nil }
        defer { destroy(grey) }
        guard let ink = pixConvertTo1(grey, 160) else { return nil }  // dark pixels are 1
        defer { destroy(ink) }
        let length = Int32(max(20, minimumLength))
        // Composite bricks: the same opening, far faster for a brick hundreds of pixels long.
        guard let horizontal = pixOpenCompBrick(nil, ink, length, 1) else { return nil }
        defer { destroy(horizontal) }
        guard let vertical = pixOpenCompBrick(nil, ink, 1, length) else { return nil }
        defer { destroy(vertical) }
        let (w, h) = (Int32(width), Int32(height))
        let edgeX = Int32(Double(width) * edgeShare), edgeY = Int32(Double(height) * edgeShare)
        clear(horizontal, x: 0, y: 0, width: w, height: edgeY)
        clear(horizontal, x: 0, y: h - edgeY, width: w, height: edgeY)
        clear(vertical, x: 0, y: 0, width: edgeX, height: h)
        clear(vertical, x: w - edgeX, y: 0, width: edgeX, height: h)
        guard let rules = pixOr(nil, horizontal, vertical) else { return nil }
        defer { destroy(rules) }
        var count: Int32 = 0
        pixCountPixels(rules, &count, nil)
        guard count > 0, let mask = pixDilateBrick(nil, rules, 3, 3) else { return nil }  // the rules' grey edges too
        defer { destroy(mask) }
        guard let out = pixCopy(nil, pix) else { return nil }
        pixPaintThroughMask(out, mask, 0, 0, depth == 32 ? 0xFFFF_FF00 : 255)
        return PageImage(owning: out)
    }
}

/// Sets a rectangle of an image to 0: white on a binary image, black on a grey or colour one.
func clear(_ pix: UnsafeMutablePointer<Pix>, x: Int32, y: Int32, width: Int32, height: Int32) {
    var box = boxCreate(x, y, width, height)
    defer { boxDestroy(&box) }
    pixClearInRect(pix, box)
}
