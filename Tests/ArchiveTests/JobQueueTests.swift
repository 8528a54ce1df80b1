@testable import Archive
import GRDB
import Foundation
import IngestCore
import Testing

/// The durable job queue: pages stored as read, a file committed with its last page, a dead run's pages queued
/// again, a file failed whole.
@Suite struct JobQueueTests {
    let archive: ArchiveDatabase
    let runID: Int64

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
    }

    static func file(_ sha: String, pages: Int) -> JobFile { IngestArchiveContractTests.file(sha, pages: pages) }
    static func page(_ number: Int) -> PageOutcome { IngestArchiveContractTests.page(number) }

    @Test func aFileIsCommittedWithItsLastPageAndNotBefore() throws {
        let job = try archive.enqueue(Self.file("f1", pages: 3), runID: runID)
        #expect(job.remainingPages == [1, 2, 3])
        #expect(try archive.completePage(jobID: job.id, page: 2, items: [Self.page(2)], seconds: 1, runID: runID) == nil)
        #expect(try archive.completePage(jobID: job.id, page: 1, items: [Self.page(1)], seconds: 1, runID: runID) == nil)
        #expect(try archive.items().isEmpty, "no half file in the archive")
        let finished = try #require(try archive.completePage(jobID: job.id, page: 3, items: [Self.page(3)], seconds: 1, runID: runID))
        #expect(finished.pages.map(\.page) == [1, 2, 3])
        #expect(finished.pages.first?.thumbnailPNG == [1, 2, 3], "thumbnails kept through the queue")
        #expect(finished.seconds == 3)
        #expect(try archive.items().map(\.page) == [1, 2, 3])
        #expect(try archive.knownInput(sha256: "f1") != nil)
        #expect(try archive.unfinishedJobs().isEmpty)
    }

    @Test func pagesADeadRunWasReadingAreQueuedAgainAndReadPagesKept() throws {
        let job = try archive.enqueue(Self.file("f2", pages: 3), runID: runID)
        _ = try archive.completePage(jobID: job.id, page: 1, items: [Self.page(1)], seconds: 1, runID: runID)
        try archive.markRunning(jobID: job.id, page: 2)
        try archive.markRunning(jobID: job.id, page: 3)
        #expect(try archive.requeueInterruptedPages() == 2)
        let resumed = try #require(try archive.unfinishedJob(sha256: "f2"))
        #expect(resumed.remainingPages == [2, 3])
        // The same content handed in under another name takes the job up where it was.
        var renamed = Self.file("f2", pages: 3)
        renamed.source = "in/renamed.pdf"
        let again = try archive.enqueue(renamed, runID: runID)
        #expect(again.id == job.id && again.remainingPages == [2, 3] && again.source == "in/renamed.pdf")
        _ = try archive.completePage(jobID: job.id, page: 2, items: [Self.page(2)], seconds: 1, runID: runID)
        let finished = try archive.completePage(jobID: job.id, page: 3, items: [Self.page(3)], seconds: 1, runID: runID)
        #expect(finished?.source == "in/renamed.pdf")
        #expect(try archive.items().count == 3)
    }

    @Test func aFileFailedWholeKeepsItsReadPagesAndRefusesLatePages() throws {
        let job = try archive.enqueue(Self.file("f3", pages: 2), runID: runID)
        _ = try archive.completePage(jobID: job.id, page: 1, items: [Self.page(1)], seconds: 1, runID: runID)
        let problem = Problem(rule: "input.corrupt", field: nil, message: "damaged")
        let failed = try #require(try archive.failJob(jobID: job.id, problem: problem, runID: runID))
        #expect(failed.pages.count == 1 && failed.failure == problem)
        // Another worker finishing page 2 afterwards must not commit the file a second time.
        #expect(try archive.completePage(jobID: job.id, page: 2, items: [Self.page(2)], seconds: 1, runID: runID) == nil)
        #expect(try archive.items().map(\.status.rawValue).sorted() == ["accepted", "failed"])
        #expect(try archive.disposition(sha256: "f3")?.allAccepted == false)
        #expect(try archive.disposition(sha256: "f3")?.reasons == ["file: failed — input.corrupt: damaged"])
    }
}

@Suite struct LogRedactionTests {
    @Test func idNumbersAreMaskedWhereverTheyAppear() {
        #expect(Masking.redactingIDNumbers(in: "source=in/张三_11010119900307123X.png")
            == "source=in/张三_1101**********123X.png")
        #expect(Masking.redactingIDNumbers(in: "T210102198005121236 read") == "T2101**********1236 read")
        #expect(Masking.redactingIDNumbers(in: "old 15-digit 110101900307123") == "old 15-digit 1101*******7123")
        // Full-width digits, and digits spaced in groups or one by one.
        #expect(Masking.redactingIDNumbers(in: "号码２１０１０２１９８００５１２１２３６。") == "号码2101**********1236。")
        #expect(Masking.redactingIDNumbers(in: "id 2101 0219 8005 1212 36 ok") == "id 2101**********1236 ok")
        #expect(Masking.redactingIDNumbers(in: "2-1-0-1-0-2-1-9-8-0-0-5-1-2-1-2-3-X") == "2101**********123X")
    }

    @Test func otherNumbersAreLeftAlone() {
        let text = "pages=12/1000 seconds=3.16 D221012345 91210100MA0TX1234K 2026-11-22 1234567890123456789"
        #expect(Masking.redactingIDNumbers(in: text) == text)
    }
}

