/// A rectangle in page pixels, origin top left.
public struct Box: Codable, Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var midX: Int { x + width / 2 }
    public var midY: Int { y + height / 2 }

    public func union(_ other: Box) -> Box {
        let left = min(x, other.x), top = min(y, other.y)
        return Box(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
    }

    public func intersects(_ other: Box) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Whether the centre of `other` lies inside this box.
    public func holdsCentre(of other: Box) -> Bool {
        other.midX >= x && other.midX <= maxX && other.midY >= y && other.midY <= maxY
    }

    /// A box measured on an image scaled by `factor` (and offset by `origin` in it), back in the original's pixels.
    public func unscaled(by factor: Double, origin: (x: Int, y: Int) = (0, 0)) -> Box {
        Box(x: origin.x + Int(Double(x) / factor), y: origin.y + Int(Double(y) / factor),
            width: Int((Double(width) / factor).rounded()), height: Int((Double(height) / factor).rounded()))
    }

    /// The smallest box holding all of `boxes`; nil when there are none.
    public static func union(of boxes: [Box]) -> Box? {
        boxes.dropFirst().reduce(boxes.first) { $0?.union($1) }
    }
}
