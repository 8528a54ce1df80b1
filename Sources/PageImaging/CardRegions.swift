import CLeptonica
import IngestCore

extension PageImage {
    /// Boxes of the cards laid side by side on a flatbed scan: objects that stand out from the scanner lid around
    /// them (a tinted card, or a white one by its printed border or its edge's shadow), bounded on all four sides
    /// by a straight edge, card-shaped (long side 1.25–2.1 times the short one) and each between `minimumShare`
    /// and `maximumShare` of the page. Empty unless there are at least two: a page that is one certificate (framed
    /// or not) is left whole. The boxes are in the page's pixels, largest first, none inside another.
    ///
    /// Measured on a copy reduced by keeping each block's darkest pixel, so a card's thin edge survives.
    public func cardRegions(minimumShare: Double = 0.03, maximumShare: Double = 0.6) -> [IngestCore.Box] {
        let reduction = Int32(max(1, max(width, height) / 700))
        guard let grey = darkestChannel() else { return [] }
        defer { destroy(grey) }
        guard var small = Self.reduced(grey, by: reduction) else { return [] }
        defer { destroy(small) }
        var (lid, noise) = Self.borderLevel(small)
        // A noisy scan (a grey flatbed page's sensor noise, JPEG speckle): the darkest pixel of each block is a
        // speck, and the lid marks itself all over. The noise is averaged out over 3 × 3 pixels first (a card's
        // edge and its shadow, a few pixels wide, keep most of their contrast; a 3 × 3 median took the thin
        // edges, and a 5 × 5 mean blurred them into the lid), and what stands out must stand out from what noise
        // remains.
        if noise > Self.quietLidNoise, let smoothed = pixBlockconv(grey, 1, 1) {
            defer { destroy(smoothed) }
            if let quieter = Self.reduced(smoothed, by: reduction) {
                destroy(small)
                small = quieter
                (lid, noise) = Self.borderLevel(small)
            }
        }
        if lid < 128 { pixInvert(small, small) }  // an open lid scans dark: cards are what is lighter than it
        let margin = max(18, Int((4 * noise).rounded(.up)))
        let threshold = Int32(lid < 128 ? 255 - lid : lid) - Int32(margin)
        guard let marked = pixThresholdToBinary(small, threshold) else { return [] }
        defer { destroy(marked) }
        guard let mask = pixCloseBrick(nil, marked, 3, 3) else { return [] }
        defer { destroy(mask) }
        var components: UnsafeMutablePointer<BOXA>? = pixConnCompBB(mask, 8)
        guard components != nil else { return [] }
        defer { boxaDestroy(&components) }

        let (w, h) = (Double(pixGetWidth(mask)), Double(pixGetHeight(mask)))
        var found: [IngestCore.Box] = []
        for i in 0..<boxaGetCount(components) {
            var x: Int32 = 0, y: Int32 = 0, bw: Int32 = 0, bh: Int32 = 0
            boxaGetBoxGeometry(components, i, &x, &y, &bw, &bh)
            let share = Double(bw) * Double(bh) / (w * h)
            let aspect = Double(max(bw, bh)) / Double(max(1, min(bw, bh)))
            guard share >= minimumShare, share <= maximumShare, aspect >= 1.25, aspect <= 2.1 else { continue }
            let box = IngestCore.Box(x: Int(x), y: Int(y), width: Int(bw), height: Int(bh))
            guard Self.edgesBound(box, in: mask) else { continue }
            found.append(box)
        }
        let outermost = found.filter { box in !found.contains { $0 != box && $0.contains(box) } }
        guard outermost.count >= 2 else { return [] }
        let r = Int(reduction)
        return outermost.sorted { $0.width * $0.height > $1.width * $1.height }.map { box in
            IngestCore.Box(x: box.x * r, y: box.y * r, width: min(width - box.x * r, box.width * r),
                           height: min(height - box.y * r, box.height * r))
        }
    }

