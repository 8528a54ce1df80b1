import Foundation
@testable import OnnxRuntime
import Testing

/// The binding to ONNX Runtime's C API, on the real library and the PP-OCRv4 models `make deps` takes out of
/// PyPI's wheels (vendor/ppocr).
@Suite struct ORTSessionTests {
    static let vendor = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("vendor/ppocr")
    static let library = vendor.appendingPathComponent("libonnxruntime.so.1.31.1").path
    static func model(_ name: String) -> String { vendor.appendingPathComponent("models/" + name).path }

    @Test func theLibraryLoadsAndSaysItsVersion() throws {
        let runtime = try ORTRuntime.shared(libraryPath: Self.library)
        #expect(runtime.version == "1.31.1")
        #expect(try ORTRuntime.shared(libraryPath: Self.library) === runtime, "one runtime per library")
    }

    @Test func aLibraryThatIsNotThereIsAClearError() {
        #expect(throws: ORTError.self) { try ORTRuntime.shared(libraryPath: "/nonexistent/libonnxruntime.so") }
        #expect(throws: ORTError.self) { try ORTRuntime.shared(libraryPath: "/usr/lib/x86_64-linux-gnu/libz.so.1") }
    }

    @Test func theRecognitionModelNamesItsTensorsAndHoldsItsDictionary() throws {
        let session = try ORTSession(runtime: try ORTRuntime.shared(libraryPath: Self.library),
                                     modelPath: Self.model("ch_PP-OCRv4_rec_infer.onnx"))
        #expect(session.inputNames == ["x"])
        #expect(session.outputNames.count == 1)
        let dictionary = try #require(try session.metadata("character")).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(dictionary.count >= 6623)
        for rare in ["鑫", "鼎", "磊", "渤", "〇"] { #expect(dictionary.contains(Substring(rare)), "\(rare)") }
        #expect(try session.metadata("no such key") == nil)
    }

    @Test func aRunGivesOneDistributionPerStep() throws {
        let session = try ORTSession(runtime: try ORTRuntime.shared(libraryPath: Self.library),
                                     modelPath: Self.model("ch_PP-OCRv4_rec_infer.onnx"))
        let width = 320
        let output = try session.run([Float](repeating: 1, count: 3 * 48 * width), shape: [1, 3, 48, width])
        #expect(output.shape == [1, 40, 6625])
        // A softmax: each step's probabilities sum to one; a blank white line is all CTC blank (class 0).
        let classes = output.shape[2]
        for step in 0..<output.shape[1] {
            let row = output.values[step * classes..<(step + 1) * classes]
            #expect(abs(row.reduce(0, +) - 1) < 0.01)
            #expect(row.firstIndex(of: row.max()!)! - step * classes == 0)
        }
    }

    @Test func aWrongInputIsAClearErrorNotACrash() throws {
        let session = try ORTSession(runtime: try ORTRuntime.shared(libraryPath: Self.library),
                                     modelPath: Self.model("ch_PP-OCRv4_rec_infer.onnx"))
        #expect(throws: ORTError.self) { try session.run([0, 1, 2], shape: [1, 3, 48, 320]) }
        #expect(throws: ORTError.self) { try session.run([Float](repeating: 0, count: 48 * 320), shape: [1, 1, 48, 320]) }
        #expect(throws: ORTError.self) {
            try ORTSession(runtime: try ORTRuntime.shared(libraryPath: Self.library), modelPath: "/nonexistent.onnx")
        }
    }
}
