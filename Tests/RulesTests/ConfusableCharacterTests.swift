import IngestCore
import Rules
import Testing

@Suite struct ConfusableCharacterTests {
    let table = ConfusableCharacters(fields: ["holder", "company"],
                                     characters: ["易": ["鼎": 10], "人": ["": 1, "敏": 1], "东": ["萍": 1]])

    @Test func suspectsAreTheCharactersSeenOftenEnough() {
        let suspects = table.suspects(in: "鞍山易兴人东易建筑工程有限公司", minimumSightings: 2)
        #expect(suspects.map(\.read) == ["易", "人"], "each once, in order; 东 was seen only once")
        #expect(suspects.last?.for == ["", "敏"])
        #expect(table.suspects(in: "鞍山鼎兴建筑工程有限公司", minimumSightings: 2).isEmpty)
    }

    @Test func aNameHoldingOneGoesToReviewSayingWhatItMayHideAndOnlyAfterReconciling() throws {
        var rules = try repositoryValidator().rules
        rules.confusableCharacters = table
        rules.confusableMinimumSightings = 2
        let validator = try Validator(rules: rules)
        let fields = ["holder": ExtractedField(value: "鞍山易兴建筑工程有限公司", raw: "", confidence: 99),
                      "company": ExtractedField(value: "辽阳人金渤建设集团有限公司", raw: "", confidence: 99)]
        let problems = validator.confusableCharacterProblems(fields)
        #expect(problems.map(\.rule) == ["holder.confusable_character", "company.confusable_character"])
        #expect(problems[0].message.contains("'易' (read for '鼎')"))
        #expect(problems[1].message.contains("'人' (read for '敏' or where there is no character)"))
        // Not a rule that picks among readings: one without 易 (见, say) is no surer.
        #expect(validator.passes("鞍山易兴建筑工程有限公司", for: "holder", among: [:], type: .safetyProductionLicense,
                                 asOf: PrintedDate(year: 2026, month: 11, day: 22)))
    }

    /// The table lists tesseract's misreadings: a name PP-OCR read alike is not suspected (it reads 鼎), one only
    /// tesseract's models read still is.
    @Test func aNameAnotherEngineReadAlikeIsNotSuspected() throws {
        var rules = try repositoryValidator().rules
        rules.confusableCharacters = ConfusableCharacters(fields: ["holder"], characters: ["易": ["鼎": 10]],
                                                          recogniser: "tesseract")
        let validator = try Validator(rules: rules)
        func problems(readBy readers: [String]?) -> [Problem] {
            var field = ExtractedField(value: "鞍山易兴建筑工程有限公司", raw: "", confidence: 99)
            field.readers = readers
            return validator.confusableCharacterProblems(["holder": field])
        }
        #expect(problems(readBy: ["ppocr", "tesseract chi_sim"]).isEmpty)
        #expect(problems(readBy: ["tesseract chi_sim", "tesseract HanS"]).count == 1, "two models of one engine")
        #expect(problems(readBy: ["tesseract"]).count == 1)
        #expect(problems(readBy: nil).count == 1, "who read it unknown: suspected")
    }

    @Test func theRepositoryTableIsLoaded() throws {
        let rules = try repositoryValidator().rules
        #expect(rules.confusableCharacters.fields == ["holder", "company"])
        #expect(rules.confusableCharacters.recogniser == "tesseract")
        #expect(!rules.confusableCharacters.characters.isEmpty)
    }
}
