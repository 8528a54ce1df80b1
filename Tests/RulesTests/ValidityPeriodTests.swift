import IngestCore
import Rules
import Testing

/// Type-specific validity: a period from issue to expiry that does not fit the type goes to review.
@Suite struct ValidityPeriodTests {
    let validator: Validator
    let today = PrintedDate(year: 2026, month: 11, day: 22)

    init() throws {
        validator = try repositoryValidator()
    }

    func rules(_ type: DocumentType, _ values: [String: String], issue: String, expiry: String) -> [String] {
        var all = values
        all["issue_date"] = issue; all["expiry_date"] = expiry
        let fields = all.mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) }
        return validator.validate(type: type, fields: fields, asOf: today).problems.map(\.rule)
    }

    let license = ["certificate_number": "(辽)JZ安许证字[2021]001234", "holder": "沈阳宏远建筑工程有限公司",
                   "credit_code": "91420000757013137P", "issuer": "辽宁省住房和城乡建设厅"]
    let qualification = ["certificate_number": "D221012345", "holder": "大连海川建设集团有限公司",
                         "credit_code": "91420000757013137P", "issuer": "辽宁省住房和城乡建设厅"]
    let card = ["certificate_number": "T210103199001014565", "holder": "张伟", "id_number": "210103199001014565",
                "issuer": "辽宁省应急管理厅"]

    @Test func aPersonsNameThatIsOnlyASurnameIsIncompleteWhateverTheReadersSaid() {
        let person = ["certificate_number": "辽A012021000123", "id_number": "210103199001014565",
                      "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2021-08-11", "expiry_date": "2023-08-10"]
        func rules(_ holder: String, _ type: DocumentType = .constructionSpecialOperation) -> [String] {
            var values = person
            values["holder"] = holder
            return validator.validate(type: type, fields: values.mapValues { ExtractedField(value: $0, raw: $0, confidence: 99) },
                                      asOf: today).problems.map(\.rule).filter { $0.hasPrefix("holder.") }
        }
        for surname in ["上官", "欧阳", "司马", "诸葛"] {
            #expect(rules(surname) == ["holder.incomplete"], "\(surname)")
        }
        #expect(rules("上官国祎") == [])
        #expect(rules("王伟") == [], "a surname and a given name of one character each is a whole name")
        #expect(rules("王") == ["holder.format", "holder.incomplete"])
        #expect(!rules("司马", .safetyProductionLicense).contains("holder.incomplete"), "a company's name is not a person's")
    }

    @Test(arguments: [
        ("2024-05-10", "2027-05-09", true),   // 3 years less a day, as printed
        ("2024-05-10", "2027-05-10", true),   // 3 years to the day
        ("2024-04-20", "2027-05-09", true),   // a renewal issued three weeks before its period
        ("2024-05-10", "2029-05-09", false),  // 5 years: a 资质证书's period, or a misread year
        ("2024-05-10", "2026-05-09", false),  // 2 years
        ("2024-05-10", "2027-07-01", false),  // 53 days over
    ])
    func aSafetyLicenceIsValidThreeYears(issue: String, expiry: String, fits: Bool) {
        let problems = rules(.safetyProductionLicense, license, issue: issue, expiry: expiry)
        #expect(problems.contains("expiry_date.validity_period") == !fits, "\(issue) → \(expiry)")
    }

    @Test func aQualificationMayBeShorterAfterAReissueButNotLonger() {
        #expect(rules(.enterpriseQualification, qualification, issue: "2023-12-31", expiry: "2028-12-31").isEmpty)
        #expect(rules(.enterpriseQualification, qualification, issue: "2026-03-01", expiry: "2028-12-31").isEmpty,
                "reissued after a change, the first expiry kept")
        #expect(rules(.enterpriseQualification, qualification, issue: "2023-12-31", expiry: "2031-12-31")
            == ["expiry_date.validity_period"])
    }

    @Test func aSpecialOperationCardIsValidSixYears() {
        #expect(rules(.specialOperation, card, issue: "2022-06-15", expiry: "2028-06-14").isEmpty)
        let three = rules(.specialOperation, card, issue: "2022-06-15", expiry: "2025-06-14")
        #expect(three == ["expiry_date.validity_period"], "3 years is its review, not its expiry")
    }

    @Test func theMessageSaysWhatWasExpected() throws {
        var fields = license
        fields["issue_date"] = "2024-05-10"; fields["expiry_date"] = "2029-05-09"
        let verdict = validator.validate(type: .safetyProductionLicense,
                                         fields: fields.mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) },
                                         asOf: today)
        let problem = try #require(verdict.problems.first { $0.rule == "expiry_date.validity_period" })
        #expect(problem.field == "expiry_date")
        #expect(problem.message.contains("3 years") && problem.message.contains("2027-05-09"))
    }

    @Test func leapDaysAndYearsAdd() {
        let leap = PrintedDate(year: 2024, month: 2, day: 29)
        #expect(leap.adding(years: 1) == PrintedDate(year: 2025, month: 2, day: 28))
        #expect(leap.adding(years: 4) == PrintedDate(year: 2028, month: 2, day: 29))
        #expect(PrintedDate(year: 2025, month: 3, day: 1).adding(days: -1) == PrintedDate(year: 2025, month: 2, day: 28))
        for n in [-800_000, -1, 0, 1, 19_000, 60_000] {
            #expect(PrintedDate(dayNumber: n).dayNumber == n)
        }
    }
}
