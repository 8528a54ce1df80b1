import CLeptonica

extension PageImage {
    /// The page with square pixels. A fax stores 204 dots an inch across and 98 down, each pixel twice as tall as
    /// wide: read as it is, every character is squashed to half its height. Such a page is stretched along its
    /// coarser axis to the finer resolution; a 1-bit page is made grey first, so that the stretch interpolates
    /// its rows instead of repeating them. Itself when the pixels are square or the resolution is not known. A 1-bit
    /// page of less than 300 dpi on an axis is marked `isLossyCopy`.
    /// A resolution of one axis more than `maximumRatio` times the other's is no fax's (204 × 98, 204 × 196): the
    /// header is not believed, and a page that would grow past `maxMegapixels` is not stretched either — a lying
    /// header never costs memory.
    public func withSquarePixels(maximumRatio: Double = 4, maxMegapixels: Int = 100) -> PageImage {
        let across = Int(pixGetXRes(pix)), down = Int(pixGetYRes(pix))
        isLossyCopy = depth == 1 && across > 0 && down > 0 && min(across, down) < 300
        guard across > 0, down > 0, across != down else { return self }
        let finer = max(across, down), ratio = Double(finer) / Double(min(across, down))
        guard ratio <= maximumRatio, Double(width * height) * ratio <= Double(maxMegapixels) * 1_000_000 else { return self }
        guard let grey = depth == 1 ? pixConvertTo8(pix, 0) : pixClone(pix) else { return self }
        defer { destroy(grey) }
        let scaleX = Float(finer) / Float(across), scaleY = Float(finer) / Float(down)
        guard let square = pixScale(grey, scaleX, scaleY) else { return self }
        pixSetResolution(square, Int32(finer), Int32(finer))
        let squared = PageImage(owning: square)
        squared.isLossyCopy = isLossyCopy
        return squared
    }
}
