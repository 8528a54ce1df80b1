import Foundation
@testable import Pipeline
import Testing

/// The recognisers' arrangements are settings files extending pipelines/settings.yaml; the PP-OCR files they name
/// are relative to the file that names them, whichever file extends it.
@Suite struct ArrangementSettingsTests {
    static let pipelines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines")

    @Test func anArrangementFindsThePPOCRFilesOfTheSettingsItExtends() throws {
        let base = try PipelineSettings.load(from: Self.pipelines.appendingPathComponent("settings.yaml"))
        let alone = try PipelineSettings.load(from: Self.pipelines.appendingPathComponent("arrangements/tesseract-page.yaml"))
        let fields = try PipelineSettings.load(from: Self.pipelines.appendingPathComponent("arrangements/ppocr-fields.yaml"))
        #expect(base.ocr.pageRecognizer == "ppocr" && base.ocr.fieldRecognizer == "ppocrv5" && base.ocr.agreementRequired == true)
        let files = try #require(base.ocr.ppocrV5)
        for path in [files.detectionModel, files.recognitionModel, try #require(files.dictionary)] {
            #expect(path.hasPrefix("/") && FileManager.default.fileExists(atPath: path), "\(path)")
        }
        #expect(alone.ocr.pageRecognizer == "tesseract" && alone.ocr.agreementRequired == false,
                "one recogniser cannot require two to agree")
        #expect(fields.ocr.pageRecognizer == "tesseract" && fields.ocr.crossCheckRecognizer == "ppocr")
        #expect([alone, fields].allSatisfy { $0.ocr.fieldRecognizer == "tesseract" }, "tesseract reads their fields")
        for settings in [base, alone, fields] {
            let files = try #require(settings.ocr.ppocr)
            #expect(files.library.hasSuffix("/vendor/ppocr/libonnxruntime.so.1.31.1"))
            for path in [files.library, files.detectionModel, files.recognitionModel] {
                #expect(path.hasPrefix("/") && FileManager.default.fileExists(atPath: path), "\(path)")
            }
        }
    }
}
