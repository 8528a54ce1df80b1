import CLeptonica

extension PageImage {
    /// The page with square pixels, and a 1-bit page at a scale the recognisers like. A fax stores 204 dots an
    /// inch across and 98 down, each pixel twice as tall as wide: read as it is, every character is squashed to
    /// half its height. Such a page is stretched along its coarser axis to the finer resolution. A 1-bit page of
    /// less than `bilevelDPI` is made grey and enlarged to it on both axes: interpolating its grey smooths the
    /// steps of its strokes, which both recognisers read better than hard-edged pixels (on the develop faxes 88.9%
    /// of fields as stretched to 204 dpi, 90.7% at 300 dpi). Itself when neither applies or the resolution is not
    /// known. A 1-bit page of less than 300 dpi on an axis is marked `isLossyCopy`, and loses its sensor's streaks
    /// (`withoutSensorStreaks`) before it is made grey.
    /// A resolution of one axis more than `maximumRatio` times the other's is no fax's (204 × 98, 204 × 196): the
    /// header is not believed, and a page that would grow past `maxMegapixels` is not scaled either — a lying
    /// header never costs memory.
    public func withSquarePixels(maximumRatio: Double = 4, maxMegapixels: Int = 100, bilevelDPI: Int = 300) -> PageImage {
        let across = Int(pixGetXRes(pix)), down = Int(pixGetYRes(pix))
        isLossyCopy = isLossyCopy || (depth == 1 && across > 0 && down > 0 && min(across, down) < 300)
        guard across > 0, down > 0, across != down || isLossyCopy else { return self }
        guard Double(max(across, down)) / Double(min(across, down)) <= maximumRatio else { return self }
        let target = isLossyCopy ? max(across, down, bilevelDPI) : max(across, down)
        let scaleX = Float(target) / Float(across), scaleY = Float(target) / Float(down)
        guard Double(width * height) * Double(scaleX * scaleY) <= Double(maxMegapixels) * 1_000_000 else { return self }
        let source = withoutSensorStreaks()
        guard let grey = depth == 1 ? pixConvertTo8(source.pix, 0) : pixClone(pix) else { return self }
        defer { destroy(grey) }
        guard let square = pixScale(grey, scaleX, scaleY) else { return self }
        pixSetResolution(square, Int32(target), Int32(target))
        let squared = PageImage(owning: square)
        squared.isLossyCopy = isLossyCopy
        return squared
    }
}
