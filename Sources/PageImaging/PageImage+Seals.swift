import CLeptonica
import IngestCore

// Official seals: found, and their ink cleared from the lines they cover.
extension PageImage {
    /// The levels a red seal takes on a grey scan: a seal's red (about 200, 40, 40) turns mid-grey, about 86 —
    /// lighter than black text (below 50 at its core), darker than paper.
    public static let greySealInk: ClosedRange<Int> = 64...160

    /// Boxes of the page's official seals: connected runs of seal ink at least `minimumSide` pixels high and wide
    /// and roughly round. Seal ink is red on a colour page (red well above green) and mid-grey on a grey one.
    public func sealBoxes(minimumSide: Int, maximumSide: Int = .max) -> [IngestCore.Box] {
        guard let ink = sealInkMask() else { return [] }
        defer { destroy(ink) }
        var components: UnsafeMutablePointer<BOXA>? = pixConnCompBB(ink, 8)
        guard components != nil else { return [] }
        defer { boxaDestroy(&components) }
        var boxes: [IngestCore.Box] = []
        for i in 0..<boxaGetCount(components) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            boxaGetBoxGeometry(components, i, &x, &y, &w, &h)
            guard w >= minimumSide, h >= minimumSide, w <= maximumSide, h <= maximumSide,
                  Double(w) / Double(h) > 0.6, Double(w) / Double(h) < 1.6 else { continue }
            boxes.append(IngestCore.Box(x: Int(x), y: Int(y), width: Int(w), height: Int(h)))
        }
        return boxes
    }

    /// The page with the ink of its seals (`seals`, from `sealBoxes`) made as light as the paper, black text kept.
    /// On a colour page, the red channel (see `withoutRedInk`). On a grey one, only the seals' own mid-grey
    /// strokes are cleared — the ring and what lies within it (star, inscription) — and never a pixel as dark as
    /// text: labels printed in grey beside a seal are of the same level and must stay. Nil for a page of another
    /// kind (binary, or with a colour map) or when nothing was cleared.
    public func withoutSealInk(in seals: [IngestCore.Box]) -> PageImage? {
        if depth == 32 { return withoutRedInk() }
        guard depth == 8, pixGetColormap(pix) == nil, !seals.isEmpty, let ink = sealInkMask() else { return nil }
        defer { destroy(ink) }
        var pieces: UnsafeMutablePointer<PIXA>?
        var boxes: UnsafeMutablePointer<BOXA>? = pixConnComp(ink, &pieces, 8)
        defer { boxaDestroy(&boxes); pixaDestroy(&pieces) }
        guard boxes != nil, let strokes = pixCreate(Int32(width), Int32(height), 1) else { return nil }
        defer { destroy(strokes) }
        var cleared = 0
        for i in 0..<boxaGetCount(boxes) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h)
            let piece = IngestCore.Box(x: Int(x), y: Int(y), width: Int(w), height: Int(h))
            guard seals.contains(where: { $0 == piece || $0.holdsWithinItsCircle(piece) }),
                  let stroke = pixaGetPix(pieces, i, Int32(L_CLONE)) else { continue }
            pixRasterop(strokes, x, y, w, h, PIX_PAINT, stroke, 0, 0)
            destroy(stroke)
            cleared += 1
        }
        // Grown by two pixels for the strokes' soft edges, less whatever is as dark as text and the soft edges of
        // that text (a blurred scan's strokes are mid-grey at their edges, and join the ring where they touch it).
        guard cleared > 0, let grown = pixDilateBrick(nil, strokes, 5, 5) else { return nil }
        defer { destroy(grown) }
        guard let dark = pixThresholdToBinary(pix, Int32(Self.greySealInk.lowerBound)),
              let text = pixDilateBrick(nil, dark, 5, 5) else { return nil }
        defer { destroy(dark); destroy(text) }
        pixSubtract(grown, grown, text)
        guard let out = pixCopy(nil, pix) else { return nil }
        pixPaintThroughMask(out, grown, 0, 0, 255)
        return PageImage(owning: out)
    }

    /// 1 where the page holds seal ink: red on a colour page, mid-grey on a grey one.
    private func sealInkMask() -> UnsafeMutablePointer<Pix>? {
        if depth == 8, pixGetColormap(pix) == nil {
            let band = Self.greySealInk
            return pixGenerateMaskByBand(pix, Int32(band.lowerBound), Int32(band.upperBound), 1, 0)
        }
        guard depth == 32, let red = pixGetRGBComponent(pix, Int32(COLOR_RED)) else { return nil }
        defer { destroy(red) }
        guard let green = pixGetRGBComponent(pix, Int32(COLOR_GREEN)) else { return nil }
        defer { destroy(green) }
        guard let redness = pixSubtractGray(nil, red, green) else { return nil }  // clipped at 0
        defer { destroy(redness) }
        guard let notRed = pixThresholdToBinary(redness, 80) else { return nil }  // 1 where red - green < 80
        defer { destroy(notRed) }
        return pixInvert(nil, notRed)
    }
}

private extension IngestCore.Box {
    /// Whether `piece` lies wholly within the circle this box is drawn round (a seal's ring): its star and
    /// inscription do; a label beside the seal, even inside the box's corners, does not.
    func holdsWithinItsCircle(_ piece: IngestCore.Box) -> Bool {
        let centre = (x: Double(x) + Double(width) / 2, y: Double(y) + Double(height) / 2)
        let radius = Double(min(width, height)) / 2
        let corners = [(piece.x, piece.y), (piece.maxX, piece.y), (piece.x, piece.maxY), (piece.maxX, piece.maxY)]
        return corners.allSatisfy { corner in
            let dx = Double(corner.0) - centre.x, dy = Double(corner.1) - centre.y
            return dx * dx + dy * dy <= radius * radius
        }
    }
}
