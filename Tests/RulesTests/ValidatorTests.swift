import Foundation
import IngestCore
import Rules
import Testing

@Suite struct ValidatorTests {
    let validator: Validator
    let today = PrintedDate(year: 2026, month: 11, day: 22)

    init() throws {
        validator = try repositoryValidator()
    }

    private func fields(_ values: [String: String], confidence: Double = 95) -> [String: ExtractedField] {
        values.mapValues { ExtractedField(value: $0, raw: $0, confidence: confidence) }
    }

    private let license = [
        "certificate_number": "(辽)JZ安许证字[2021]001234", "holder": "沈阳宏远建筑工程有限公司",
        "credit_code": "91420000757013137P", "issuer": "辽宁省住房和城乡建设厅",
        "issue_date": "2024-05-10", "expiry_date": "2027-05-09",
    ]

    private func rules(_ type: DocumentType, _ values: [String: String], confidence: Double = 95) -> [String] {
        validator.validate(type: type, fields: fields(values, confidence: confidence), asOf: today).problems.map(\.rule)
    }

    @Test func aNumbersProvinceIsProvenOnlyByAKnownIssuerOfThatProvince() throws {
        let number = "(辽)JZ安许证字[2021]001234"
        let range = try #require(validator.provinceProvenByIssuer(number, type: .safetyProductionLicense,
                                                                  issuer: "辽宁省住房和城乡建设厅"))
        #expect(number[range] == "辽")
        #expect(validator.provinceProvenByIssuer(number, type: .safetyProductionLicense, issuer: "吉林省住房和城乡建设厅") == nil,
                "another province's issuer")
        #expect(validator.provinceProvenByIssuer(number, type: .safetyProductionLicense, issuer: "辽宁省住房和城乡建没厅") == nil,
                "an issuer the gazetteer does not know proves nothing")
        #expect(validator.provinceProvenByIssuer(number, type: .safetyProductionLicense, issuer: nil) == nil)
        #expect(validator.provinceProvenByIssuer("D233021234", type: .enterpriseQualification,
                                                 issuer: "辽宁省住房和城乡建设厅") == nil, "a number without a province")
    }

    @Test func aCleanLicensePasses() {
        let verdict = validator.validate(type: .safetyProductionLicense, fields: fields(license), asOf: today)
        #expect(verdict.problems.isEmpty)
        #expect(verdict.flags.isEmpty)
    }

    @Test func expiredIsFlaggedNotRejected() {
        var old = license
        old["issue_date"] = "2021-05-10"; old["expiry_date"] = "2024-05-09"
        let verdict = validator.validate(type: .safetyProductionLicense, fields: fields(old), asOf: today)
        #expect(verdict.problems.isEmpty)
        #expect(verdict.flags == ["expired"])
    }

    @Test func requiredFieldsNamed() {
        var partial = license
        partial["issuer"] = nil; partial["expiry_date"] = nil
        #expect(rules(.safetyProductionLicense, partial).sorted() == ["expiry_date.missing", "issuer.missing"])
    }

    @Test(arguments: ["(IL)JZ安许证字[2021]001234", "(辽)JZ安许证字(2021)001234", "(辽)JZ安许证字[2021]00123"])
    func malformedLicenseNumbers(number: String) {
        var bad = license
        bad["certificate_number"] = number
        #expect(rules(.safetyProductionLicense, bad) == ["certificate_number.format"])
    }

    /// 川 and 蜀 are both 四川 (贵/黔, 云/滇, 陕/秦, 甘/陇 alike): either matches the province's issuer.
    @Test(arguments: ["(川)JZ安许证字[2021]001234", "(蜀)JZ安许证字[2021]001234"])
    func eitherAbbreviationOfAProvinceMatchesItsIssuer(number: String) {
        var sichuan = license
        sichuan["certificate_number"] = number
        sichuan["issuer"] = "四川省住房和城乡建设厅"
        #expect(!rules(.safetyProductionLicense, sichuan).contains("certificate_number.province"))
        sichuan["issuer"] = "贵州省住房和城乡建设厅"
        #expect(rules(.safetyProductionLicense, sichuan).contains("certificate_number.province"))
    }

    @Test func numberProvinceMustMatchIssuer() {
        var bad = license
        bad["certificate_number"] = "(苏)JZ安许证字[2021]001234"
        let problems = validator.validate(type: .safetyProductionLicense, fields: fields(bad), asOf: today).problems
        #expect(problems.map(\.rule) == ["certificate_number.province"])
        #expect(problems.first?.message.contains("辽") == true)
    }

    @Test func creditCodeChecksum() {
        var bad = license
        bad["credit_code"] = "91420000757013137Q"
        #expect(rules(.safetyProductionLicense, bad) == ["credit_code.checksum"])
        bad["credit_code"] = "91420000757O13137P"
        #expect(rules(.safetyProductionLicense, bad) == ["credit_code.format"])
    }

    @Test func calendarAndOrderOfDates() {
        var bad = license
        bad["issue_date"] = "2024-02-30"
        #expect(rules(.safetyProductionLicense, bad) == ["issue_date.real_date"])
        bad["issue_date"] = "2028-01-01"
        #expect(rules(.safetyProductionLicense, bad).sorted() == ["expiry_date.after_issue", "issue_date.future"])
        bad["issue_date"] = "2024年5月"
        #expect(rules(.safetyProductionLicense, bad) == ["issue_date.format"])
    }

    @Test func lowConfidenceOnAKeyField() {
        let problems = validator.validate(type: .safetyProductionLicense, fields: fields(license, confidence: 40),
                                          asOf: today).problems
        #expect(Set(problems.map(\.rule)) == Set(license.keys.map { "\($0).low_confidence" }))
        #expect(problems.allSatisfy { $0.message.contains("40%") })
    }

    private let operationCard = [
        "certificate_number": "T210102198005121236", "holder": "张伟", "id_number": "210102198005121236",
        "issuer": "辽宁省应急管理厅", "issue_date": "2022-06-15", "expiry_date": "2028-06-14",
    ]

    @Test func specialOperationNumberIsTPlusIDNumber() {
        #expect(rules(.specialOperation, operationCard).isEmpty)
        var bad = operationCard
        bad["certificate_number"] = "T210102198005121228"
        #expect(rules(.specialOperation, bad) == ["certificate_number.id_mismatch"])
        bad["id_number"] = nil  // 210102198005121228 is itself a valid ID number, but the card prints 身份证号 too
        #expect(rules(.specialOperation, bad) == ["id_number.missing"])
        bad["certificate_number"] = "T210102198005121229"
        #expect(rules(.specialOperation, bad) == ["id_number.missing", "certificate_number.id_number.checksum"])
    }

    @Test func idNumberChecks() {
        var bad = operationCard
        bad["id_number"] = "210102198005121237"; bad["certificate_number"] = "T210102198005121237"
        #expect(rules(.specialOperation, bad) == ["id_number.checksum"])
        bad["id_number"] = "21010219800512123"; bad["certificate_number"] = "T21010219800512123"
        #expect(rules(.specialOperation, bad).sorted() == ["certificate_number.format", "id_number.format"])
    }

    @Test func messagesNeverCarryAWholeIDNumber() {
        var bad = operationCard
        bad["certificate_number"] = "T210102198005121228"
        bad["id_number"] = "210102198005121237"
        let messages = validator.validate(type: .specialOperation, fields: fields(bad, confidence: 10), asOf: today)
            .problems.map(\.message)
        #expect(!messages.isEmpty)
        for message in messages {
            #expect(!message.contains("210102198005121237"))
            #expect(!message.contains("210102198005121228"))
        }
    }

    @Test func unknownTypeGoesToReview() {
        #expect(rules(.unknown, [:]) == ["type.unknown"])
    }

    @Test(arguments: [
        (DocumentType.enterpriseQualification, "D221012345", true), (.enterpriseQualification, "DW221012345", true),
        (.enterpriseQualification, "D22101234", false),
        (.safetyAssessment, "辽建安B(2019)0101234", true), (.safetyAssessment, "京建安C1(2015)0000001", true),
        (.safetyAssessment, "辽建安D(2019)0101234", false),
        (.constructionSpecialOperation, "辽A042019000123", true), (.constructionSpecialOperation, "辽042019000123", false),
        (.constructionPermit, "321111201709010201", true), (.constructionPermit, "321111201709010201A", true),
        (.constructionPermit, "321111201713010201", false),
    ])
    func numberFormats(type: DocumentType, number: String, valid: Bool) {
        let problems = rules(type, ["certificate_number": number])
        #expect(problems.contains("certificate_number.format") == !valid)
    }
}

