import IngestCore
import OnnxRuntime
import PageImaging

extension PaddleOCREngine {
    /// The direction classifier's input width (PaddleOCR's `cls_image_shape` 3×48×192).
    static let directionWidth = 192

    /// The share (0…1) of the page's largest lines the direction classifier finds upside down, each at least
    /// `certainty` sure; nil without the classifier or when the page shows no line. An independent second opinion
    /// beside tesseract's orientation detection, for pages turned over.
    public func upsideDownShare(_ page: PageImage, lines limit: Int = 12, certainty: Float = 0.9) throws -> Double? {
        guard let classifier else { return nil }
        let largest = try lines(page).sorted { $0.box.width * $0.box.height > $1.box.width * $1.box.height }.prefix(limit)
        var counted = 0, upsideDown = 0
        for found in largest {
            let box = found.box
            guard let line = page.region(x: box.x, y: box.y, width: box.width, height: box.height, scale: 1, margin: 0),
                  let (input, _, _) = Self.lineTensor(line, minimumWidth: Self.directionWidth,
                                                      maximumWidth: Self.directionWidth) else { continue }
            let output = try classifier.run(input, shape: [1, 3, Self.lineHeight, Self.directionWidth])
            guard output.values.count == 2 else { throw ORTError("the direction model gave shape \(output.shape)") }
            counted += 1
            if output.values[1] >= certainty { upsideDown += 1 }  // labels: 0°, 180°
        }
        return counted == 0 ? nil : Double(upsideDown) / Double(counted)
    }
}

/// PP-OCR's direction classifier as an orientation finder: a page most of whose largest lines it finds upside
/// down is turned over. It tells only 0° from 180°; a sideways page is tesseract's detector's to find.
extension PaddleOCREngine: OrientationFinder {
    public func quarterTurnsToUpright(_ image: PageImage) throws -> Int {
        guard let share = try upsideDownShare(image), share > 0.5 else { return 0 }
        return 2
    }

    /// A neural detector reads the softer image better than a sharpened one.
    public var prefersSharpenedScaling: Bool { false }
}
