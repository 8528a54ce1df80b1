@testable import Extraction
import Foundation
import IngestCore
import PageImaging
@testable import Pipeline
import Rules
import Testing

/// An issuer one recogniser read is proven by the gazetteer, which takes a misreading to the nearest authority;
/// the proof holds only while the other recogniser's reading does not point to another one.
@Suite struct IssuerProofTests {
    static let repo = MissingFieldTests.repo

    /// The issuer as the page reader read it, settled after the other recogniser read its line as `reread`.
    func settledIssuer(pageReading: String, reread: String) throws -> (field: ExtractedField, problems: [Problem]) {
        let validator = try Validator(rules: RuleSet.load(from: Self.repo.appendingPathComponent("pipelines/rules.yaml")))
        let models = try ExtractionModel.loadAll(from: Self.repo.appendingPathComponent("models"))
        let image = try ImageReader.read(path: Self.repo.appendingPathComponent("fixtures/samples/meeting_notice.png").path,
                                         maxMegapixels: 10)
        let box = Box(x: 900, y: 800, width: 500, height: 40)
        let words = [RecognizedWord(text: pageReading, confidence: 95, box: box)]
        var issuer = ExtractedField(value: pageReading, raw: pageReading, confidence: 95, box: box)
        issuer.readers = ["ppocr"]
        let page = PageExtractor.Result(type: .constructionPermit, classificationScore: 5, runnerUpScore: 0,
                                        fields: [FieldName.issuer: issuer],
                                        lines: [MissingFieldTests.line(pageReading, word: 0)])
        let reading = SecondReading(
            pageReader: "ppocr", engine: MissingFieldTests.ScriptedReader(reading: reread),
            corrector: FieldCorrector(rules: validator.rules), crossCheckEngine: nil, crossCheckLineHeights: [],
            crossCheckFields: [], knownCompanyNames: [], validator: validator,
            asOf: PrintedDate(year: 2026, month: 1, day: 1), lineHeights: [32], dropRedInk: false,
            settledConfidence: 80, agreementRequired: true, provenByRules: [FieldName.issuer])
        let result = reading.apply(to: page, words: words, pageExtractor: PageExtractor(models: models), image: image)
        return (try #require(result.fields[FieldName.issuer]), result.problems.filter { $0.field == FieldName.issuer })
    }

    @Test func aReadingNearerToAnotherAuthorityKeepsTheIssuerInReview() throws {
        let (field, problems) = try settledIssuer(pageReading: "成都市希门和城乡建设局", reread: "成都市赴江区人基和城乡圣设局")
        #expect(field.value == "成都市住房和城乡建设局", "the gazetteer's nearest name to the page reading")
        #expect(field.evidence != .rules)
        #expect(problems.map(\.rule) == ["issuer.readings_disagree"])
    }

    @Test func noiseReadInThePlaceOfTheIssuerLeavesTheProofStanding() throws {
        let (field, problems) = try settledIssuer(pageReading: "成都市希门和城乡建设局", reread: "专用章")
        #expect(field.value == "成都市住房和城乡建设局")
        #expect(field.evidence == .rules)
        #expect(problems.isEmpty)
    }
}