@Suite struct ConfirmationTests {
    let validator: Validator
    let today = PrintedDate(year: 2026, month: 11, day: 22)

    init() throws {
        validator = try repositoryValidator()
    }

    private func problems(holderConfidence: Double, agreeing: Int?) -> [String] {
        var fields = ["certificate_number": "D221012345", "holder": "大连海川建设集团有限公司",
                      "credit_code": "91420000757013137P", "issuer": "辽宁省住房和城乡建设厅",
                      "issue_date": "2023-12-31", "expiry_date": "2028-12-31"]
            .mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) }
        fields["holder"]!.confidence = holderConfidence
        fields["holder"]!.agreeingReadings = agreeing
        return validator.validate(type: .enterpriseQualification, fields: fields, asOf: today).problems.map(\.rule)
    }

    @Test func aSingleReadingNeedsTheFullConfidence() {
        #expect(problems(holderConfidence: 74, agreeing: nil) == ["holder.low_confidence"])
        #expect(problems(holderConfidence: 75, agreeing: 1) == [])
    }

    @Test func aConfirmedReadingNeedsLess() {
        #expect(problems(holderConfidence: 66, agreeing: 2) == [])
        #expect(problems(holderConfidence: 64, agreeing: 2) == ["holder.low_confidence"])
    }

    @Test func yearsBeforeAnyCertificateAreMisreadings() {
        let fields = ["issue_date": "0024-06-01"].mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) }
        let rules = validator.validate(type: .enterpriseQualification, fields: fields, asOf: today).problems.map(\.rule)
        #expect(rules.contains("issue_date.implausible"))
    }

    @Test func passesJudgesOneFieldAmongTheOthers() {
        let fields = ["issue_date": "2024-06-01"].mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) }
        #expect(validator.passes("2027-05-31", for: "expiry_date", among: fields, type: .safetyAssessment, asOf: today))
        #expect(!validator.passes("2023-05-31", for: "expiry_date", among: fields, type: .safetyAssessment, asOf: today))
        #expect(!validator.passes("0024-06-01", for: "issue_date", among: [:], type: .safetyAssessment, asOf: today))
    }
}

