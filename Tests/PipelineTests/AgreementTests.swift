import IngestCore
@testable import Pipeline
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
