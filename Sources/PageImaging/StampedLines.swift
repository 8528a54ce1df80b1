import CLeptonica
import Foundation
import IngestCore

/// A line of text a company stamps or prints across every copy it hands out (仅供××项目投标使用，再复印无效):
/// grey or light red, lighter than the printed text, repeated in parallel lines at a slant. Found by its
/// repetition and angle: the strokes of mid-tone ink (lighter than text, darker than paper, each beside paper, so
/// that a shadow, a desk or a shaded cell is not ink) lie along parallel lines at one slant between 20° and 70°,
/// which a page's own text — level, and the mid-tones of its own glyphs' edges with it — never does.
public struct StampedLineFinder: Sendable {
    /// Levels (green channel, so that red seal ink counts as dark) of the mid-tone ink a stamped line is drawn in;
    /// at most 30 below the paper's level.
    public var lightest: UInt8 = 215
    public var darkest: UInt8 = 110
    /// How much more the mid-tone ink lines up at its best slant than level, as the profiles' differential sums
    /// compare. Measured on `fixtures/copies.py`'s develop part and every page of the design corpus: stamped copies
    /// 0.45 and up, every other page 0.35 at most (a photo's slanted page edge).
    public var minimumSlantOverLevel = 0.4

    public init() {}

    /// What was found: the slant (degrees, y downwards) and the level of the stamped ink.
    public struct Stamp: Sendable, Equatable {
        public var slant: Int
        public var inkLevel: UInt8
    }

    public func find(in raster: GreyRaster) -> Stamp? {
        let w = raster.width, h = raster.height
        guard w > 8, h > 8 else { return nil }
        // Mid-tone ink is visibly darker than the paper: on a grey, noisy scan the paper's own grain is not ink.
        let lightest = min(self.lightest, UInt8(max(0, Int(Self.paperLevel(raster)) - 30)))
        guard lightest >= darkest + 20 else { return nil }
        var xs: [Int32] = [], ys: [Int32] = [], levels: [UInt8] = []
        raster.levels.withUnsafeBufferPointer { level in
            for y in 2..<(h - 2) {
                for x in 2..<(w - 2) {
                    let v = level[y * w + x]
                    guard v >= darkest, v <= lightest, Self.besidePaper(level, x, y, w, above: lightest) else { continue }
                    xs.append(Int32(x)); ys.append(Int32(y)); levels.append(v)
                }
            }
        }
        guard xs.count >= w * h / 100 else { return nil }
        let level = (-2...2).map { Self.sharpness(profile(xs, ys, degrees: $0), points: xs.count) }.max() ?? 0
        guard level > 0 else { return nil }
        let slants = Array(-70 ... -20) + Array(20...70)
        guard let best = slants.map({ slant in
            let profile = profile(xs, ys, degrees: slant)
            return (sharpness: Self.sharpness(profile, points: xs.count), slant: slant, profile: profile)
        }).max(by: { $0.sharpness < $1.sharpness }) else { return nil }
        // Repeated: at least three parallel lines of it (a photographed page's slanted edge is one).
        guard best.sharpness / level >= minimumSlantOverLevel, Self.lines(in: best.profile) >= 3 else { return nil }
        let sorted = levels.sorted()
        return Stamp(slant: best.slant, inkLevel: sorted[sorted.count / 2])
    }

    /// The level a quarter of the page's pixels are at least as light as: its paper.
    static func paperLevel(_ raster: GreyRaster) -> UInt8 {
        var counts = [Int](repeating: 0, count: 256)
        for level in raster.levels { counts[Int(level)] += 1 }
        var seen = 0
        for level in stride(from: 255, through: 0, by: -1) {
            seen += counts[level]
            if seen * 4 >= raster.levels.count { return UInt8(level) }
        }
        return 0
    }

