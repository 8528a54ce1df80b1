import IngestCore

/// A crease across the page: a paper folded and flattened again for the scanner. Along it the ink may be rubbed
/// off, and every recogniser reads the same worn strokes: two readings of a value a fold crosses can agree on a
/// character short (刘德海 read as 刘海 by both), so agreement proves nothing there.
public struct Fold: Sendable, Equatable {
    public enum Direction: Sendable { case vertical, horizontal }

    public var direction: Direction
    /// Where the crease lies across the page (x of a vertical fold, y of a horizontal one) at the start of its
    /// length (the top row, the left column), and at its end (`length`, the page's height or width).
    public var start: Double, end: Double
    public var length: Int

    public init(direction: Direction, start: Double, end: Double, length: Int) {
        self.direction = direction; self.start = start; self.end = end; self.length = length
    }

    /// Where the crease lies across the page at `along` (a row of a vertical fold, a column of a horizontal one).
    public func position(at along: Double) -> Double {
        start + (end - start) * along / Double(max(1, length))
    }

    /// Whether the crease passes through the text of `box` (a line of text `textHeight` high), or within `reach`
    /// text heights after its end, where a character it wore away may have stood. A horizontal crease counts when
    /// it passes through the middle three fifths of the box's height: along the top or foot of a line it touches no
    /// stroke that tells one character from another.
    public func crosses(_ box: Box, textHeight: Double, reach: Double = 1) -> Bool {
        switch direction {
        case .vertical:
            let x = position(at: Double(box.midY))
            return x >= Double(box.x) - 0.3 * textHeight && x <= Double(box.maxX) + reach * textHeight
        case .horizontal:
            let y = position(at: Double(box.midX)), fifth = Double(box.height) / 5
            return y >= Double(box.y) + fifth && y <= Double(box.maxY) - fifth
        }
    }
}

/// Finds creases on a grey raster: a narrow line, darker or lighter than the paper on both its sides, straight
/// (a little slanted at most) and running along most of the page. What it looks at is the paper's level in each
/// stretch of a column (or row), the brightest quarter's, so that text does not count: a crease's shadow darkens
/// the paper itself; strokes leave the paper between them as it was.
public struct FoldFinder: Sendable {
    /// How many stretches the page's length is cut into (at most 32: each line's votes are a 32-bit mask), and how
    /// many of them must show the crease.
    public var stretches = 16
    public var stretchesShowing = 10
    /// How much darker (or lighter) than the paper on either side a line must be, in grey levels.
    public var contrast = 12
    /// A crease's shadow darkens the paper by a part of its light; printed rules are ink. A line darker than this
    /// share of the paper beside it is printed, not a fold.
    public var shadowFloor = 0.45
    /// The greatest slant, as a share of the length (a page turned a little on the platen; 0.035 ≈ 2°).
    public var slant = 0.035

    public init() {}

    public func folds(in raster: GreyRaster) -> [Fold] {
        find(in: raster, direction: .vertical) + find(in: raster, direction: .horizontal)
    }

    /// Folds of one direction: lines marked in most stretches, found by votes over (position, slant).
    func find(in raster: GreyRaster, direction: Fold.Direction) -> [Fold] {
        let vertical = direction == .vertical, stretches = min(self.stretches, 32)
        let length = vertical ? raster.height : raster.width, across = vertical ? raster.width : raster.height
        guard length >= stretches * 8, across >= 64 else { return [] }
        let gap = max(3, across / 200), side = max(gap * 3, across / 60)
        let step = 1.0 / Double(length)  // a slant step moves the line's ends by about a pixel
        let slants = Int(slant / step)
        // votes[slant][position]: the stretches that marked a line there, as bits; and whether each was dark.
        var votes = [[UInt32]](repeating: [UInt32](repeating: 0, count: across), count: 2 * slants + 1)
        var dark = [[UInt32]](repeating: [UInt32](repeating: 0, count: across), count: 2 * slants + 1)
        let middle = Double(length) / 2
        for stretch in 0..<stretches {
            let from = stretch * length / stretches, to = (stretch + 1) * length / stretches
            let levels = raster.paperLevels(from: from, to: to, vertical: vertical)
            let centre = Double(from + to) / 2 - middle
            for (position, isDark) in marks(in: levels, gap: gap, side: side) {
                for s in -slants...slants {
                    let at = Int((Double(position) - Double(s) * step * centre).rounded())
                    guard at >= 0, at < across else { continue }
                    votes[s + slants][at] |= 1 << stretch
                    if isDark { dark[s + slants][at] |= 1 << stretch }
                }
            }
        }
        var found: [(count: Int, fold: Fold)] = []
        for s in 0..<votes.count {
            for at in 0..<across {
                // A line one pixel either side counts as the same: the mark's place wavers by a pixel.
                let lo = max(0, at - 1), hi = min(across - 1, at + 1)
                let bits = votes[s][lo] | votes[s][at] | votes[s][hi]
                let count = bits.nonzeroBitCount
                guard count >= stretchesShowing else { continue }
                let darkCount = (dark[s][lo] | dark[s][at] | dark[s][hi]).nonzeroBitCount
                // One kind of line along its length: a shadow, or a light worn line, not a mix of chance marks.
                guard darkCount * 5 >= count * 4 || darkCount * 5 <= count else { continue }
                let slope = Double(s - slants) * step
                let fold = Fold(direction: direction, start: Double(at) - slope * middle,
                                end: Double(at) + slope * middle, length: length)
                found.append((count, fold))
            }
        }
        return strongest(found, apart: Double(side))
    }