@Suite struct FieldShapeTests {
    let validator: Validator
    let today = PrintedDate(year: 2026, month: 11, day: 22)

    init() throws {
        validator = try repositoryValidator()
    }

    private func rules(_ type: DocumentType, _ values: [String: String]) -> [String] {
        let fields = values.mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) }
        return validator.validate(type: type, fields: fields, asOf: today).problems.map(\.rule).filter { $0.hasSuffix(".format") }
    }

    @Test func anIssuerCutShortBySealIsNoAuthority() {
        #expect(rules(.enterpriseQualification, ["issuer": "辽宁"]) == ["issuer.format"])
        #expect(rules(.enterpriseQualification, ["issuer": "辽宁省住房和城乡建设厅"]) == [])
        #expect(rules(.specialOperation, ["issuer": "大连市应急管理局"]) == [])
    }

    @Test func companiesAndPeopleHaveTheirOwnShapes() {
        #expect(rules(.safetyProductionLicense, ["holder": "沈阳宏远建筑工程有限公司"]) == [])
        #expect(rules(.safetyProductionLicense, ["holder": "沈阳宏远建筑"]) == ["holder.format"])
        #expect(rules(.safetyAssessment, ["holder": "李明", "company": "沈阳宏远建筑工程有限公司"]) == [])
        #expect(rules(.safetyAssessment, ["holder": "FNAL"]) == ["holder.format"])
        #expect(rules(.specialOperation, ["holder": "沈阳宏远建筑工程有限公司"]) == ["holder.format"])
    }
}

/// The validator of the repository's own `pipelines/rules.yaml`.
func repositoryValidator() throws -> Validator {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try Validator(rules: RuleSet.load(from: root.appendingPathComponent("pipelines/rules.yaml")))
}
