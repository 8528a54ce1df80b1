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
