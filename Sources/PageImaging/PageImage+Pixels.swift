import CLeptonica

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
