import Extraction
import Foundation
import IngestCore
import Rules
import Testing

/// Extraction on the geometry of designs it was not written for: values at any distance, in cells, below their
/// labels, in a block of issuer and date at the foot of the page, bilingual labels, two pairs on one row.
@Suite struct LayoutExtractionTests {
    let extractor: PageExtractor

    init() throws {
        let rules = try RuleSet.load(from: Repo.root.appendingPathComponent("pipelines/rules.yaml"))
        extractor = PageExtractor(models: try Repo.models(), authorities: rules.issuingAuthorities)
    }

    private func values(_ page: RecognizedPage) -> (DocumentType, [String: String]) {
        let result = extractor.extract(page)
        return (result.type, result.fields.mapValues(\.value))
    }

    @Test func aValueFarRightOfItsLabelLosesTheStrayMarksOfTheGap() {
        let (type, fields) = values(laidOut([
            ("建筑业企业资质证书", 8, 0),
            ("企业名称:", 0, 2), ("”", 9, 2), ("武汉长信建筑安装工程有限公司”", 24, 2),
            ("发证机关:", 0, 3), (",", 12, 3), ("湖北省住房和城乡建设厅", 30, 3),
        ]))
        #expect(type == .enterpriseQualification)
        #expect(fields["holder"] == "武汉长信建筑安装工程有限公司")
        #expect(fields["issuer"] == "湖北省住房和城乡建设厅")
    }

    @Test func labelsAboveTheirValuesInTwoColumns() {
        let (_, fields) = values(laidOut([
            ("建筑业企业资质证书", 8, 0),
            ("证书编号", 0, 2), ("法定代表人", 30, 2),
            ("D142012345", 0, 3), ("王明", 30, 3),
            ("企业名称", 0, 4), ("统一社会信用代码", 30, 4),
            ("武汉恒泰建设集团有限公司", 0, 5), ("91420100MA4K0C3W60", 30, 5),
        ]))
        #expect(fields["certificate_number"] == "D142012345")
        #expect(fields["holder"] == "武汉恒泰建设集团有限公司")
    }

    @Test func spacedLabelsInTheCellsOfARuledForm() {
        let (type, fields) = values(laidOut([
            ("安全生产考核合格证书", 8, 0),
            ("姓", 0, 2), ("名", 3, 2), ("叶芳娟", 8, 2), ("性", 20, 2), ("别", 23, 2), ("女", 28, 2),
            ("职", 0, 3), ("务", 3, 3), ("专职安全生产管理人员", 8, 3),
        ]))
        #expect(type == .safetyAssessment)
        #expect(fields["holder"] == "叶芳娟")
    }

    @Test func twoPairsOnOneRow() {
        let (_, fields) = values(laidOut([
            ("安全生产考核合格证书", 8, 0),
            ("姓名:", 0, 2), ("叶芳娟", 3, 2), ("职务:", 14, 2), ("专职安全生产管理人员", 17, 2),
            ("企业名称:", 0, 3), ("沈阳长信建筑有限公司", 5, 3), ("经济性质:", 20, 3), ("有限责任公司", 25, 3),
        ]))
        #expect(fields["holder"] == "叶芳娟")
        #expect(fields["company"] == "沈阳长信建筑有限公司")
    }

    @Test func bilingualLabels() {
        let (type, fields) = values(laidOut([
            ("中华人民共和国特种作业操作证", 4, 0),
            ("证号/Cert", 0, 2), ("No.", 6, 2), ("T370108199204139321", 9, 2),
            ("姓名/Name", 0, 3), ("廖桂玉", 8, 3), ("性别/Sex", 20, 3), ("女", 26, 3),
            ("发证机关/Issued", 0, 4), ("by", 9, 4), ("山东省应急管理厅", 12, 4),
        ]))
        #expect(type == .specialOperation)
        #expect(fields["holder"] == "廖桂玉")
        #expect(fields["certificate_number"] == "T370108199204139321")
        #expect(fields["issuer"] == "山东省应急管理厅")
        // Printed only inside the number: taken from it, its check character holding.
        #expect(fields["id_number"] == "370108199204139321")
    }

    @Test func anUnlabelledIssuerAndDateInABlockAtTheFoot() {
        let (_, fields) = values(laidOut([
            ("安全生产许可证", 8, 0),
            ("编号:", 0, 2), ("(鄂)JZ安许证字[2019]004512", 3, 2),
            ("单位名称:", 0, 3), ("武汉宏远建筑工程有限公司", 5, 3),
            ("有效期:", 0, 4), ("2024年05月20日至2027年05月19日", 4, 4),
            ("湖北省住房和城乡建设厅", 24, 8),
            ("二○二四年五月二十日", 25, 9),
        ]))
        #expect(fields["issuer"] == "湖北省住房和城乡建设厅")
        #expect(fields["issue_date"] == "2024-05-20")
        #expect(fields["expiry_date"] == "2027-05-19")
        #expect(fields["certificate_number"] == "(鄂)JZ安许证字[2019]004512")
    }

    @Test func anUnlabelledAuthorityWithAMisreadCharacterIsTheKnownOneAndSaysSo() {
        let result = extractor.extract(laidOut([
            ("安全生产许可证", 8, 0),
            ("江苏省住房和城乡你设厅", 24, 8),
        ]))
        #expect(result.fields["issuer"]?.value == "江苏省住房和城乡建设厅")
        #expect(result.fields["issuer"]?.corrections?.first?.from == "江苏省住房和城乡你设厅")
    }

