import Extraction
import IngestCore
import PageImaging
@testable import Pipeline
import Rules
import Testing

/// How the second reading tells a reading that agrees apart from one that does not.
@Suite struct AgreementTests {
    @Test func aReadingThatDiffersOnlyInAProvenProvinceAgrees() throws {
        let number = "(鄂)JZ安许证字[2007]074298"
        let province = try #require(number.firstRange(of: "鄂"))
        #expect(SecondReading.differsOnlyWithin(province, of: number, "(哪)JZ安许证字[2007]074298"))
        #expect(!SecondReading.differsOnlyWithin(province, of: number, "(哪)JZ安许证字[2007]074299"),
                "a digit read otherwise too")
        #expect(!SecondReading.differsOnlyWithin(province, of: number, "(哪)了2安许证字[2007]074298"))
        #expect(!SecondReading.differsOnlyWithin(province, of: number, number), "the same reading is no difference")
        #expect(!SecondReading.differsOnlyWithin(province, of: number, "(湖北)JZ安许证字[2007]074298"))
    }

    private func date(_ iso: String, _ evidence: FieldEvidence) -> ExtractedField {
        var field = ExtractedField(value: iso, raw: iso, confidence: 95)
        field.evidence = evidence
        return field
    }
    private func doubt(_ name: String) -> Problem {
        Problem(rule: "\(name).one_reader", field: name, message: "read by ppocr only")
    }

    @Test func datesOneEngineReadAreProvenByEachOtherOnlyWhenTheyFitTheValidityExactly() {
        var fields = [FieldName.issueDate: date("2023-09-13", .readersAgree), FieldName.expiryDate: date("2026-09-12", .oneReader)]
        var problems = [doubt(FieldName.expiryDate)]
        SecondReading.proveDates(&fields, problems: &problems, validityYears: 3)
        #expect(problems.isEmpty)
        #expect(fields[FieldName.expiryDate]?.evidence == .rules)
        #expect(fields[FieldName.issueDate]?.evidence == .readersAgree, "agreement stays the stronger evidence")

        for expiry in ["2026-09-22", "2026-08-12", "2025-09-12", "2029-09-12"] {  // a digit misread
            var fields = [FieldName.issueDate: date("2023-09-13", .oneReader), FieldName.expiryDate: date(expiry, .oneReader)]
            var problems = [doubt(FieldName.issueDate), doubt(FieldName.expiryDate)]
            SecondReading.proveDates(&fields, problems: &problems, validityYears: 3)
            #expect(problems.count == 2, "\(expiry)")
            #expect(fields[FieldName.expiryDate]?.evidence == .oneReader)
        }
    }

    @Test func anotherDoubtAboutADateKeepsBothInReview() {
        var fields = [FieldName.issueDate: date("2023-09-13", .oneReader), FieldName.expiryDate: date("2026-09-12", .oneReader)]
        var problems = [doubt(FieldName.issueDate), Problem(rule: "expiry_date.readings_disagree", field: FieldName.expiryDate,
                                                            message: "read as … but as …")]
        SecondReading.proveDates(&fields, problems: &problems, validityYears: 3)
        #expect(problems.count == 2)
        var noPeriod = fields, noPeriodProblems = [doubt(FieldName.issueDate)]
        SecondReading.proveDates(&noPeriod, problems: &noPeriodProblems, validityYears: nil)
        #expect(noPeriodProblems.count == 1, "a type without a validity period proves nothing")
    }
}

/// A date only the two PP-OCR generations read alike is read by tesseract too, unless the page proves it: the two
/// generations drop a numeral of a date alike now and then (二十七日 read as 二十日), which leaves a real date a
/// few days off, within the validity's tolerance.
@Suite struct DatesOfOneFamilyTests {
    /// A recogniser that only has a name: the test hands in its readings itself.
    final class Named: TextRecognizer {
        let name: String
        init(_ name: String) { self.name = name }
        func recognize(_ image: PageImage) throws -> [RecognizedWord] { [] }
        func readLine(_ image: PageImage) throws -> [RecognizedWord] { [] }
    }