    /// The places in one stretch's paper levels where a narrow line stands out from the paper on both sides:
    /// darker than both (and not as dark as ink), or lighter than both; each a run of such places alone in its
    /// neighbourhood (a shadow and the worn line beside it may be two). Many runs close together are texture —
    /// text, a pattern — where no crease is told apart.
    func marks(in levels: [Int], gap: Int, side: Int) -> [(Int, Bool)] {
        guard levels.count > 2 * (gap + side) else { return [] }
        var sums = [Int](repeating: 0, count: levels.count + 1)
        for (i, level) in levels.enumerated() { sums[i + 1] = sums[i] + level }
        func mean(_ from: Int, _ to: Int) -> Double { Double(sums[to] - sums[from]) / Double(to - from) }
        var runs: [(from: Int, to: Int, dark: Bool)] = []
        for i in (gap + side)..<(levels.count - gap - side) {
            let left = mean(i - gap - side, i - gap), right = mean(i + gap + 1, i + gap + side + 1)
            let level = Double(levels[i])
            let isDark: Bool
            if level <= min(left, right) - Double(contrast), level >= shadowFloor * max(left, right) {
                isDark = true
            } else if level >= max(left, right) + Double(contrast) {
                isDark = false
            } else { continue }
            if let last = runs.last, last.to == i - 1, last.dark == isDark {
                runs[runs.count - 1].to = i
            } else {
                runs.append((i, i, isDark))
            }
        }
        return runs.indices.compactMap { k -> (Int, Bool)? in
            let run = runs[k]
            guard run.to - run.from <= 2 * gap else { return nil }
            // The runs lie apart in order, so those near this one are its next ones on either side, up to the first
            // that is not: at most one may be (a shadow and its worn line).
            func isNear(_ j: Int) -> Bool { abs(runs[j].from - run.from) <= side || abs(runs[j].to - run.to) <= side }
            var others = 0
            for j in stride(from: k + 1, to: runs.count, by: 1) { if isNear(j) { others += 1 } else { break } }
            for j in stride(from: k - 1, through: 0, by: -1) { if isNear(j) { others += 1 } else { break } }
            return others <= 1 ? ((run.from + run.to) / 2, run.dark) : nil
        }
    }

    /// The folds with the most votes, each at least `apart` from a stronger one (a line's neighbouring positions
    /// and slants vote for it too).
    func strongest(_ found: [(count: Int, fold: Fold)], apart: Double) -> [Fold] {
        var kept: [Fold] = []
        for candidate in found.sorted(by: { $0.count > $1.count }) {
            let near = kept.contains { abs($0.start - candidate.fold.start) < apart && abs($0.end - candidate.fold.end) < apart }
            if !near { kept.append(candidate.fold) }
        }
        return kept
    }
}

/// A grey image as bytes, row by row (0 black … 255 white).
public struct GreyRaster: Sendable {
    public let width: Int, height: Int
    public var levels: [UInt8]

    public init(width: Int, height: Int, levels: [UInt8]) {
        precondition(levels.count == width * height)
        self.width = width; self.height = height; self.levels = levels
    }

    /// The paper's level along the page's other axis for the rows (`vertical`) or columns `from..<to`: in each
    /// column (or row), the level a quarter of its pixels there are at least as light as.
    func paperLevels(from: Int, to: Int, vertical: Bool) -> [Int] {
        let across = vertical ? width : height, count = to - from
        let rank = max(1, count / 4)
        // A histogram of 64 bins of 4 levels for each place across.
        var bins = [UInt16](repeating: 0, count: across * 64)
        levels.withUnsafeBufferPointer { pixels in
            bins.withUnsafeMutableBufferPointer { bins in
                // Row by row through memory either way.
                if vertical {
                    for row in from..<to {
                        for a in 0..<across { bins[a * 64 + Int(pixels[row * width + a] >> 2)] += 1 }
                    }
                } else {
                    for a in 0..<across {
                        for column in from..<to { bins[a * 64 + Int(pixels[a * width + column] >> 2)] += 1 }
                    }
                }
            }
        }
        return (0..<across).map { a in
            var seen = 0
            for bin in stride(from: 63, through: 0, by: -1) {
                seen += Int(bins[a * 64 + bin])
                if seen >= rank { return bin * 4 + 2 }
            }
            return 0
        }
    }
}
