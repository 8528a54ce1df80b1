@testable import Extraction
import Foundation
import IngestCore
import PageImaging
@testable import Pipeline
import Rules
import Testing

/// A required field the page reading missed is looked for by reading the page's other lines again; what that
/// finds has the field reader behind it and nothing else, so it never counts as two recognisers agreeing.
@Suite struct MissingFieldTests {
    /// A field reader that reads every line it is given as `text`.
    final class ScriptedReader: TextRecognizer {
        let name = "scripted"
        let text: String
        init(reading text: String) { self.text = text }
        func recognize(_ image: PageImage) throws -> [RecognizedWord] { [] }
        func readLine(_ image: PageImage) throws -> [RecognizedWord] {
            [RecognizedWord(text: text, confidence: 95, box: Box(x: 12, y: 12, width: image.width - 24, height: image.height - 24))]
        }
    }

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One line of the page as its reader read it, with one word over `box`.
    static func line(_ text: String, word index: Int) -> TextLine {
        TextLine(characters: Array(text), confidences: Array(repeating: 90, count: text.count),
                 wordIndices: Array(repeating: index, count: text.count))
    }

    @Test(arguments: ["二〇二四年八月十八日",          // printed without a label under the issuer: found by what it is
                      "发证日期:二〇二四年八月十八日"])  // its label misread on the page, read right alone
    func aMissingDateFoundByReadingALineAgainHasOnlyTheFieldReaderBehindIt(reread: String) throws {
        let validator = try Validator(rules: RuleSet.load(from: Self.repo.appendingPathComponent("pipelines/rules.yaml")))
        let models = try ExtractionModel.loadAll(from: Self.repo.appendingPathComponent("models"))
        let extractor = PageExtractor(models: models)
        let image = try ImageReader.read(path: Self.repo.appendingPathComponent("fixtures/samples/meeting_notice.png").path,
                                         maxMegapixels: 10)
        let found: [(String, String, Box)] = [
            (FieldName.certificateNumber, "210104202408180701", Box(x: 100, y: 100, width: 600, height: 40)),
            (FieldName.holder, "沈阳东立建工集团股份有限公司", Box(x: 100, y: 200, width: 600, height: 40)),
            (FieldName.issuer, "沈阳市铁西区住房和城乡建设局", Box(x: 900, y: 800, width: 500, height: 40)),
        ]
        var words = found.map { RecognizedWord(text: $0.1, confidence: 90, box: $0.2) }
        words.append(RecognizedWord(text: "二〇二四年八月?八日", confidence: 40, box: Box(x: 950, y: 880, width: 400, height: 40)))
        var fields: [String: ExtractedField] = [:]
        for (name, value, box) in found {
            fields[name] = ExtractedField(value: value, raw: value, confidence: 90, box: box)
        }
        let lines = words.enumerated().map { Self.line($0.element.text, word: $0.offset) }
        let page = PageExtractor.Result(type: .constructionPermit, classificationScore: 5, runnerUpScore: 0,
                                        fields: fields, lines: lines)
        let reading = SecondReading(
            pageReader: "ppocr", engine: ScriptedReader(reading: reread), corrector: FieldCorrector(rules: validator.rules),
            crossCheckEngine: nil, crossCheckLineHeights: [], crossCheckFields: [], knownCompanyNames: [],
            validator: validator, asOf: PrintedDate(year: 2026, month: 1, day: 1), lineHeights: [32, 24],
            dropRedInk: false, settledConfidence: 80, agreementRequired: true, provenByRules: [])

        let result = reading.apply(to: page, words: words, pageExtractor: extractor, image: image)

        let date = try #require(result.fields[FieldName.issueDate])
        #expect(date.value == "2024-08-18")
        #expect(date.readers == ["scripted"], "the page reader never read it")
        #expect(date.evidence == .oneReader)
        #expect(result.problems.contains { $0.rule == "issue_date.one_reader" })
    }
}
