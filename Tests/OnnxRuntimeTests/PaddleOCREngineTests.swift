import Foundation
import IngestCore
import PageImaging
@testable import PaddleOCR
import Testing

/// PP-OCRv4 through ONNX Runtime on committed pages of the design corpus: the real models read the key strings.
@Suite struct PaddleOCREngineTests {
    static let designs = ORTSessionTests.vendor.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/designs")

    static func engine() throws -> PaddleOCREngine {
        try PaddleOCREngine(settings: .init(libraryPath: ORTSessionTests.library,
                                            detectionModel: ORTSessionTests.model("ch_PP-OCRv4_det_infer.onnx"),
                                            recognitionModel: ORTSessionTests.model("ch_PP-OCRv4_rec_infer.onnx")))
    }

    struct Truth: Decodable {
        var source: String
        var condition: String
        var fields: [String: String]
        var card: Int?
    }

    @Test func aCleanScanOfEachDesignIsReadWithItsKeyStrings() throws {
        let engine = try Self.engine()
        let truths = try String(contentsOf: Self.designs.appendingPathComponent("expected.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
            .filter { $0.condition == "clean" }
        #expect(truths.count >= 3)
        for truth in truths {
            let page = try ImageReader.read(path: Self.designs.appendingPathComponent("pages/" + truth.source).path,
                                            maxMegapixels: 100)
            let words = try engine.recognize(page)
            let text = words.map(\.text).joined()
            for name in ["holder", "credit_code"] {
                guard let value = truth.fields[name] else { continue }
                #expect(text.contains(value), "\(truth.source) \(name)")
            }
            for word in words {
                let box = try #require(word.box)
                #expect(box.x >= 0 && box.y >= 0 && box.maxX <= page.width && box.maxY <= page.height)
            }
        }
    }

    /// PP-OCRv5 (its dictionary a file beside the model): the 18,383 characters in class order, and names with
    /// characters PP-OCRv4's dictionary lacks or tesseract's chi_sim misreads, read whole from their line alone.
    @Test func ppocrV5ReadsWithItsOwnDictionaryFile() throws {
        var settings = PaddleOCREngine.Settings(libraryPath: ORTSessionTests.library,
                                                detectionModel: ORTSessionTests.model("ppocrv5/det/det.onnx"),
                                                recognitionModel: ORTSessionTests.model("ppocrv5/rec/rec.onnx"))
        settings.dictionaryPath = ORTSessionTests.model("ppocrv5/ppocrv5_dict.txt")
        settings.name = "ppocrv5"
        let engine = try PaddleOCREngine(settings: settings)
        #expect(engine.name == "ppocrv5")
        #expect(engine.decoder.dictionary.count == 18_383)
        #expect(Set("鼎渤祎鑫").isSubset(of: Set(engine.decoder.dictionary)))
        let lines = Self.designs.deletingLastPathComponent().appendingPathComponent("lines")
        for (name, text) in [("ding.png", "沈阳建鼎市政工程有限公司"), ("lei.png", "顾磊")] {
            let line = try ImageReader.read(path: lines.appendingPathComponent(name).path, maxMegapixels: 100)
            #expect(try engine.readLine(line).map(\.text).joined() == text, "\(name)")
        }
        var missing = settings
        missing.dictionaryPath = "/nonexistent/ppocrv5_dict.txt"
        #expect(throws: (any Error).self) { try PaddleOCREngine(settings: missing) }
    }

    @Test func theDirectionClassifierTellsAPageTurnedOverFromAnUprightOne() throws {
        var settings = PaddleOCREngine.Settings(libraryPath: ORTSessionTests.library,
                                                detectionModel: ORTSessionTests.model("ch_PP-OCRv4_det_infer.onnx"),
                                                recognitionModel: ORTSessionTests.model("ch_PP-OCRv4_rec_infer.onnx"))
        #expect(try Self.engine().upsideDownShare(try ImageReader.read(path: Self.designs.appendingPathComponent(
            "pages/develop-classic-safety_production_license-clean.png").path, maxMegapixels: 100)) == nil,
            "no classifier, no opinion")
        settings.directionModel = ORTSessionTests.model("ch_ppocr_mobile_v2.0_cls_infer.onnx")
        let engine = try PaddleOCREngine(settings: settings)
        for name in ["develop-classic-safety_production_license-clean.png", "develop-above-construction_permit-clean.png", "develop-grid-enterprise_qualification-clean.png"] {
            let upright = try ImageReader.read(path: Self.designs.appendingPathComponent("pages/" + name).path,
                                               maxMegapixels: 100)
            let turned = try #require(upright.rotated(quarterTurns: 2))
            #expect(try #require(try engine.upsideDownShare(upright)) < 0.2, "\(name) upright")
            #expect(try #require(try engine.upsideDownShare(turned)) > 0.8, "\(name) turned over")
        }
    }

    @Test func aLineCutFromItsPageIsReadAsThatLine() throws {
        let engine = try Self.engine()
        let page = try ImageReader.read(path: Self.designs.appendingPathComponent(
            "pages/develop-classic-safety_production_license-clean.png").path, maxMegapixels: 100)
        let lines = try engine.lines(page).map(\.box)
        #expect(lines.count >= 8)
        let widest = try #require(lines.max { $0.width < $1.width })
        let line = try #require(page.region(x: widest.x, y: widest.y, width: widest.width, height: widest.height,
                                            scale: 1, margin: 0))
        #expect(!(try engine.readLine(line)).isEmpty)
    }
}
