import Extraction
import IngestCore
import Testing

@Suite struct FieldExtractorTests {
    let extractor: PageExtractor

    init() throws {
        extractor = PageExtractor(models: try Repo.models())
    }

    private func values(_ lines: [String]) -> (DocumentType, [String: String]) {
        let result = extractor.extract(page(lines))
        return (result.type, result.fields.mapValues(\.value))
    }

    @Test func safetyProductionLicense() {
        let (type, fields) = values([
            "安全生产许可证",
            "编号：（辽）JZ安许证字〔2021〕001234",
            "单位名称：沈阳宏远建筑工程有限公司",
            "统一社会信用代码：91210102MA0ABC121T",
            "主要负责人：王建国",
            "有效期：2021年05月10日至2024年05月09日",
            "发证机关：辽宁省住房和城乡建设厅",
            "发证日期：2021年05月10日",
        ])
        #expect(type == .safetyProductionLicense)
        #expect(fields == [
            "certificate_number": "(辽)JZ安许证字[2021]001234", "holder": "沈阳宏远建筑工程有限公司",
            "credit_code": "91210102MA0ABC121T", "issuer": "辽宁省住房和城乡建设厅",
            "issue_date": "2021-05-10", "expiry_date": "2024-05-09", "principal": "王建国",
        ])
    }

    @Test func expiryGivenAsUntilDate() {
        let (_, fields) = values(["建筑业企业资质证书", "证书编号：D221012345", "有效期：至2025年12月31日"])
        #expect(fields["expiry_date"] == "2025-12-31")
        #expect(fields["certificate_number"] == "D221012345")
    }

    @Test func longestLabelWins() {
        // 有效期限 is not read as the label 有效期 followed by a value 限….
        let (_, fields) = values(["中华人民共和国特种作业操作证", "有效期限：2022-06-15至2028-06-14",
                                  "初领日期：2022-06-15", "应复审日期：2025-06-14"])
        #expect(fields["expiry_date"] == "2028-06-14")
        #expect(fields["issue_date"] == "2022-06-15")
    }

    @Test func twoLabelsOnOneLineSplitTheValues() {
        let (_, fields) = values(["安全生产考核合格证书", "姓名：李明 性别：男", "身份证号：210102198005121236 职务：项目负责人"])
        #expect(fields["holder"] == "李明")
        #expect(fields["id_number"] == "210102198005121236")
    }

    @Test func valueOnTheLineBelowItsLabel() {
        let (_, fields) = values(["建筑工程施工许可证", "建设单位：", "沈阳市城市建设投资有限公司", "发证机关：沈阳市和平区住房和城乡建设局"])
        #expect(fields["holder"] == "沈阳市城市建设投资有限公司")
    }

    @Test func labelWithOneMisreadCharacterStillFound() {
        // 发证机天 for 发证机关, as tesseract read it on a sample.
        let (_, fields) = values(["建筑工程施工许可证", "发证机天：沈阳市铁西区住房和城乡建设局"])
        #expect(fields["issuer"] == "沈阳市铁西区住房和城乡建设局")
    }

    @Test func aLabelWordInsideAValueIsNotALabel() {
        let (_, fields) = values(["建筑工程施工许可证", "工程名称：建设单位宿舍楼", "建设单位：沈阳城投有限公司"])
        #expect(fields["holder"] == "沈阳城投有限公司")
    }

    @Test func missingFieldsAreAbsent() {
        let (type, fields) = values(["安全生产许可证", "单位名称：沈阳宏远建筑工程有限公司"])
        #expect(type == .safetyProductionLicense)
        #expect(fields.keys.sorted() == ["holder"])
    }

    @Test func codesLoseOCRSpaces() {
        let (_, fields) = values(["安全生产考核合格证书", "证书编号：辽建安B (2019) 0101234"])
        #expect(fields["certificate_number"] == "辽建安B(2019)0101234")
    }

    @Test func fieldConfidenceIsItsWeakestCharacterAndItsBoxCoversItsWords() throws {
        let result = extractor.extract(ocrPage([
            [("安全生产许可证", 96)],
            [("单位名称", 95), (":", 90), ("沈阳", 93), ("宏", 40), ("远建筑工程有限公司", 91)],
        ]))
        let holder = try #require(result.fields["holder"])
        #expect(holder.value == "沈阳宏远建筑工程有限公司")
        #expect(holder.confidence == 40)
        let box = try #require(holder.box)
        #expect(box.x > 100 && box.width > 400)
    }
}