    /// The page as greyscale where each pixel is its darkest colour channel: a pale tint (a card's blue, green or
    /// cream) is as far from the white lid as a grey of the same depth.
    private func darkestChannel() -> UnsafeMutablePointer<Pix>? {
        switch depth {
        case 32: return pixConvertRGBToGrayMinMax(pix, Int32(L_CHOOSE_MIN))
        case 8 where pixGetColormap(pix) == nil: return pixClone(pix)
        default: return pixConvertTo8(pix, 0)
        }
    }

    /// A lid whose levels spread less than this (a robust standard deviation, 0...255) is a quiet scan.
    static let quietLidNoise = 4.0

    /// The image reduced by keeping each block's darkest pixel, so a card's thin edge survives.
    private static func reduced(_ grey: UnsafeMutablePointer<Pix>, by reduction: Int32) -> UnsafeMutablePointer<Pix>? {
        reduction > 1 ? pixScaleGrayMinMax(grey, reduction, reduction, Int32(L_CHOOSE_MIN)) : pixClone(grey)
    }

    /// The median level of a greyscale image's outermost two rows and columns, the scanner lid's, and how much
    /// its levels spread there (1.4826 × the median absolute deviation: the standard deviation of its noise).
    private static func borderLevel(_ grey: UnsafeMutablePointer<Pix>) -> (level: Int, noise: Double) {
        let (w, h) = (pixGetWidth(grey), pixGetHeight(grey))
        var levels: [UInt32] = []
        func sample(_ x: Int32, _ y: Int32) {
            var value: UInt32 = 0
            pixGetPixel(grey, x, y, &value)
            levels.append(value)
        }
        for x in stride(from: 0, to: w, by: 2) { sample(x, 1); sample(x, h - 2) }
        for y in stride(from: 0, to: h, by: 2) { sample(1, y); sample(w - 2, y) }
        guard !levels.isEmpty else { return (255, 0) }
        let median = Int(levels.sorted()[levels.count / 2])
        let deviations = levels.map { abs(Int($0) - median) }.sorted()
        return (median, 1.4826 * Double(deviations[deviations.count / 2]))
    }

    /// Whether a straight edge bounds the box on all four sides: looking in from each side, marked pixels are met
    /// within a short depth (room for a card turned a degree or two) along nearly all of that side. A block of
    /// text is not bounded so: its lines leave gaps on the left and right, its words on the top and bottom.
    private static func edgesBound(_ box: IngestCore.Box, in mask: UnsafeMutablePointer<Pix>) -> Bool {
        func marked(_ x: Int, _ y: Int) -> Bool {
            var value: UInt32 = 0
            pixGetPixel(mask, Int32(x), Int32(y), &value)
            return value != 0
        }
        // How far in to look: a card turned by up to 3° moves its edge by its length × tan 3° ≈ 0.05.
        let depthAcross = 3 + box.width / 20, depthDown = 3 + box.height / 20
        func share(_ positions: StrideTo<Int>, hit: (Int) -> Bool) -> Double {
            let all = Array(positions)
            return Double(all.filter(hit).count) / Double(max(1, all.count))
        }
        // The corners are skipped: a rounded or turned card's corner is not on any of the four straight lines.
        let columns = stride(from: box.x + box.width / 10, to: box.maxX - box.width / 10, by: 1)
        let rows = stride(from: box.y + box.height / 10, to: box.maxY - box.height / 10, by: 1)
        let top = share(columns) { x in (box.y..<min(box.maxY, box.y + depthDown)).contains { marked(x, $0) } }
        let bottom = share(columns) { x in (max(box.y, box.maxY - depthDown)..<box.maxY).contains { marked(x, $0) } }
        let left = share(rows) { y in (box.x..<min(box.maxX, box.x + depthAcross)).contains { marked($0, y) } }
        let right = share(rows) { y in (max(box.x, box.maxX - depthAcross)..<box.maxX).contains { marked($0, y) } }
        return min(top, bottom, left, right) >= 0.85
    }
}

extension IngestCore.Box {
    /// Whether `other` lies wholly inside this box.
    func contains(_ other: IngestCore.Box) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }
}
