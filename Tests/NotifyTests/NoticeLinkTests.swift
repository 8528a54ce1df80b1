import Compliance
import IngestCore
@testable import Notify
import Testing

/// A warning names the record it is about, as a link a person opens, when the desk's address is set.
@Suite struct NoticeLinkTests {
    @Test func aWarningLinksToItsRecord() {
        let licence = ArchivedCertificate(type: .safetyProductionLicense, fields: [
            FieldName.certificateNumber: "(辽)JZ安许证字[2021]001234", FieldName.holder: "沈阳宏远建筑工程有限公司",
            FieldName.issueDate: "2023-12-02", FieldName.expiryDate: "2026-12-01",
        ], itemID: 12, source: "in/12.pdf", page: 1, intakeDay: "2026-11-20")
        var finder = NoticeFinder(thresholds: [7, 15, 30], backlogThreshold: nil)
        let asOf = PrintedDate(year: 2026, month: 11, day: 22)
        #expect(finder.notices([licence], asOf: asOf).first?.text.contains("查看：") == false, "no address, no link")
        finder.deskURL = "https://zizhi.example.cn/"
        #expect(finder.notices([licence], asOf: asOf).first?.text.hasSuffix(" 查看：https://zizhi.example.cn/items/12") == true)
    }
}

/// The people who answer for a company are @-mentioned by the group robots (once no message named anyone).
@Suite struct MentionTests {
    @Test func aCompanysPeopleAreMentionedByDingTalkAndWeCom() {
        let licence = ArchivedCertificate(type: .safetyProductionLicense, fields: [
            FieldName.certificateNumber: "(辽)JZ安许证字[2021]001234", FieldName.holder: "沈阳宏远建筑工程有限公司",
            FieldName.creditCode: "91210102MA0ABC121T", FieldName.issueDate: "2023-12-02", FieldName.expiryDate: "2026-12-01",
        ], itemID: 12, source: "in/12.pdf", page: 1, intakeDay: "2026-11-20")
        var finder = NoticeFinder(thresholds: [7, 15, 30], backlogThreshold: nil)
        finder.mentions = ["91210102MA0ABC121T": ["13800000000"]]
        let notices = finder.notices([licence], asOf: PrintedDate(year: 2026, month: 11, day: 22))
        #expect(notices.first?.mentions == ["13800000000"], "found by the company's credit code")
        let content = RobotChannel.messages(title: "证书提醒", lines: notices.map(\.text), maximumBytes: 18_000)[0]
        let mobiles = RobotChannel.mentioned(in: content, notices)
        let ding = RobotChannel.payload(content, mentioning: mobiles, dingTalk: true)
        #expect((ding["at"] as? [String: Any])?["atMobiles"] as? [String] == ["13800000000"])
        #expect(((ding["text"] as? [String: String])?["content"])?.hasSuffix("\n@13800000000") == true)
        let wecom = RobotChannel.payload(content, mentioning: mobiles, dingTalk: false)
        #expect((wecom["text"] as? [String: Any])?["mentioned_mobile_list"] as? [String] == ["13800000000"])
    }
}
