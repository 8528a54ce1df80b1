import Extraction
import Foundation
import IngestCore
import PageImaging
@testable import Pipeline
import Rules
import Synchronization

/// The stages' inputs without any OCR engine: recognisers that return prepared words, and the shipped models,
/// rules and settings.
enum PreparedReadings {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A 安全生产许可证 as the page recogniser reads it: one word per printed line, a line every 120 pixels.
    static let licenceLines = [
        "安全生产许可证",
        "编号：（辽）JZ安许证字〔2021〕001234",
        "单位名称：沈阳宏远建筑工程有限公司",
        "统一社会信用代码：91210102MA0ABC121T",
        "主要负责人：王建国",
        "有效期：2024年05月10日至2027年05月09日",
        "发证机关：辽宁省住房和城乡建设厅",
        "发证日期：2024年05月10日",
    ]
    static let licenceFields = [
        "certificate_number": "(辽)JZ安许证字[2021]001234", "holder": "沈阳宏远建筑工程有限公司",
        "credit_code": "91210102MA0ABC121T", "issuer": "辽宁省住房和城乡建设厅",
        "issue_date": "2024-05-10", "expiry_date": "2027-05-09", "principal": "王建国",
    ]
    static let asOf = PrintedDate(year: 2026, month: 1, day: 1)

    static func words(_ lines: [String], confidence: Double = 96) -> [RecognizedWord] {
        lines.enumerated().map { index, text in
            RecognizedWord(text: text, confidence: confidence,
                           box: Box(x: 100, y: 100 + index * 120, width: text.count * 20, height: 50))
        }
    }

    /// The shipped settings with the second reading off: a scripted page reading is all there is to read.
    static func settings() throws -> PipelineSettings {
        var settings = try PipelineSettings.load(from: repo.appendingPathComponent("pipelines/settings.yaml"))
        settings.ocr.secondReading = false
        settings.cards = nil
        return settings
    }

    static func validator() throws -> Validator {
        try Validator(rules: RuleSet.load(from: repo.appendingPathComponent("pipelines/rules.yaml")))
    }

    static func extractor() throws -> PageExtractor {
        PageExtractor(models: try ExtractionModel.loadAll(from: repo.appendingPathComponent("models")))
    }

    static func processor(_ recognizers: any WorkerRecognizers) throws -> PageProcessor {
        PageProcessor(settings: try settings(), extractor: try extractor(), validator: try validator(), asOf: asOf,
                      recognizers: recognizers)
    }
}

/// A page recogniser that reads `upright` from a page standing taller than wide, and `otherwise` from any other.
final class ScriptedPageRecognizer: TextRecognizer, Sendable {
    let name = "scripted"
    let upright: [RecognizedWord]
    let otherwise: [RecognizedWord]
    let pagesRead = Mutex(0)

    init(upright: [RecognizedWord], otherwise: [RecognizedWord] = []) {
        self.upright = upright; self.otherwise = otherwise
    }

    func recognize(_ image: PageImage) throws -> [RecognizedWord] {
        pagesRead.withLock { $0 += 1 }
        return image.height > image.width ? upright : otherwise
    }

    func readLine(_ image: PageImage) throws -> [RecognizedWord] { [] }
}

/// A recogniser that reads every line it is given as the same text.
final class ScriptedLineRecognizer: TextRecognizer, Sendable {
    let name = "scripted line"
    let text: String
    init(reading text: String) { self.text = text }

    func recognize(_ image: PageImage) throws -> [RecognizedWord] { try readLine(image) }
    func readLine(_ image: PageImage) throws -> [RecognizedWord] {
        [RecognizedWord(text: text, confidence: 95, box: Box(x: 12, y: 12, width: max(1, image.width - 24), height: max(1, image.height - 24)))]
    }
}

/// An orientation finder that always gives the same answer, and counts how often it was asked.
final class FixedOrientationFinder: OrientationFinder, Sendable {
    let turns: Int
    let asked = Mutex(0)
    init(turns: Int) { self.turns = turns }

    func quarterTurnsToUpright(_ image: PageImage) throws -> Int {
        asked.withLock { $0 += 1 }
        return turns
    }
}

/// One worker's prepared recognisers.
final class PreparedRecognizers: WorkerRecognizers, @unchecked Sendable {
    let page: ScriptedPageRecognizer
    let finder: FixedOrientationFinder
    /// Reads every field alone; the page recogniser when nil.
    let field: (any TextRecognizer<PageImage>)?

    init(page: ScriptedPageRecognizer, finder: FixedOrientationFinder = FixedOrientationFinder(turns: 0),
         field: (any TextRecognizer<PageImage>)? = nil) {
        self.page = page; self.finder = finder; self.field = field
    }

    func pageRecognizer() throws -> any TextRecognizer<PageImage> { page }
    func fieldRecognizer() throws -> any TextRecognizer<PageImage> { field ?? page }
    func crossCheckRecognizer() throws -> (any TextRecognizer<PageImage>)? { nil }
    func orientationFinders() throws -> [any OrientationFinder<PageImage>] { [finder] }
}