    private func secondReading() throws -> SecondReading {
        let validator = try PreparedReadings.validator()
        return SecondReading(pageReader: "ppocr", engine: Named("ppocrv5"), corrector: FieldCorrector(rules: validator.rules),
                             crossCheckEngine: nil, crossCheckLineHeights: [], crossCheckFields: [],
                             knownCompanyNames: [], validator: validator, asOf: PreparedReadings.asOf,
                             lineHeights: [32, 24, 40], dropRedInk: false, settledConfidence: 80,
                             otherFamilyEngine: { Named("tesseract chi_sim") })
    }

    private func fields(issue: String, readers: [String]) -> [String: ExtractedField] {
        var fields = PreparedReadings.licenceFields.mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) }
        fields[FieldName.issueDate]?.value = issue
        fields[FieldName.issueDate]?.evidence = .readersAgree
        fields[FieldName.issueDate]?.readers = readers
        return fields
    }

    @Test func anotherFamilysDateSendsItToReviewAndTheSameDateConfirmsIt() throws {
        let reading = try secondReading()
        // Printed 2024-05-10 (the licence runs to 2027-05-09); both PP-OCR generations read 2024-05-01.
        var misread = fields(issue: "2024-05-01", readers: ["ppocr", "ppocrv5"])
        let read = { (_: Int, engine: any TextRecognizer<PageImage>) -> ExtractedField? in
            var field = ExtractedField(value: "2024-05-10", raw: "2024年05月10日", confidence: 90)
            field.readers = [engine.name]
            return field
        }
        let problems = reading.confirmedByAnotherFamily([FieldName.issueDate: read], fields: &misread, besides: [],
                                                        type: .safetyProductionLicense)
        #expect(problems.map(\.rule) == ["issue_date.readings_disagree"])
        #expect(misread[FieldName.issueDate]?.readings == ["2024-05-01", "2024-05-10"])

        var agreed = fields(issue: "2024-05-03", readers: ["ppocr", "ppocrv5"])
        let same = { (_: Int, engine: any TextRecognizer<PageImage>) -> ExtractedField? in
            var field = ExtractedField(value: "2024-05-03", raw: "2024年05月03日", confidence: 90)
            field.readers = [engine.name]
            return field
        }
        #expect(reading.confirmedByAnotherFamily([FieldName.issueDate: same], fields: &agreed, besides: [],
                                                 type: .safetyProductionLicense).isEmpty)
        #expect(agreed[FieldName.issueDate]?.readers == ["ppocr", "ppocrv5", "tesseract chi_sim"])

        var unread = fields(issue: "2024-05-03", readers: ["ppocr", "ppocrv5"])
        let nothing = { (_: Int, _: any TextRecognizer<PageImage>) -> ExtractedField? in nil }
        #expect(reading.confirmedByAnotherFamily([FieldName.issueDate: nothing], fields: &unread, besides: [],
                                                 type: .safetyProductionLicense).map(\.rule) == ["issue_date.unconfirmed"])
    }

    @Test func datesThePageProvesOrAnotherFamilyReadAreNotReadAgain() throws {
        let reading = try secondReading()
        let mustNotRead = { (_: Int, _: any TextRecognizer<PageImage>) -> ExtractedField? in
            Issue.record("read again")
            return nil
        }
        // 2024-05-10 to 2027-05-09: exactly the licence's three years, which a digit misread breaks.
        var proven = fields(issue: "2024-05-10", readers: ["ppocr", "ppocrv5"])
        #expect(reading.confirmedByAnotherFamily([FieldName.issueDate: mustNotRead], fields: &proven, besides: [],
                                                 type: .safetyProductionLicense).isEmpty)
        var twoFamilies = fields(issue: "2024-05-03", readers: ["ppocr", "tesseract chi_sim"])
        #expect(reading.confirmedByAnotherFamily([FieldName.issueDate: mustNotRead], fields: &twoFamilies, besides: [],
                                                 type: .safetyProductionLicense).isEmpty)
        #expect(FieldReconciler.family("ppocrv5") == FieldReconciler.family("ppocr"))
        #expect(FieldReconciler.family("tesseract HanS") == "tesseract")
    }
}
