import Archive
import Foundation
import GRDB
import IngestCore
import Testing

@Suite struct ArchiveTests {
    let archive: ArchiveDatabase
    let runID: Int64

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
    }

    static func acceptedPage(number: String = "D221012345") -> PageOutcome {
        PageOutcome(page: 1, type: .enterpriseQualification, origin: .ocr,
                    fields: ["certificate_number": ExtractedField(value: number, raw: number, confidence: 96),
                             "holder": ExtractedField(value: "大连海川建设集团有限公司", raw: "大连海川建设集团有限公司", confidence: 93)],
                    problems: [], flags: ["expired"], thumbnailPNG: [1, 2, 3], text: "建筑业企业资质证书")
    }

    static func reviewPage() -> PageOutcome {
        PageOutcome(page: 2, type: .specialOperation, origin: .ocr,
                    fields: ["id_number": ExtractedField(value: "210102198005121236", raw: "210102198005121236", confidence: 50)],
                    problems: [Problem(rule: "id_number.low_confidence", field: "id_number", message: "read with 50%")],
                    flags: [], thumbnailPNG: [9, 9], text: "")
    }

    static func input(_ sha: String, pages: [PageOutcome], failure: Problem? = nil) -> InputOutcome {
        InputOutcome(source: "in/\(sha).pdf", sha256: sha, format: .pdf, byteCount: 10, pages: pages,
                     failure: failure, seconds: 0.1)
    }

    @Test func recordsItemsWithTheirStatusesAndProblems() throws {
        #expect(try archive.record(Self.input("aa", pages: [Self.acceptedPage(), Self.reviewPage()]), runID: runID))
        let items = try archive.items()
        #expect(items.map(\.status) == [.accepted, .review])
        #expect(items[1].problems == [Problem(rule: "id_number.low_confidence", field: "id_number", message: "read with 50%")])
        #expect(items[0].flags == ["expired"])
        // Thumbnails are kept for what a person must look at, not for every archived page.
        #expect(items[0].thumbnailPNG == nil)
        #expect(items[1].thumbnailPNG == [9, 9])
        #expect(try archive.items(runID: runID, statuses: [.review]).count == 1)
    }

    @Test func knownCompanyNamesComeFromAcceptedItemsOnly() throws {
        var person = Self.acceptedPage(number: "D000000001")
        person.fields["holder"] = ExtractedField(value: "李明", raw: "李明", confidence: 99)
        person.fields["company"] = ExtractedField(value: "沈阳宏远建筑工程有限公司", raw: "", confidence: 99)
        var doubtful = Self.acceptedPage(number: "D000000002")
        doubtful.fields["holder"] = ExtractedField(value: "沈阳宏达建筑工程有限公司", raw: "", confidence: 20)
        doubtful.problems = [Problem(rule: "holder.low_confidence", field: "holder", message: "…")]
        doubtful.status = .review
        try archive.record(Self.input("k1", pages: [Self.acceptedPage()]), runID: runID)
        try archive.record(Self.input("k2", pages: [person]), runID: runID)
        try archive.record(Self.input("k3", pages: [doubtful]), runID: runID)
        #expect(try archive.knownCompanyNames() == ["大连海川建设集团有限公司", "沈阳宏远建筑工程有限公司"])
    }

    @Test func sameContentIsNeverRecordedTwice() throws {
        #expect(try archive.record(Self.input("bb", pages: [Self.acceptedPage()]), runID: runID))
        #expect(try archive.record(Self.input("bb", pages: [Self.acceptedPage(number: "D000000000")]), runID: runID) == false)
        #expect(try archive.items().count == 1)
        #expect(try archive.knownInput(sha256: "bb")?.source == "in/bb.pdf")
        #expect(try archive.knownInput(sha256: "cc") == nil)
    }

    @Test func anUnreadableInputBecomesOneFailedItemWithNoPage() throws {
        let failure = Problem(rule: "input.encrypted", field: nil, message: "the PDF is password-protected")
        try archive.record(Self.input("dd", pages: [], failure: failure), runID: runID)
        let item = try #require(try archive.items().first)
        #expect(item.status == .failed)
        #expect(item.page == nil)
        #expect(item.problems == [failure])
    }

    @Test func exportLineFollowsThePublicFormat() throws {
        try archive.record(Self.input("ee", pages: [Self.acceptedPage()]), runID: runID)
        let line = Exporter.jsonLine(try #require(try archive.items().first))
        #expect(line == #"{"source":"in/ee.pdf","page":1,"type":"enterprise_qualification","status":"accepted","#
            + #""fields":{"certificate_number":"D221012345","holder":"大连海川建设集团有限公司"},"problems":[],"#
            + #""flags":["expired"],"corrections":[]}"#)
    }

    @Test func exportSaysOnWhatGroundsEachFieldIsBelieved() throws {
        var page = Self.acceptedPage()
        page.fields["certificate_number"]?.evidence = .readersAgree
        page.fields["holder"]?.evidence = .oneReader
        try archive.record(Self.input("ev", pages: [page]), runID: runID)
        let line = Exporter.jsonLine(try #require(try archive.items().first))
        #expect(line.hasSuffix(#""corrections":[],"evidence":{"certificate_number":"readers_agree","holder":"one_reader"}}"#))
    }

    @Test func exportWritesDatesOnlyInContract() throws {
        var page = Self.reviewPage()
        page.fields["issue_date"] = ExtractedField(value: "200名2日", raw: "200名2日", confidence: 40)
        page.fields["expiry_date"] = ExtractedField(value: "2024-02-30", raw: "2024年2月30日", confidence: 90)
        page.fields["holder"] = ExtractedField(value: "大连海川建设集团有限公司", raw: "大连海川建设集团有限公司", confidence: 90)
        try archive.record(Self.input("dd", pages: [page]), runID: runID)
        let item = try #require(try archive.items().first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Exporter.jsonLine(item).utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [String: String])
        #expect(fields["issue_date"] == nil && fields["expiry_date"] == nil)
        #expect(fields["holder"] == "大连海川建设集团有限公司")
        #expect(item.fields["issue_date"]?.raw == "200名2日")  // what was read stays in the field details
        var csv = ""
        Exporter.write([item], format: .csv) { csv += $0 }
        let cells = csv.components(separatedBy: "\r\n")[1].components(separatedBy: ",")
        #expect(cells[7] == "" && cells[8] == "")  // issue_date, expiry_date
        #expect(Exporter.isExportableDate("2024-02-29") && !Exporter.isExportableDate("2023-02-29"))
        #expect(!Exporter.isExportableDate("2024-2-9"))
    }

    @Test func exportNamesEveryCorrectionWithItsReason() throws {
        var page = Self.acceptedPage()
        page.fields["issuer"] = ExtractedField(value: "辽宁省住房和城乡建设厅", raw: "辽宁省住房和城乡建设局", confidence: 90)
        page.fields["issuer"]?.corrections = [FieldCorrection(from: "辽宁省住房和城乡建设局", to: "辽宁省住房和城乡建设厅",
                                                               reason: "no such authority")]
        try archive.record(Self.input("gg", pages: [page]), runID: runID)
        let line = Exporter.jsonLine(try #require(try archive.items().first))
        #expect(line.hasSuffix(#""corrections":[{"field":"issuer","from":"辽宁省住房和城乡建设局","#
            + #""to":"辽宁省住房和城乡建设厅","reason":"no such authority"}]}"#))
    }

    @Test func exportOfAFailedInputHasNullPageAndNullField() throws {
        try archive.record(Self.input("ff", pages: [], failure: Problem(rule: "input.corrupt", field: nil, message: "x")),
                           runID: runID)
        let line = Exporter.jsonLine(try #require(try archive.items().first))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["page"] is NSNull)
        #expect(object["status"] as? String == "failed")
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.first?["field"] is NSNull)
    }

    @Test func csvOpensInExcel() throws {
        try archive.record(Self.input("gg", pages: [Self.acceptedPage(), Self.reviewPage()]), runID: runID)
        var text = ""
        Exporter.write(try archive.items(), format: .csv) { text += $0 }
        #expect(text.hasPrefix("\u{FEFF}source,page,type,status,certificate_number,holder,issuer,issue_date,"))
        let rows = text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 3)
        #expect(rows[1].contains("大连海川建设集团有限公司"))
        #expect(rows[2].contains("id_number.low_confidence: read with 50%"))
    }

    @Test func exportEscapesWhatJSONRequires() throws {
        var outcome = Self.input("ii", pages: [Self.acceptedPage(number: "A\"B\\C\nD\u{1}")])
        outcome.source = "dir/名\"字.png"
        try archive.record(outcome, runID: runID)
        let line = Exporter.jsonLine(try #require(try archive.items().first))
        #expect(!line.contains("\n") || line.contains("\\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["source"] as? String == "dir/名\"字.png")
        #expect((object["fields"] as? [String: String])?["certificate_number"] == "A\"B\\C\nD\u{1}")
    }

    @Test func csvQuotesAndDefusesFormulas() {
        let row = Exporter.csvRow(["a,b", "say \"hi\"", "=cmd()", "plain"])
        #expect(row == "\"a,b\",\"say \"\"hi\"\"\",'=cmd(),plain\r\n")
    }

    @Test func aLoneLineBreakIsQuotedAndNoCellStartsAFormula() {
        // A lone LF or CR is a row's end to a spreadsheet; "\r\n" is one Character, so each is looked at by scalar.
        for value in ["不是证书\n=2+2", "不是证书\r@SUM(A1:A9)", "a\r\nb", "\u{301}\n=1"] {
            let row = Exporter.csvRow([value, "next"])
            #expect(row.unicodeScalars.first == "\"" && row.hasSuffix(",next\r\n"), "\(row.debugDescription)")
        }
        #expect(Exporter.csvRow(["\t=2+2", "\r=2+2", "-12.5", "+86 411"]) == "'\t=2+2,\"'\r=2+2\",-12.5,'+86 411\r\n")
    }

    @Test func migrationsCreateTheArchiveViews() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let onDisk = try ArchiveDatabase(path: path)
        let run = try onDisk.beginRun(asOf: "2026-11-22", arguments: "")
        try onDisk.record(Self.input("hh", pages: [Self.acceptedPage(), Self.reviewPage()]), runID: run)
        // Reopening runs the migrator again without touching the data.
        let reopened = try ArchiveDatabase(path: path)
        #expect(try reopened.items().count == 2)
        // The views a user's SQL reads: accepted records, and the review queue.
        let counts = try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM archive") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM review_queue") ?? -1,
             try String.fetchOne(db, sql: "SELECT json_extract(fields, '$.certificate_number') FROM archive"))
        }
        #expect(counts.0 == 1 && counts.1 == 1 && counts.2 == "D221012345")
    }
}

/// A full disk said in plain words: which disk, that nothing committed is lost, that a rerun resumes.
@Suite struct DiskFullTests {
    @Test func aFullDiskNamesTheArchivesFolderAndSaysARerunResumes() {
        let full = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
        let words = ArchiveDatabase.plainWords(full, archivePath: "/srv/archive/a.sqlite")
        #expect(words == "the disk holding the archive (/srv/archive) is full. Everything committed is kept and "
            + "consistent: free some space there and run the same command again, and it resumes where it stopped")
        let other = DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed")
        #expect(ArchiveDatabase.plainWords(other, archivePath: "a.sqlite").contains("malformed"))
    }
}
