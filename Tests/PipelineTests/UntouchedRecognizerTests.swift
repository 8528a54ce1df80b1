import Foundation
import IngestCore
import PageImaging
@testable import Pipeline
import Testing

/// The second stage reads a line from the untouched page while the first stage reads the next page. With tesseract
/// as the page reader, both used one tesseract API from two threads and the process crashed (SIGSEGV, seen in the
/// ppocr-fields arrangement on the held-out clean scans): the second stage has an engine of its own.
@Suite struct UntouchedRecognizerTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func recognizers(_ arrangement: String) throws -> EngineRecognizers {
        let settings = try PipelineSettings.load(from: Self.repo.appendingPathComponent("pipelines/arrangements/\(arrangement)"))
        return EngineRecognizers(ocr: settings.ocr)
    }

    @Test func aTesseractPageReaderLendsTheSecondStageNoEngineOfItsOwn() throws {
        let tesseract = try recognizers("ppocr-fields.yaml")
        #expect(try tesseract.untouchedRecognizer() as AnyObject !== tesseract.pageRecognizer() as AnyObject)
        #expect(try tesseract.untouchedRecognizer() as AnyObject === tesseract.untouchedRecognizer() as AnyObject, "made once")
    }

    @Test func bothStagesReadAtOnceWithTheRealTesseract() throws {
        let recognizers = try recognizers("ppocr-fields.yaml")
        let page = try ImageReader.read(path: Self.repo.appendingPathComponent("fixtures/samples/review_bad_credit_code.png").path,
                                        maxMegapixels: 100)
        let line = try #require(page.region(x: 0, y: page.height / 3, width: page.width, height: page.height / 12,
                                            scale: 1, margin: 12))
        /// The two stages' engines and images, handed to two threads as the runner's stages are.
        struct Stages: @unchecked Sendable {
            let pageReader: any TextRecognizer<PageImage>, lineReader: any TextRecognizer<PageImage>
            let page: PageImage, line: PageImage
        }
        let stages = Stages(pageReader: try recognizers.pageRecognizer(), lineReader: try recognizers.untouchedRecognizer(),
                            page: page, line: line)
        let group = DispatchGroup()
        for index in 0..<2 {
            group.enter()
            Thread {
                defer { group.leave() }
                for _ in 0..<3 {
                    if index == 0 { _ = try? stages.pageReader.recognize(stages.page) } else { _ = try? stages.lineReader.readLine(stages.line) }
                }
            }.start()
        }
        group.wait()
        #expect(try !stages.pageReader.recognize(page).isEmpty)
    }
}
