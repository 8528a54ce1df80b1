import IngestCore

/// The detection model's post-processing (DB, "differentiable binarization"): its output is a map of the chance
/// that each pixel is text; regions above `threshold` are text lines. Each connected region becomes a box, kept
/// when the mean chance over it reaches `boxThreshold`, then grown by `unclipRatio` (the model is trained on
/// shrunk lines: a box grows by area × ratio / perimeter on every side, as PaddleOCR's unclip does).
///
/// Boxes are upright rectangles: pages are deskewed before they are read.
///
/// Each line comes with two boxes: the grown one it is read from (a margin around the glyphs helps the
/// recogniser), and the text's own, the region grown back only by what training shrank it by (DB shrinks a line by
/// area × (1 − 0.4²) / perimeter): the size of its characters, which later stages scale readings by.
public struct DBPostProcess: Sendable {
    public var threshold: Float = 0.3
    public var boxThreshold: Float = 0.5
    public var unclipRatio: Double = 1.6
    /// Regions narrower or shorter than this (map pixels) are specks.
    public var minimumSide = 3

    public init() {}

    /// A line found: the box to read it from, the text's own box, and the mean chance over it.
    public struct Line: Equatable, Sendable {
        public var box: Box
        public var text: Box
        public var score: Float
    }

    /// Lines in the map's pixels, top to bottom then left to right.
    public func boxes(map: [Float], width: Int, height: Int) -> [Line] {
        precondition(map.count == width * height)
        var label = [Int32](repeating: 0, count: map.count)
        var found: [Line] = []
        var stack: [Int] = []
        var next: Int32 = 0
        for start in 0..<map.count where map[start] > threshold && label[start] == 0 {
            next += 1
            label[start] = next
            stack.append(start)
            var minX = width, minY = height, maxX = 0, maxY = 0
            var sum: Float = 0, count = 0
            func visit(_ n: Int) {
                if label[n] == 0 && map[n] > threshold {
                    label[n] = next
                    stack.append(n)
                }
            }
            while let index = stack.popLast() {
                let x = index % width, y = index / width
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                sum += map[index]; count += 1
                // 4-connected: lines a pixel apart diagonally stay apart.
                if x > 0 { visit(index - 1) }
                if x + 1 < width { visit(index + 1) }
                if y > 0 { visit(index - width) }
                if y + 1 < height { visit(index + width) }
            }
            let w = maxX - minX + 1, h = maxY - minY + 1
            guard min(w, h) >= minimumSide else { continue }
            let score = sum / Float(count)
            guard score >= boxThreshold else { continue }
            func grown(by ratio: Double) -> Box {
                let grow = Double(w * h) * ratio / Double(2 * (w + h))
                let x0 = max(0, Int((Double(minX) - grow).rounded())), y0 = max(0, Int((Double(minY) - grow).rounded()))
                let x1 = min(width, Int((Double(maxX + 1) + grow).rounded()))
                let y1 = min(height, Int((Double(maxY + 1) + grow).rounded()))
                return Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            }
            found.append(Line(box: grown(by: unclipRatio), text: grown(by: 1 - 0.4 * 0.4), score: score))
        }
        return found.sorted { a, b in
            let sameLine = abs(a.box.midY - b.box.midY) < min(a.box.height, b.box.height) / 2
            return sameLine ? a.box.x < b.box.x : a.box.midY < b.box.midY
        }
    }
}
