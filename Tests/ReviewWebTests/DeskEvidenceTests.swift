import Compliance
import IngestCore
@testable import ReviewWeb
import Review
import Testing

/// An anomaly's evidence on the desk: a row per certificate, however many times it was scanned (once the same row
/// repeated for every scan of a card).
@Suite struct DeskEvidenceTests {
    @Test func aCertificateScannedTwiceIsOneRowSayingSo() {
        func card(_ id: Int64, _ company: String) -> ArchivedCertificate {
            ArchivedCertificate(type: .safetyAssessment, fields: [FieldName.certificateNumber: "辽建安B(2019)0101234",
                                                                  FieldName.holder: "李明", "company": company],
                                itemID: id, source: "in/\(id).pdf", page: 1, intakeDay: "2026-11-20")
        }
        var visitor = Visitor()
        visitor.words = .english
        let rows = DeskView.evidence([card(1, "大连海川建设集团有限公司"), card(2, "大连海川建设集团有限公司"),
                                      card(3, "沈阳宏远建筑工程有限公司")], visitor)
        #expect(rows.map(\.company) == ["大连海川建设集团有限公司 (2 scans)", "沈阳宏远建筑工程有限公司"])
        #expect(rows.map(\.itemID) == [1, 3], "the first scan is linked")
    }
}
