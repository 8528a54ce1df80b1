import IngestCore
@testable import Pipeline
import Testing

/// A name read from a fax is not taken on the readers' agreement: a lost stroke is lost to every reader.
@Suite struct LossyCopyTests {
    private func field(_ value: String, _ evidence: FieldEvidence?) -> ExtractedField {
        var field = ExtractedField(value: value, raw: value, confidence: 95)
        field.evidence = evidence
        return field
    }

    @Test func aNameReadersAgreeOnGoesToAPersonUnlessTheArchiveHoldsIt() {
        let fields = [FieldName.holder: field("三平敏", .readersAgree), FieldName.company: field("沈阳宏远建筑工程有限公司", .readersAgree)]
        let names = [FieldName.holder, FieldName.company]
        #expect(LossyCopy.problems(fields, names: names).map(\.rule) == ["holder.lossy_copy", "company.lossy_copy"])
        #expect(LossyCopy.problems(fields, names: names, knownNames: ["沈阳宏远建筑工程有限公司"]).map(\.rule)
                == ["holder.lossy_copy"], "a company the archive holds exactly")
        let known = [FieldName.holder: field("王平敏", .knownName)]
        #expect(LossyCopy.problems(known, names: names).isEmpty, "a name settled by the archive's own records")
    }
}
