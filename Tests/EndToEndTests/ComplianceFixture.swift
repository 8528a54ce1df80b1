import Archive
import Foundation
import IngestCore

/// An archive built from known records for the compliance commands, judged as of 2026-11-22: a licence and its
/// renewal, a company lacking an A, a 项目负责人 at two companies, a number on two holders, a card whose number
/// holds an ID number, and an item still in review.
enum ComplianceFixture {
    static let asOf = "2026-11-22"
    static let liMing = "210102198005121236", zhangWei = "210103199001014565", qianGang = "210106198304150550"
    static let hongyuan = "91210102MA0ABC121T", haichuan = "91210200123456788N"
    /// Every whole personal number the fixture holds: none may appear in masked output.
    static let personalNumbers = [liMing, zhangWei, qianGang, "210104198507200789"]

    static func page(_ type: DocumentType, _ fields: [String: String], status: ItemStatus = .accepted) -> PageOutcome {
        var page = PageOutcome(page: 1, type: type, origin: .textLayer,
                               fields: fields.mapValues { ExtractedField(value: $0, raw: $0, confidence: 100) },
                               problems: status == .accepted ? [] : [Problem(rule: "holder.unconfirmed", field: "holder", message: "doubt")],
                               flags: [], thumbnailPNG: nil, text: fields.values.sorted().joined(separator: "\n"))
        page.status = status
        return page
    }

    static let records: [(String, PageOutcome)] = [
        ("licence-2021", page(.safetyProductionLicense, [
            "certificate_number": "(辽)JZ安许证字[2021]001234", "holder": "沈阳宏远建筑工程有限公司", "credit_code": hongyuan,
            "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2021-05-10", "expiry_date": "2024-05-09"])),
        ("licence-2024", page(.safetyProductionLicense, [
            "certificate_number": "(辽)JZ安许证字[2021]001234", "holder": "沈阳宏远建筑工程有限公司", "credit_code": hongyuan,
            "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2024-05-10", "expiry_date": "2027-05-09"])),
        ("qualification", page(.enterpriseQualification, [
            "certificate_number": "D221034567", "holder": "沈阳宏远建筑工程有限公司", "credit_code": hongyuan,
            "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2021-11-27", "expiry_date": "2026-11-26"])),
        ("haichuan", page(.safetyProductionLicense, [
            "certificate_number": "(辽)JZ安许证字[2020]000321", "holder": "大连海川建设集团有限公司", "credit_code": haichuan,
            "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2023-12-10", "expiry_date": "2026-12-09"])),
        ("b-hongyuan", page(.safetyAssessment, [
            "certificate_number": "辽建安B(2019)0101234", "holder": "李明", "id_number": liMing,
            "company": "沈阳宏远建筑工程有限公司", "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2025-03-01",
            "expiry_date": "2028-02-28"])),
        ("b-haichuan", page(.safetyAssessment, [
            "certificate_number": "辽建安B(2023)0205678", "holder": "李明", "id_number": liMing,
            "company": "大连海川建设集团有限公司", "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2023-09-01",
            "expiry_date": "2026-08-31"])),
        ("card", page(.specialOperation, [
            "certificate_number": "T" + zhangWei, "holder": "张伟", "id_number": zhangWei,
            "issuer": "辽宁省应急管理厅", "issue_date": "2022-06-15", "expiry_date": "2028-06-14"])),
        ("cso-zhao", page(.constructionSpecialOperation, [
            "certificate_number": "辽A042019000123", "holder": "赵强", "id_number": "210104198507200789",
            "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2023-04-01", "expiry_date": "2025-03-31"])),
        ("cso-qian", page(.constructionSpecialOperation, [
            "certificate_number": "辽A042019000123", "holder": "钱刚", "id_number": qianGang,
            "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2025-06-01", "expiry_date": "2027-05-31"])),
        ("doubtful", page(.safetyAssessment, [
            "certificate_number": "辽建安A(2018)0012345", "holder": "孙立", "id_number": "210105197503030112",
            "company": "沈阳宏远建筑工程有限公司", "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2024-02-28",
            "expiry_date": "2027-02-27"], status: .review)),
    ]

    /// A new archive at `path` holding the records, each from its own file `in/NAME.pdf`.
    static func build(at path: String) throws {
        let database = try ArchiveDatabase(path: path)
        let runID = try database.beginRun(asOf: asOf, arguments: "fixture")
        for (name, page) in records {
            try database.record(InputOutcome(source: "in/\(name).pdf", sha256: name, format: .pdf, byteCount: 1,
                                             pages: [page], failure: nil, seconds: 0), runID: runID)
        }
    }
}
