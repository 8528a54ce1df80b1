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
        // The account page's refusals.
        #expect(words.say("the current password is wrong") == "当前密码不正确")
        #expect(words.say("that secret was not made by this server for this account, or is too old: start again").contains("密钥"))
    }

    @Test func englishKeepsTheIdsAndMessages() throws {
        let words = Wording.english
        let checksum = Problem(rule: "credit_code.checksum", field: "credit_code", message: "check character is 2")
        #expect(words.fieldName("credit_code", type: .enterpriseQualification) == "credit_code")
        #expect(words.typeName(.safetyProductionLicense) == "safety_production_license")
        #expect(words.words(for: checksum, type: .enterpriseQualification) == "check character is 2")
    }

    @Test func thePagesOwnWordsAndRefusalsAreChineseTooAndEveryPhraseTheCodeSaysIsWorded() throws {
        let words = try Self.shipped()
        #expect(words.say("Review queue") == "待审核队列")
        #expect(words.say("a phrase nobody listed") == "a phrase nobody listed", "shown as the code says it")
        #expect(words.typeName(.unknown) == "未识别的类型")
        #expect(words.ruleFamilyName("credit_code") == "统一社会信用代码")
        let remain = ReviewError.problemsRemain(7, [Problem(rule: "issue_date.real_date", field: "issue_date", message: "no such day")])
        #expect(words.refusal(remain) == "第7项仍有问题（发证日期）：请更正；如证书原件本身如此，请按原样接受并写明原因")
        #expect(words.refusal(.notInReview(3, .accepted)) == "第3项已接受，不在待审核队列中")
        #expect(Wording.english.refusal(.notInReview(3, .accepted)) == "item 3 is accepted, not in the review queue")
        #expect(words.hold(ItemHold(reviewer: "王审核", kind: .assigned), item: 12) == "第12项已分配给王审核：请处理别的项目，或请组长改派")
        // Every phrase the web UI passes through `say` has its Chinese: none shows in English by oversight.
        let sources = Self.pipelines.deletingLastPathComponent().appendingPathComponent("Sources/ReviewWeb")
        var phrases = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /\.say\("([^"\\]+)"\)/) { phrases.insert(String(match.output.1)) }
            // and each template's phrases: `PageTemplates.words(v, ["key": "phrase", …])`
            for words in text.matches(of: /PageTemplates\.words\(\w+, \[([^\]]+)\]\)/) {
                for pair in words.output.1.matches(of: /"\w+": "([^"\\]+)"/) { phrases.insert(String(pair.output.1)) }
            }
        }
        #expect(phrases.count > 60)
        #expect(phrases.filter { words.say($0) == $0 }.sorted() == [])
    }
}
