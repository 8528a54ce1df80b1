import Foundation
import IngestCore
import Rules
import Testing

/// The details kept for people are not key fields, but a rule that names one applies: a watermark or a stamp read
/// into a 主要负责人, or an 操作项目 that is not its 作业类别's, goes to review rather than into the archive.
@Suite struct DetailRulesTests {
    let validator: Validator
    let today = PrintedDate(year: 2026, month: 11, day: 22)

    init() throws {
        validator = try repositoryValidator()
    }

    private func rules(_ type: DocumentType, _ values: [String: String]) -> [String] {
        let fields = values.mapValues { ExtractedField(value: $0, raw: $0, confidence: 95) }
        return validator.validate(type: type, fields: fields, asOf: today).problems.map(\.rule)
            .filter { rule in FieldName.details.contains { rule.hasPrefix($0 + ".") } }
    }

    @Test func aPrincipalWithAWatermarkReadIntoItBreaksItsShape() {
        #expect(rules(.safetyProductionLicense, [FieldName.principal: "刘海涛"]) == [])
        #expect(rules(.safetyProductionLicense, [FieldName.principal: "阿不都·热合曼"]) == [])
        #expect(rules(.safetyProductionLicense, [FieldName.principal: "刘海涛样本"]) == ["principal.format"])
        #expect(rules(.safetyProductionLicense, [FieldName.principal: "刘海涛 SAMPLE"]) == ["principal.format"])
    }

    @Test func anOperationItemMustBeOneOfItsCategorysInTheCatalogue() {
        let pair = { (category: String, item: String) in
            rules(.specialOperation, [FieldName.operationCategory: category, FieldName.operationItem: item])
        }
        #expect(pair("电工作业", "低压电工作业") == [])
        #expect(pair("电工作业", "低压电工") == [], "printed without its closing 作业")
        #expect(pair("危险化学品安全作业", "裂解（裂化）工艺作业") == [], "full-width brackets")
        #expect(pair("电工作业", "熔化焊接与热切割作业") == ["operation_item.catalogue"], "another category's item")
        #expect(pair("电王作业", "低压电工作业") == ["operation_category.catalogue"], "a category misread")
        #expect(pair("安全监管总局认定的其他作业", "某省认定作业") == [], "the open category takes any item")
    }

    @Test func theCatalogueBindsOnlyTheTypeThatNamesIt() {
        // The 建筑施工 card prints an 操作类别 of its own list (provinces add theirs): its shape alone is checked.
        #expect(rules(.constructionSpecialOperation, [FieldName.operationCategory: "建筑起重信号司索工"]) == [])
        #expect(rules(.constructionSpecialOperation, [FieldName.operationCategory: "建筑电工A"]) == ["operation_category.format"])
    }

    @Test func aGradeReadAs参级IsPutRightAndSaysSo() throws {
        let corrector = FieldCorrector(rules: validator.rules)
        var fields = [FieldName.qualification: ExtractedField(value: "建筑工程施工总承包贰级；市政公用工程施工总承包参级",
                                                              raw: "", confidence: 95)]
        corrector.correct(&fields)
        #expect(fields[FieldName.qualification]?.value == "建筑工程施工总承包贰级；市政公用工程施工总承包叁级")
        #expect(fields[FieldName.qualification]?.corrections?.first?.reason.contains("参级") == true)
        #expect(rules(.enterpriseQualification, [FieldName.qualification: "市政公用工程施工总承包参级"]) == ["qualification.format"],
                "uncorrected, the shape catches it")
    }
}
