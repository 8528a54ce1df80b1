import Foundation
import IngestCore
@testable import Review
import Rules
import Testing

/// The web UI's words from pipelines/wording.yaml: Chinese field, type and problem names by default, the ids and
/// English messages by a setting.
@Suite struct WordingTests {
    static let pipelines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines")

    static func shipped() throws -> Wording {
        try Wording.load(from: pipelines.appendingPathComponent("wording.yaml"),
                         rules: try RuleSet.load(from: pipelines.appendingPathComponent("rules.yaml")))
    }

    @Test func theShippedWordingIsChinese() throws {
        let words = try Self.shipped()
        #expect(words.language == .zh && words.htmlLanguage == "zh-CN")
        #expect(words.fieldName("credit_code", type: .enterpriseQualification) == "统一社会信用代码")
        #expect(words.fieldName("holder", type: .safetyProductionLicense) == "持证单位")
        #expect(words.fieldName("holder", type: .specialOperation) == "持证人", "a person's certificate")
        #expect(words.typeName(.safetyProductionLicense) == "安全生产许可证")
        let checksum = Problem(rule: "credit_code.checksum", field: "credit_code", message: "check character is 2 but GB 32100 gives 1")
        #expect(words.words(for: checksum, type: .enterpriseQualification) == "统一社会信用代码的校验位不对：有字符读错，或证书不真")
        let unknown = Problem(rule: "type.unknown", field: nil, message: "not any certificate type")
        #expect(words.words(for: unknown, type: .unknown) == "认不出这是哪一种证书")
        let unworded = Problem(rule: "holder.something_new", field: "holder", message: "a new check")
        #expect(words.words(for: unworded, type: .safetyAssessment) == "a new check", "no words set: certarchive's own message")
    }

    @Test func englishKeepsTheIdsAndMessages() throws {
        let words = Wording.english
        let checksum = Problem(rule: "credit_code.checksum", field: "credit_code", message: "check character is 2")
        #expect(words.fieldName("credit_code", type: .enterpriseQualification) == "credit_code")
        #expect(words.typeName(.safetyProductionLicense) == "safety_production_license")
        #expect(words.words(for: checksum, type: .enterpriseQualification) == "check character is 2")
    }
}
