import CLeptonica

extension PageImage {
    /// A 1-bit page without the streaks a fax machine's dirty sensor draws along the paper's travel: a column
    /// black along at least `share` of the page's height is no text (a stroke is a character high, a table's
    /// ruling stops at the table; a frame round the whole page goes too, which no reading misses). Each such
    /// column takes, row by row, black only where the columns beside it are both black, so that a stroke the
    /// streak crossed stays whole. Measured on the develop faxes: 92.6% → 94.4% of fields
    /// (a streak through a line of text splits it, or joins a 1 or an l to a number). Itself when the page is not
    /// 1-bit or has no streak.
    func withoutSensorStreaks(share: Double = 0.8) -> PageImage {
        guard depth == 1, let data = pixGetData(pix) else { return self }
        let wpl = Int(pixGetWpl(pix)), w = width, h = height
        func isBlack(_ x: Int, _ y: Int) -> Bool { (data[y * wpl + x / 32] >> (31 - UInt32(x % 32))) & 1 == 1 }
        let streaks = (0..<w).filter { x in (0..<h).reduce(0) { $0 + (isBlack(x, $1) ? 1 : 0) } >= Int(share * Double(h)) }
        guard !streaks.isEmpty, let copy = pixCopy(nil, pix), let out = pixGetData(copy) else { return self }
        let flagged = Set(streaks)
        // The nearest column on each side that is no streak (a streak may be two columns wide).
        func neighbour(_ x: Int, _ step: Int) -> Int? {
            var n = x + step
            while flagged.contains(n) { n += step }
            return n >= 0 && n < w ? n : nil
        }
        for x in streaks {
            let left = neighbour(x, -1), right = neighbour(x, 1)
            let mask = UInt32(1) << (31 - UInt32(x % 32))
            for y in 0..<h {
                let keep = left.map { isBlack($0, y) } ?? false && right.map { isBlack($0, y) } ?? false
                let index = y * wpl + x / 32
                out[index] = keep ? out[index] | mask : out[index] & ~mask
            }
        }
        let cleaned = PageImage(owning: copy)
        cleaned.isLossyCopy = isLossyCopy
        return cleaned
    }
}
