import CTesseract
import IngestCore
import PageImaging

/// Tesseract's orientation and script detection (OSD, `osd.traineddata`): which way a page lies. One per
/// worker, like the engines. It costs most of a second on a whole 300 dpi page, so callers hand it a reduced one
/// and only when the page did not read upright (shared/BINDINGS.md §2).
public final class OrientationDetector: OrientationFinder, @unchecked Sendable {
    private let api: OpaquePointer
    private let clock: RecognitionClock?

    public init(dataPath: String, clock: RecognitionClock? = nil) throws {
        guard let api = TessBaseAPICreate() else { throw TesseractError.initFailed(dataPath: dataPath, languages: "osd") }
        self.api = api
        self.clock = clock
        guard TessBaseAPIInit2(api, dataPath, "osd", OEM_TESSERACT_ONLY) == 0 else {
            throw TesseractError.initFailed(dataPath: dataPath, languages: "osd")
        }
        TessBaseAPISetPageSegMode(api, PSM_OSD_ONLY)
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    public struct Orientation: Sendable {
        /// How far the page is turned clockwise from upright: 0, 90, 180 or 270 (measured: a page turned 90°
        /// clockwise gives 90, and turning it a further 270° clockwise sets it upright).
        public var degrees: Int
        public var confidence: Double
    }

    /// Nil when the page holds too little text to tell.
    public func detect(_ image: PageImage) -> Orientation? {
        TessBaseAPISetImage2(api, image.pix)
        if image.resolution < 70 { TessBaseAPISetSourceResolution(api, 150) }
        defer { TessBaseAPIClear(api) }
        var degrees: Int32 = 0, confidence: Float = 0, scriptConfidence: Float = 0
        var script: UnsafePointer<CChar>?  // tesseract's own string: not to be freed (capi.h says otherwise)
        let detect = { TessBaseAPIDetectOrientationScript(self.api, &degrees, &confidence, &script, &scriptConfidence) }
        guard (clock.map { $0.timing(detect) } ?? detect()) != 0 else { return nil }
        return Orientation(degrees: Int(degrees), confidence: Double(confidence))
    }

    /// Detection on a copy reduced to 150 dpi (a whole 300 dpi page costs most of a second): a page found turned
    /// 90° clockwise is set upright by a further three quarter turns.
    public func quarterTurnsToUpright(_ image: PageImage) throws -> Int {
        let factor = 150 / Double(max(1, image.effectiveResolution))
        let small = factor < 0.9 ? image.scaled(by: factor) ?? image : image
        guard let found = detect(small), found.degrees % 360 != 0 else { return 0 }
        return (4 - found.degrees / 90) % 4
    }
}
