import Compliance
import IngestCore
import Testing

/// Certificates accepted as the paper prints them (the paper itself breaks a rule) are counted apart in the
/// statistics and the report's tiles, from the records' `printed_error` flag.
@Suite struct PrintedErrorCountTests {
    @Test func theStatisticsCountCertificatesAcceptedAsPrinted() {
        let summary = { (id: Int64, status: ItemStatus, flags: [String]) in
            RecordSummary(id: id, source: "in/\(id).png", page: 1, type: .safetyProductionLicense, status: status,
                          fields: [FieldName.certificateNumber: "(辽)JZ安许证字[2021]00000\(id)", FieldName.holder: "宏远",
                                   FieldName.issueDate: "2024-05-10", FieldName.expiryDate: "2027-05-09"],
                          intakeDay: "2026-11-20", rules: [], personKey: nil, flags: flags)
        }
        let records = [summary(1, .accepted, ["printed_error"]), summary(2, .accepted, []),
                       summary(3, .review, ["printed_error"])].map(ArchivedCertificate.init)
        #expect(records.map(\.acceptedAsPrinted) == [true, false, false], "one waiting for approval is not accepted yet")

        let stats = Statistics.of(records, asOf: Records.asOf, settings: .standard, provinces: [:], typeNames: [:])

        #expect(stats.acceptedAsPrinted == 1)
        let html = StatisticsReport.html(stats, archive: "a.sqlite", generated: "now")
        #expect(html.contains("<b>1</b><span>按原样接受</span>"))
        // The records behind the numbers: the one accepted as printed, the one still in review.
        #expect(stats.asPrinted.map(\.itemID) == [1] && stats.inReview.map(\.itemID) == [3])
        #expect(html.contains("<h2>按原样接受的证书</h2>") && html.contains("<h2>待审核的项目</h2>"))
    }

    @Test func theReportNamesTheCertificatesBehindItsExpiryNumbers() {
        let records = [Records.licence(1, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司", code: Records.hongyuan,
                                       issued: "2023-12-10", expires: "2026-12-01"),
                       Records.licence(2, "(辽)JZ安许证字[2020]000321", company: "大连海川建设集团有限公司", code: Records.haichuan,
                                       issued: "2020-11-01", expires: "2026-10-31"),
                       Records.licence(3, "(辽)JZ安许证字[2022]000999", company: "锦州渤海建筑安装有限公司", code: nil,
                                       issued: "2025-01-01", expires: "2028-01-01")]
        let stats = Statistics.of(records, asOf: Records.asOf, settings: .standard, provinces: [:], typeNames: [:])
        #expect(stats.needingAttention.map(\.holder) == ["大连海川建设集团有限公司", "沈阳宏远建筑工程有限公司"], "expired first")
        let html = StatisticsReport.html(stats, archive: "a.sqlite", generated: "now")
        #expect(html.contains("<h2>已过期和即将到期的证书</h2>") && html.contains("大连海川建设集团有限公司"))
        #expect(!html.contains("锦州渤海建筑安装有限公司</td></tr>"), "a valid certificate is not listed")
    }
}