    /// Whether a paper-light pixel lies within two of (x, y): ink is a stroke on paper, not a desk or a fill.
    private static func besidePaper(_ level: UnsafeBufferPointer<UInt8>, _ x: Int, _ y: Int, _ w: Int, above: UInt8) -> Bool {
        for dy in -2...2 {
            for dx in -2...2 where level[(y + dy) * w + x + dx] > above { return true }
        }
        return false
    }

    /// The points' profile across lines at `degrees` (1-pixel bins, smoothed over five).
    func profile(_ xs: [Int32], _ ys: [Int32], degrees: Int) -> [Double] {
        let radians = Double(degrees) * .pi / 180, s = sin(radians), c = cos(radians)
        var offsets = [Int](repeating: 0, count: xs.count)
        var low = Int.max, high = Int.min
        // Each point moved by a fixed pseudo-random part of a pixel: on the sampling grid, points at 45° fall on
        // every other bin alike, and noise would line up there as no ink does.
        var seed: UInt32 = 2_463_534_242
        for i in xs.indices {
            seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5
            let jitterX = Double(seed & 0xFFFF) / 65536 - 0.5, jitterY = Double(seed >> 16) / 65536 - 0.5
            let rho = Int((-(Double(xs[i]) + jitterX) * s + (Double(ys[i]) + jitterY) * c).rounded())
            offsets[i] = rho
            low = min(low, rho); high = max(high, rho)
        }
        var counts = [Double](repeating: 0, count: high - low + 5)
        for rho in offsets { counts[rho - low + 2] += 1 }
        let kernel = [1.0, 2, 3, 2, 1]
        var smooth = [Double](repeating: 0, count: counts.count)
        for i in 2..<(counts.count - 2) {
            var sum = 0.0
            for k in 0..<5 { sum += kernel[k] * counts[i + k - 2] }
            smooth[i] = sum / 9
        }
        return smooth
    }

    /// How sharply a profile's points line up: its differential square sum, per point.
    static func sharpness(_ profile: [Double], points: Int) -> Double {
        var total = 0.0
        for i in 1..<profile.count { let d = profile[i] - profile[i - 1]; total += d * d }
        return total / Double(max(1, points))
    }

    /// The lines in a profile: runs of it above its mean by a standard deviation.
    static func lines(in profile: [Double]) -> Int {
        let mean = profile.reduce(0, +) / Double(max(1, profile.count))
        let deviation = (profile.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, profile.count))).squareRoot()
        var runs = 0, inside = false
        for value in profile {
            let above = value > mean + deviation
            if above && !inside { runs += 1 }
            inside = above
        }
        return runs
    }
}

extension PageImage {
    /// The page without a line stamped across it (`StampedLineFinder`): every pixel at least as light as a level a
    /// third of the way from the stamped ink towards the printed text made paper white, so that the text — and a
    /// seal's red, and where the stamp crosses the text, which is darker than either — stays. Nil when no stamped
    /// line is found (or Leptonica fails).
    public func withoutStampedLines(finder: StampedLineFinder = StampedLineFinder(), longestSide: Int = 900)
        -> (image: PageImage, stamp: StampedLineFinder.Stamp)? {
        guard let (raster, _) = greyRaster(longestSide: longestSide), let stamp = finder.find(in: raster) else { return nil }
        let textLevel = 20.0
        let cut = Int32(Double(stamp.inkLevel) - (Double(stamp.inkLevel) - textLevel) / 3)
        guard let grey = depth == 32 ? pixGetRGBComponent(pix, Int32(COLOR_GREEN)) : pixConvertTo8(pix, 0) else { return nil }
        defer { destroy(grey) }
        guard let dark = pixThresholdToBinary(grey, cut) else { return nil }
        defer { destroy(dark) }
        guard let light = pixInvert(nil, dark), let copy = pixCopy(nil, pix) else { return nil }
        defer { destroy(light) }
        pixSetMasked(copy, light, depth == 32 ? 0xffffff00 : 255)
        return (PageImage(owning: copy), stamp)
    }
}
