import CLeptonica
import IngestCore

extension PageImage {
    /// The image scaled to exactly `width` × `height` as interleaved 8-bit R, G, B: what a neural recogniser takes
    /// in (grey pages give R = G = B). Nil when Leptonica cannot scale or convert it.
    public func rgbPixels(width: Int, height: Int) -> [UInt8]? {
        guard width > 0, height > 0 else { return nil }
        let sized: UnsafeMutablePointer<Pix>?
        if width == self.width && height == self.height {
            sized = pixClone(pix)
        } else {
            sized = pixScaleToSize(pix, Int32(width), Int32(height))
        }
        guard let sized else { return nil }
        defer { destroy(sized) }
        guard let colour = pixConvertTo32(sized) else { return nil }
        defer { destroy(colour) }
        guard let data = pixGetData(colour) else { return nil }
        let wordsPerLine = Int(pixGetWpl(colour))
        var out = [UInt8](repeating: 0, count: width * height * 3)
        out.withUnsafeMutableBufferPointer { rgb in
            for y in 0..<height {
                let line = data + y * wordsPerLine
                for x in 0..<width {
                    // A 32-bit pixel is 0xRRGGBBxx in the word, whatever the byte order.
                    let word = line[x]
                    let o = (y * width + x) * 3
                    rgb[o] = UInt8(truncatingIfNeeded: word >> 24)
                    rgb[o + 1] = UInt8(truncatingIfNeeded: word >> 16)
                    rgb[o + 2] = UInt8(truncatingIfNeeded: word >> 8)
                }
            }
        }
        return out
    }
}

extension PageImage {
    /// The share (0...1) of the columns of `box` (clipped to the page) that hold a pixel darker than `level`
    /// (0...255, on the image as grey): how much ink a strip holds, measured by its width.
    public func inkedColumnShare(in box: IngestCore.Box, darkerThan level: UInt32) -> Double {
        columnShare(in: box, grey: true) { $0 < level }
    }

    /// The share (0...1) of the columns of `box` holding black ink: on a colour page a pixel darker than `level`
    /// in its red channel as `withoutRedInk()` stretches it (a red seal's ink is as light as the paper there), read
    /// without that whole page's copy; on a grey page, in its grey level.
    public func blackInkColumnShare(in box: IngestCore.Box, darkerThan level: UInt32, paperLevel: UInt32 = 170)
        -> Double {
        guard depth == 32 else { return inkedColumnShare(in: box, darkerThan: level) }
        return columnShare(in: box, grey: false) { ($0 >> 24 & 0xFF) * 255 < level * paperLevel }
    }

    /// The share (0...1) of the columns of `box` holding red ink (a seal's): red well above green and blue. 0 on a
    /// page without colour.
    public func redInkColumnShare(in box: IngestCore.Box) -> Double {
        guard depth == 32 else { return 0 }
        return columnShare(in: box, grey: false) { pixel in
            let red = Int(pixel >> 24 & 0xFF), green = Int(pixel >> 16 & 0xFF), blue = Int(pixel >> 8 & 0xFF)
            return red > 120 && red - green > 60 && red - blue > 60
        }
    }

    /// The share of the columns of `box` (clipped to the page) with a pixel that `holds`: of the grey image's
    /// levels when `grey`, else of the 32-bit pixels (0xRRGGBBxx).
    private func columnShare(in box: IngestCore.Box, grey: Bool, _ holds: (UInt32) -> Bool) -> Double {
        var clip = boxCreate(Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height))
        defer { boxDestroy(&clip) }
        guard box.width > 0, box.height > 0, let clipped = pixClipRectangle(pix, clip, nil) else { return 0 }
        defer { destroy(clipped) }
        guard let measured = grey ? pixConvertTo8(clipped, 0) : pixClone(clipped) else { return 0 }
        defer { destroy(measured) }
        let width = Int32(pixGetWidth(measured)), height = Int32(pixGetHeight(measured))
        guard width > 0 else { return 0 }
        var inked = 0
        var value: UInt32 = 0
        for x in 0..<width {
            for y in 0..<height where pixGetPixel(measured, x, y, &value) == 0 && holds(value) {
                inked += 1
                break
            }
        }
        return Double(inked) / Double(width)
    }
}

extension PageImage {
    /// The page as grey bytes, every `factor`-th pixel of every `factor`-th row for the least whole factor that
    /// brings its longer side to at most `longestSide` (sampled, not averaged: cheap, and a line a few pixels wide
    /// keeps its level), and the scale that is (1 / factor). A colour page gives its green channel. Nil when
    /// Leptonica cannot convert or scale it.
    public func greyRaster(longestSide: Int) -> (raster: GreyRaster, scale: Double)? {
        let factor = max(1, (max(width, height) + longestSide - 1) / max(1, longestSide))
        let sized: UnsafeMutablePointer<Pix>?
        if depth == 32 {
            sized = pixScaleRGBToGrayFast(pix, Int32(factor), Int32(COLOR_GREEN))
        } else {
            guard let grey = pixConvertTo8(pix, 0) else { return nil }
            defer { destroy(grey) }
            sized = factor > 1 ? pixScaleBySampling(grey, 1 / Float(factor), 1 / Float(factor)) : pixClone(grey)
        }
        guard let sized else { return nil }
        defer { destroy(sized) }
        let scale = 1 / Double(factor)
        guard pixGetDepth(sized) == 8, pixGetColormap(sized) == nil, let data = pixGetData(sized) else { return nil }
        let w = Int(pixGetWidth(sized)), h = Int(pixGetHeight(sized)), wordsPerLine = Int(pixGetWpl(sized))
        var levels = [UInt8](repeating: 0, count: w * h)
        levels.withUnsafeMutableBufferPointer { out in
            for y in 0..<h {
                // Leptonica keeps 8-bit pixels big-endian in 32-bit words: pixel x is byte x ^ 3 on a little-endian machine.
                let line = UnsafeRawPointer(data + y * wordsPerLine).assumingMemoryBound(to: UInt8.self)
                for x in 0..<w { out[y * w + x] = line[x ^ 3] }
            }
        }
        return (GreyRaster(width: w, height: h, levels: levels), scale)
    }

    /// A grey page of `raster`'s levels (what a stage sees of a page whose pixels a test drew).
    public static func grey(_ raster: GreyRaster, resolution: Int = 300) -> PageImage? {
        guard (1...20_000).contains(raster.width), (1...20_000).contains(raster.height),
              let pix = pixCreate(Int32(raster.width), Int32(raster.height), 8), let data = pixGetData(pix) else { return nil }
        let wordsPerLine = Int(pixGetWpl(pix))
        raster.levels.withUnsafeBufferPointer { levels in
            for y in 0..<raster.height {
                let line = UnsafeMutableRawPointer(data + y * wordsPerLine).assumingMemoryBound(to: UInt8.self)
                for x in 0..<raster.width { line[x ^ 3] = levels[y * raster.width + x] }
            }
        }
        let image = PageImage(owning: pix)
        image.setResolution(resolution)
        return image
    }

    /// The creases across the page (`FoldFinder`), in the page's own pixels. Looked for at about 150 dpi on an A4
    /// page: a crease's shadow is a few pixels wide there still.
    public func folds(finder: FoldFinder = FoldFinder(), longestSide: Int = 1800) -> [Fold] {
        guard let (raster, scale) = greyRaster(longestSide: longestSide), scale > 0 else { return [] }
        return finder.folds(in: raster).map { fold in
            Fold(direction: fold.direction, start: fold.start / scale, end: fold.end / scale,
                 length: fold.direction == .vertical ? height : width)
        }
    }
}