    @Test func anUnlabelledAuthorityCutByASealsRingReadAsAMarkIsFound() {
        let (_, fields) = values(laidOut([
            ("建筑业企业资质证书", 8, 0),
            ("证书编号:", 0, 2), ("D233012345", 3, 2),
            ("浙江省住房和城乡建-设厅", 24, 8),
        ]))
        #expect(fields["issuer"] == "浙江省住房和城乡建设厅")
    }

    @Test func aPeriodWhoseEndIsMisreadNeverGivesItsStartAsTheExpiry() {
        let (_, fields) = values(laidOut([
            ("安全生产考核合格证书", 8, 0),
            ("编号:", 0, 2), ("辽建安C1(2021)3084070", 3, 2),
            ("有效期:", 0, 3), ("二〇二一年三月二十八日至二〇二四年1月二十七日", 4, 3),
        ]))
        #expect(fields["expiry_date"] != "2021-03-28")
        let (_, read) = values(laidOut([
            ("安全生产考核合格证书", 8, 0),
            ("编号:", 0, 2), ("辽建安C1(2021)3084070", 3, 2),
            ("有效期:", 0, 3), ("二〇二一年三月二十八日至二〇二四年三月二十七日", 4, 3),
        ]))
        #expect(read["expiry_date"] == "2024-03-27")
    }

    @Test func anUnlabelledAuthorityCutByASealsRingReadAsAColonIsFoundButALabelsColonEndsIt() {
        let (_, fields) = values(laidOut([
            ("建筑业企业资质证书", 8, 0),
            ("证书编号:", 0, 2), ("D233012345", 3, 2),
            ("浙江省住房和城乡建:没厅", 24, 8),
        ]))
        #expect(fields["issuer"] == "浙江省住房和城乡建设厅")
        let (_, labelled) = values(laidOut([
            ("建筑业企业资质证书", 8, 0),
            ("证书编号:", 0, 2), ("D233012345", 3, 2),
            ("颁证单位:浙江省住房和城乡你设厅", 24, 8),
        ]))
        #expect(labelled["issuer"] == "浙江省住房和城乡建设厅", "the label is not read as part of the name")
    }

    @Test func theNumbersProvinceTellsWhichAuthorityAnUnlabelledMisreadNameIs() throws {
        let rules = try RuleSet.load(from: Repo.root.appendingPathComponent("pipelines/rules.yaml"))
        let validator = try Validator(rules: rules)
        let page = laidOut([
            ("建筑施工特种作业操作资格证书", 8, 0),
            ("证号:", 0, 2), ("豫A012025593157", 3, 2),
            ("可南省住房和城乡廷设厅", 24, 8),
        ])
        #expect(extractor.extract(page).fields["issuer"] == nil, "河南, 湖南 or 云南: no way to tell without the number")
        let told = PageExtractor(models: try Repo.models(), authorities: rules.issuingAuthorities,
                                 issuerProvinces: { validator.issuerProvinceNames(forNumber: $1, type: $0) })
        #expect(told.extract(page).fields["issuer"]?.value == "河南省住房和城乡建设厅")
    }

    /// A recogniser that reads a label and its value as one word (PP-OCR's lines: `姓名:赵强`): the value's box is
    /// its share of the word's, not the whole word with the label, so that a field read alone is its value.
    @Test func aValueReadInOneWordWithItsLabelGetsItsOwnSliceOfTheBox() throws {
        let result = extractor.extract(laidOut([
            ("建筑施工特种作业操作资格证书", 4, 0),
            ("姓名:赵强", 0, 2),            // 5 characters, 200 px from x = 100; the colon counts 0.55 wide
            ("证书编号:辽A042019000123", 0, 3),
        ]))
        let holder = try #require(result.fields["holder"])
        #expect(holder.value == "赵强")
        let box = try #require(holder.box)
        // 200 px over 4.55 character widths: the value starts 2.55 widths in (212 px) and runs to the word's end.
        #expect(box.x == 212 && box.maxX == 300 && box.y == 220 && box.height == 40)
        #expect(result.fields["certificate_number"]?.box.map { $0.x > 100 } == true)
    }

    @Test func twoUnlabelledDatesLeaveTheIssueDateToAPerson() {
        let (_, fields) = values(laidOut([
            ("安全生产许可证", 8, 0),
            ("湖北省住房和城乡建设厅", 24, 8), ("2024年05月20日", 25, 9), ("2023年01月02日", 0, 10),
        ]))
        #expect(fields["issue_date"] == nil)
    }

    @Test func aNumberAndACreditCodeFoundByWhatTheyAreWhenTheirLabelsAreMisread() {
        let (type, fields) = values(laidOut([
            ("KES PL ae", 8, 0),  // a bold title face read as noise
            ("证韦编亏", 0, 2), ("D242012345", 6, 2),
            ("统一社会佶用伐码", 0, 3), ("91420100MA4K0C3W60", 9, 3),
            ("资质类别及等级:", 0, 4), ("建筑工程施工总承包贰级", 9, 4),
        ]))
        #expect(type == .enterpriseQualification)
        #expect(fields["certificate_number"] == "D242012345")
        #expect(fields["credit_code"] == "91420100MA4K0C3W60")
    }

    @Test func aCreditCodeWhoseCheckFailsIsNotTakenByContent() {
        let (_, fields) = values(laidOut([
            ("建筑业企业资质证书", 8, 0),
            ("91420100MA4K0C3W61", 9, 3),
        ]))
        #expect(fields["credit_code"] == nil)
    }

    @Test func aNoticeIsNoCertificateWhateverItMentions() {
        let (type, _) = values(laidOut([
            ("关于召开安全生产工作会议的通知", 4, 0),
            ("特种作业人员持证上岗情况检查，安全生产许可证延期办理。", 0, 2),
        ]))
        #expect(type == .unknown)
    }
}