@Suite struct AuditTrailTests {
    @Test func ingestRecordsCreationAndCorrectionsAndEventsNeverChange() throws {
        let archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        var page = ArchiveTests.acceptedPage()
        page.fields["issuer"] = {
            var field = ExtractedField(value: "辽宁省住房和城乡建设厅", raw: "辽宁省住房和城乡建没厅", confidence: 90)
            field.corrections = [FieldCorrection(from: "辽宁省住房和城乡建没厅", to: "辽宁省住房和城乡建设厅",
                                                 reason: "nearest issuing authority")]
            return field
        }()
        try archive.record(ArchiveTests.input("a1", pages: [page]), runID: runID)
        let item = try #require(try archive.items().first)
        let events = try archive.history(itemID: item.id)
        #expect(events.map(\.action) == [.created, .corrected])
        #expect(events[0].actor == "ingest" && events[0].reason == "run \(runID): accepted")
        #expect(events[1].field == "issuer" && events[1].newValue == "辽宁省住房和城乡建设厅")

        try archive.apply(ItemUpdate(fields: item.fields, problems: [], flags: [], status: .review,
                                     events: [AuditEvent(itemID: item.id, actor: "reviewer:bob", action: .reopened)]),
                          to: item.id)
        #expect(try archive.history(itemID: item.id).last?.actor == "reviewer:bob")
        #expect(throws: (any Error).self) {
            try archive.writer.write { try $0.execute(sql: "UPDATE events SET reason = 'edited' WHERE item_id = ?", arguments: [item.id]) }
        }
        #expect(throws: (any Error).self) {
            try archive.writer.write { try $0.execute(sql: "DELETE FROM events WHERE item_id = ?", arguments: [item.id]) }
        }
        #expect(try archive.history(itemID: item.id).count == 3)
    }
}

/// A page holding several cards: each card an item of its own with its region, its thumbnail kept through the queue,
/// the page counted once; a page stored by a version before (one outcome object, thumbnail in its own column) read.
extension JobQueueTests {
    static func card(_ number: String, at x: Int, back: Box? = nil) -> PageOutcome {
        var card = ArchiveTests.acceptedPage(number: number)
        card.region = Box(x: x, y: 200, width: 1010, height: 640)
        card.backRegion = back
        card.thumbnailPNG = [UInt8(x % 256)]
        return card
    }

    @Test func everyCardIsAnItemWithItsRegionAndThePageCountsOnce() throws {
        let job = try archive.enqueue(Self.file("cards", pages: 1), runID: runID)
        let back = Box(x: 2400, y: 200, width: 1010, height: 640)
        let finished = try #require(try archive.completePage(
            jobID: job.id, page: 1, items: [Self.card("D221012341", at: 100, back: back), Self.card("D221012342", at: 1300)],
            seconds: 2, runID: runID))
        #expect(finished.pageCount == 1)
        #expect(finished.pages.map(\.thumbnailPNG) == [[100], [20]], "each card's thumbnail kept through the queue")
        let items = try archive.items()
        #expect(items.map(\.page) == [1, 1])
        #expect(items.map { $0.region?.x } == [100, 1300])
        #expect(items.map(\.backRegion) == [back, nil])
        let input = try archive.writer.read { db in try Row.fetchOne(db, sql: "SELECT page_count FROM inputs") }
        #expect(input?["page_count"] == 1)

        var lines: [String] = []
        Exporter.write(items, format: .jsonl) { lines.append($0) }
        #expect(lines[0].hasSuffix(#","region":{"x":100,"y":200,"width":1010,"height":640},"back_region":{"x":2400,"y":200,"width":1010,"height":640}}"# + "\n"))
        #expect(lines[1].hasSuffix(#","region":{"x":1300,"y":200,"width":1010,"height":640}}"# + "\n"))
    }

    @Test func aPageStoredAsOneOutcomeByAnEarlierVersionIsRead() throws {
        var page = ArchiveTests.acceptedPage(number: "D221012343")
        page.thumbnailPNG = nil
        let legacy = try JSONText.encode(page)
        let items = try StoredPage.decode(legacy, legacyThumbnail: Data([7, 8]))
        #expect(items.count == 1)
        #expect(items.first?.fields["certificate_number"]?.value == "D221012343")
        #expect(items.first?.thumbnailPNG == [7, 8])
        #expect(items.first?.region == nil)
    }
}
