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
        #expect(StatisticsReport.html(stats, archive: "a.sqlite", generated: "now")
            .contains("<b>1</b><span>accepted as printed</span>"))
    }
}
