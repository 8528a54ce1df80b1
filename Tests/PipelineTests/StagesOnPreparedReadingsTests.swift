import Extraction
import Foundation
import IngestCore
import PageImaging
@testable import Pipeline
import Testing

/// The stages after the recogniser — preparation, orientation, classification, extraction, validation — on
/// prepared readings, with no OCR engine: each test takes milliseconds.
@Suite struct StagesOnPreparedReadingsTests {
    private func outcome(of inHand: PageProcessor.PageInHand, by processor: PageProcessor) throws -> PageOutcome {
        guard case let .items(items) = processor.finish(inHand) else {
            Issue.record("the page failed its file")
            return PageOutcome.failed(page: 0, problem: Problem(rule: "test", field: nil, message: "file failed"))
        }
        return try #require(items.count == 1 ? items.first : nil)
    }

    /// The width a PNG's header gives.
    static func pngWidth(_ png: [UInt8]) -> Int {
        png.count > 20 ? png[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
    }

    @Test func aScannedPageIsClassifiedExtractedAndValidatedFromItsReading() throws {
        let recognizer = ScriptedPageRecognizer(upright: PreparedReadings.words(PreparedReadings.licenceLines))
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: recognizer))
        let page = try #require(PageImage.white(width: 800, height: 1200, resolution: 200))

        let read = try outcome(of: processor.recognize(.scan(page), page: 1), by: processor)

        #expect(read.type == .safetyProductionLicense)
        #expect(read.fields.mapValues(\.value) == PreparedReadings.licenceFields)
        #expect(read.problems.map(\.rule) == [])
        #expect(read.status == .accepted)
        #expect(read.origin == .ocr)
        #expect(read.thumbnailPNG == nil && read.reviewImagePNG == nil, "an accepted page keeps no picture")
        #expect(recognizer.pagesRead.withLock { $0 } == 1, "an upright page is read once")
    }

    @Test func aPageThatReadsAsNoCertificateIsTurnedAsTheFinderSaysAndReadAgain() throws {
        let recognizer = ScriptedPageRecognizer(upright: PreparedReadings.words(PreparedReadings.licenceLines),
                                                otherwise: PreparedReadings.words(["ʇıɯɹǝd", "ʎʇǝɟɐs"]))
        let finder = FixedOrientationFinder(turns: 1)
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: recognizer, finder: finder))
        let sideways = try #require(PageImage.white(width: 1200, height: 800, resolution: 200))

        let read = try outcome(of: processor.recognize(.scan(sideways), page: 3), by: processor)

        #expect(read.type == .safetyProductionLicense)
        #expect(read.fields.mapValues(\.value) == PreparedReadings.licenceFields)
        #expect(read.page == 3)
        #expect((read.pageWidth, read.pageHeight) == (800, 1200), "the item keeps the page as turned")
        #expect(finder.asked.withLock { $0 } == 1)
        #expect(recognizer.pagesRead.withLock { $0 } == 2)
    }

    @Test func aPageNoFinderTurnsStaysUnknownAndGoesToAPerson() throws {
        let recognizer = ScriptedPageRecognizer(upright: [], otherwise: PreparedReadings.words(["会议通知", "请各单位准时参加"]))
        let finder = FixedOrientationFinder(turns: 0)
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: recognizer, finder: finder))
        let page = try #require(PageImage.white(width: 1200, height: 800, resolution: 200))

        let read = try outcome(of: processor.recognize(.scan(page), page: 1), by: processor)

        #expect(read.type == .unknown)
        #expect(read.status == .review)
        // The page a reviewer reads, beside the report's thumbnail: wider (never wider than the page itself).
        #expect(read.thumbnailPNG.map(Self.pngWidth) == 360)
        #expect(read.reviewImagePNG.map(Self.pngWidth) == 1200)
        #expect(read.problems.map(\.rule).contains("type.unknown"))
        #expect(finder.asked.withLock { $0 } == 1)
        #expect(recognizer.pagesRead.withLock { $0 } == 1, "an unturned page is not read twice")
    }

    @Test func aTextLayerPageNeedsNoRecogniserAndNoOrientation() throws {
        let recognizer = ScriptedPageRecognizer(upright: [], otherwise: [])
        let finder = FixedOrientationFinder(turns: 2)
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: recognizer, finder: finder))
        let layer = RecognizedPage(words: PreparedReadings.words(PreparedReadings.licenceLines), origin: .textLayer)

        let read = try outcome(of: processor.recognize(.textLayer(layer, picture: { _, _ in nil }), page: 1), by: processor)

        #expect(read.origin == .textLayer)
        #expect(read.fields.mapValues(\.value) == PreparedReadings.licenceFields)
        #expect(read.fields.values.allSatisfy { $0.evidence == .textLayer })
        #expect(recognizer.pagesRead.withLock { $0 } == 0)
        #expect(finder.asked.withLock { $0 } == 0)
    }

    @Test func aPageItsSourceCannotRenderFailsAloneWithItsReason() throws {
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: ScriptedPageRecognizer(upright: [])))
        let problem = Problem(rule: "input.render_failed", field: nil, message: "poppler could not render page 2")

        let read = try outcome(of: processor.recognize(.failed(problem), page: 2), by: processor)

        #expect(read.status == .failed)
        #expect(read.page == 2)
        #expect(read.problems == [problem])
    }

    @Test func aFileThatGrewAfterIntakeIsSetAsideWithItsReason() throws {
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: ScriptedPageRecognizer(upright: [])))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("growing-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: path))
        // Taken in at 1,000 bytes; 4,096 now.
        let file = InputFile(source: path, sha256: "x", byteCount: 1000, format: .png)
        guard case let .done(.fileFailed(problem)) = processor.recognize(file, page: 1) else {
            Issue.record("the file was read")
            return
        }
        #expect(problem.rule == "input.changed" && problem.message.contains("1000 bytes, now 4096"))
    }
}
