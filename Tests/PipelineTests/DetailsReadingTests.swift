import Extraction
import IngestCore
import PageImaging
@testable import Pipeline
import Rules
import Testing

/// The details a type prints for people (主要负责人, 作业类别…) are read a second time like the key fields, and their
/// evidence tells whether two recognisers agreed; unlike a key field, a detail whose readings differ does not send
/// the page to review (a rule that names it may).
@Suite struct DetailsReadingTests {
    private func readAgain(by fieldReader: any TextRecognizer<PageImage>) throws -> ExtractedField {
        let validator = try PreparedReadings.validator()
        let reading = SecondReading(pageReader: "ppocr", engine: fieldReader, corrector: FieldCorrector(rules: validator.rules),
                                    crossCheckEngine: nil, crossCheckLineHeights: [], crossCheckFields: [],
                                    knownCompanyNames: [], validator: validator, asOf: PreparedReadings.asOf,
                                    lineHeights: [32], dropRedInk: false, settledConfidence: 80)
        let words = PreparedReadings.words(PreparedReadings.licenceLines)
        let extractor = try PreparedReadings.extractor()
        let page = extractor.extract(extractor.classify(RecognizedPage(words: words, origin: .ocr)))
        var fields = page.fields
        #expect(fields[FieldName.principal]?.value == "王建国")
        let image = try #require(PageImage.white(width: 1000, height: 1200, resolution: 300))
        reading.detailsReadAgain(&fields, words: words, extractor: try #require(extractor.fieldExtractor(for: page.type)),
                                 image: image, textHeight: 50)
        return try #require(fields[FieldName.principal])
    }

    @Test func aDetailAnotherRecogniserReadsAlikeIsConfirmedByTwoReaders() throws {
        let principal = try readAgain(by: ScriptedLineRecognizer(reading: "主要负责人：王建国"))
        #expect(principal.evidence == .readersAgree)
        #expect(principal.readers == ["ppocr", "scripted line"])
        #expect(principal.readings == nil)
    }

    @Test func aDetailReadOtherwiseKeepsThePagesValueAsOneReadersWithBothReadings() throws {
        let principal = try readAgain(by: ScriptedLineRecognizer(reading: "主要负责人：王建同"))
        #expect(principal.value == "王建国")
        #expect(principal.evidence == .oneReader)
        #expect(principal.readings == ["王建国", "王建同"])
    }

    @Test func aDetailTheSameRecogniserReadsAgainIsNoAgreement() throws {
        // The page's own recogniser reading its crop again is one observation, however alike.
        final class PageReaderAgain: TextRecognizer, Sendable {
            let name = "ppocr"
            func recognize(_ image: PageImage) throws -> [RecognizedWord] { try readLine(image) }
            func readLine(_ image: PageImage) throws -> [RecognizedWord] {
                [RecognizedWord(text: "主要负责人：王建国", confidence: 95, box: Box(x: 12, y: 12, width: 100, height: 30))]
            }
        }
        #expect(try readAgain(by: PageReaderAgain()).evidence == .oneReader)
    }
}
