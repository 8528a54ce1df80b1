import Archive
import Foundation
import IngestCore
import Testing

/// `certarchive expiring` through the real executable, over a fixture archive built here from known records,
/// with dates relative to a fixed --as-of.
@Suite struct ExpiringCommandTests {
    let archive: String

    init() throws {
        archive = try CLI.temporaryFolder().appendingPathComponent("compliance.sqlite").path
        let database = try ArchiveDatabase(path: archive)
        let runID = try database.beginRun(asOf: "2026-11-22", arguments: "fixture")
        func page(_ type: DocumentType, _ fields: [String: String], status: ItemStatus = .accepted) -> PageOutcome {
            var page = PageOutcome(page: 1, type: type, origin: .textLayer,
                                   fields: fields.mapValues { ExtractedField(value: $0, raw: $0, confidence: 100) },
                                   problems: status == .accepted ? [] : [Problem(rule: "x.y", field: nil, message: "doubt")],
                                   flags: [], thumbnailPNG: nil, text: "")
            page.status = status
            return page
        }
        let records: [(String, PageOutcome)] = [
            ("expired", page(.safetyProductionLicense, ["certificate_number": "(辽)JZ安许证字[2020]000001",
                                                       "holder": "沈阳甲建设有限公司", "issuer": "辽宁省住房和城乡建设厅",
                                                       "expiry_date": "2026-11-01"])),
            ("soon", page(.specialOperation, ["certificate_number": "T210103199001014565", "holder": "张伟",
                                              "issuer": "辽宁省应急管理厅", "expiry_date": "2026-11-27",
                                              "id_number": "210103199001014565"])),
            ("month", page(.enterpriseQualification, ["certificate_number": "D221098765", "holder": "鞍山恒泰建筑有限公司",
                                                      "issuer": "辽宁省住房和城乡建设厅", "expiry_date": "2026-12-20"])),
            ("far", page(.safetyAssessment, ["certificate_number": "辽建安B(2024)0000002", "holder": "李明",
                                             "issuer": "辽宁省住房和城乡建设厅", "expiry_date": "2027-06-30"])),
            ("doubtful", page(.safetyAssessment, ["certificate_number": "辽建安B(2024)0000003", "holder": "王五",
                                                  "issuer": "辽宁省住房和城乡建设厅", "expiry_date": "2026-11-23"],
                              status: .review)),
        ]
        for (name, page) in records {
            try database.record(InputOutcome(source: "in/\(name).pdf", sha256: name, format: .pdf, byteCount: 1,
                                             pages: [page], failure: nil, seconds: 0), runID: runID)
        }
    }

    func expiring(_ extra: [String]) throws -> CLI.Result {
        try CLI.run(["expiring", "--archive", archive, "--as-of", "2026-11-22"] + extra)
    }

    @Test func theListIsExactMostUrgentFirstAndCronHearsOfIt() throws {
        let result = try expiring(["--format", "jsonl"])
        #expect(result.status == 1, "something is expired or within 7 days")
        #expect(result.stdout == """
            {"certificate_number":"(辽)JZ安许证字[2020]000001","type":"safety_production_license","holder":"沈阳甲建设有限公司","issuer":"辽宁省住房和城乡建设厅","expiry_date":"2026-11-01","days_left":-21,"level":"expired","due":"expiry","due_date":"2026-11-01"}
            {"certificate_number":"T210***********4565","type":"special_operation","holder":"张伟","issuer":"辽宁省应急管理厅","expiry_date":"2026-11-27","days_left":5,"level":"within_7","due":"expiry","due_date":"2026-11-27"}
            {"certificate_number":"D221098765","type":"enterprise_qualification","holder":"鞍山恒泰建筑有限公司","issuer":"辽宁省住房和城乡建设厅","expiry_date":"2026-12-20","days_left":28,"level":"within_30","due":"expiry","due_date":"2026-12-20"}

            """, "items in review are not in the archive and not listed")
    }

    @Test func withinNarrowsTheListAndACalmDayExitsZero() throws {
        let week = try expiring(["--within", "7", "--format", "csv"])
        #expect(week.stdout.split(separator: "\r\n").count == 3, "header and two certificates")
        let calm = try CLI.run(["expiring", "--archive", archive, "--as-of", "2026-10-01", "--within", "7"], chinese: true)
        #expect(calm.status == 0)
        #expect(calm.stdout.hasSuffix("共 0 份证书\n"))
        let ids = try CLI.run(["expiring", "--archive", archive, "--as-of", "2026-10-01", "--within", "7", "--ids"])
        #expect(ids.stdout.hasSuffix("0 certificate(s)\n"))
    }

    @Test func noFormatPrintsAWholeIDNumber() throws {
        for format in ["table", "csv", "jsonl", "ics"] {
            let result = try expiring(["--format", format])
            #expect(!result.stdout.contains("210103199001014565"), "\(format)")
            #expect(!result.stdout.isEmpty)
        }
        let ics = try expiring(["--format", "ics"]).stdout
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(ics.components(separatedBy: "BEGIN:VEVENT").count == 5, "every certificate, not only those within 30 days")
    }
}
