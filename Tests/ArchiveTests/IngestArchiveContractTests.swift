import Archive
import Foundation
import IngestCore
import PostgresTestSupport
import Testing

/// What ingest asks of an archive, asked of both stores (SQLite and PostgreSQL): the job queue, a file committed
/// once with its last page, a file failed whole, content never taken twice, and an audit chain that verifies.
@Suite struct IngestArchiveContractTests {
    static func file(_ sha: String, pages: Int) -> JobFile {
        JobFile(sha256: sha, source: "in/\(sha).pdf", format: .pdf, byteCount: 100, pageCount: pages)
    }

    static func page(_ number: Int) -> PageOutcome {
        var page = ArchiveTests.acceptedPage(number: "D22101234\(number)")
        page.page = number
        return page
    }

    /// Takes every queued page for reading, as a worker would: claimed from a shared queue, marked running otherwise.
    static func takeAll(_ store: any TestedStore, _ job: QueuedJob) throws {
        if let shared = store as? any SharedWorkQueue {
            while try shared.claimPage() != nil {}
        } else {
            for page in job.remainingPages { try store.markRunning(jobID: job.id, page: page) }
        }
    }

    @Test(arguments: StoreKind.all)
    func aFileIsCommittedWithItsLastPageOnceAndTheChainVerifies(_ kind: StoreKind) throws {
        let store = try TestPostgres.store(kind)
        let runID = try store.beginRun(asOf: "2026-11-22", arguments: "test")
        let job = try store.enqueue(Self.file("f1", pages: 3), runID: runID)
        #expect(job.remainingPages == [1, 2, 3])
        try Self.takeAll(store, job)
        #expect(try store.completePage(jobID: job.id, page: 2, items: [Self.page(2)], seconds: 1, runID: runID) == nil)
        #expect(try store.completePage(jobID: job.id, page: 1, items: [Self.page(1)], seconds: 1, runID: runID) == nil)
        #expect(try store.knownInput(sha256: "f1") == nil, "no half file in the archive")
        let finished = try #require(try store.completePage(jobID: job.id, page: 3, items: [Self.page(3, review: true)],
                                                             seconds: 1, runID: runID))
        #expect(finished.pages.map(\.page) == [1, 2, 3])
        #expect(finished.pages.first?.thumbnailPNG == [1, 2, 3], "thumbnails kept through the queue")
        #expect(finished.seconds == 3)
        #expect(try store.knownInput(sha256: "f1")?.runID == runID)
        #expect(try store.unfinishedJobs().isEmpty)
        #expect(try store.disposition(sha256: "f1")
                == InputDisposition(allAccepted: false, reasons: ["page 3: review — holder.unknown: holder not on the register"]))
        let report = try store.checkIntegrity()
        #expect(report.events == 3 && report.chainBreak == nil && report.itemBreaks.isEmpty)
    }

    @Test(arguments: StoreKind.all)
    func theSameContentIsQueuedOnceAndTakenUpFromItsNewPath(_ kind: StoreKind) throws {
        let store = try TestPostgres.store(kind)
        let runID = try store.beginRun(asOf: "2026-11-22", arguments: "test")
        let job = try store.enqueue(Self.file("f2", pages: 2), runID: runID)
        try Self.takeAll(store, job)
        _ = try store.completePage(jobID: job.id, page: 1, items: [Self.page(1)], seconds: 1, runID: runID)
        var renamed = Self.file("f2", pages: 2)
        renamed.source = "in/renamed.pdf"
        try store.setAside(jobID: job.id, reason: "gone")
        let again = try store.enqueue(renamed, runID: runID)
        #expect(again.id == job.id && again.remainingPages == [2] && again.source == "in/renamed.pdf")
        try Self.takeAll(store, again)
        let finished = try store.completePage(jobID: job.id, page: 2, items: [Self.page(2)], seconds: 1, runID: runID)
        #expect(finished?.source == "in/renamed.pdf")
        #expect(finished?.pages.count == 2)
    }

    @Test(arguments: StoreKind.all)
    func aFileFailedWholeKeepsItsReadPagesAndRefusesLatePages(_ kind: StoreKind) throws {
        let store = try TestPostgres.store(kind)
        let runID = try store.beginRun(asOf: "2026-11-22", arguments: "test")
        let job = try store.enqueue(Self.file("f3", pages: 3), runID: runID)
        try Self.takeAll(store, job)
        _ = try store.completePage(jobID: job.id, page: 1, items: [Self.page(1)], seconds: 1, runID: runID)
        let problem = Problem(rule: "input.corrupt", field: nil, message: "page 2 cannot be decoded")
        let failed = try #require(try store.failJob(jobID: job.id, problem: problem, runID: runID))
        #expect(failed.failure == problem && failed.pages.map(\.page) == [1])
        #expect(try store.completePage(jobID: job.id, page: 3, items: [Self.page(3)], seconds: 1, runID: runID) == nil)
        #expect(try store.failJob(jobID: job.id, problem: problem, runID: runID) == nil, "committed once")
        #expect(try store.knownInput(sha256: "f3")?.status == "failed")
        let report = try store.checkIntegrity()
        #expect(report.events == 2 && report.chainBreak == nil && report.itemBreaks.isEmpty)
    }

    @Test(arguments: StoreKind.all)
    func contentRefusedAtIntakeIsRecordedOnceAndMovesAreInItsHistory(_ kind: StoreKind) throws {
        let store = try TestPostgres.store(kind)
        let runID = try store.beginRun(asOf: "2026-11-22", arguments: "test")
        let outcome = ArchiveTests.input("f4", pages: [ArchiveTests.acceptedPage(), ArchiveTests.reviewPage()])
        #expect(try store.record(outcome, runID: runID))
        #expect(try !store.record(outcome, runID: runID), "the same content is never taken twice")
        try store.recordMove(sha256: "f4", to: "/drop/done/f4.pdf", reason: "every item accepted")
        #expect(try store.storedScans().map(\.storedAt) == ["/drop/done/f4.pdf"])
        #expect(try store.knownCompanyNames() == ["大连海川建设集团有限公司"])
        let report = try store.checkIntegrity()
        // Two created events, the review page's correction-free; two moved events.
        #expect(report.events == 4 && report.chainBreak == nil && report.itemBreaks.isEmpty)
    }
}

extension IngestArchiveContractTests {
    @Test(arguments: StoreKind.all)
    func itemsAndRecordsReadBackAlikeOnBothStores(_ kind: StoreKind) throws {
        let store = try TestPostgres.store(kind)
        let runID = try store.beginRun(asOf: "2026-11-22", arguments: "test")
        #expect(try store.record(ArchiveTests.input("b", pages: [ArchiveTests.reviewPage()]), runID: runID))
        #expect(try store.record(ArchiveTests.input("a", pages: [ArchiveTests.acceptedPage()],
                                                    failure: Problem(rule: "input.corrupt", field: nil, message: "cut short")),
                                 runID: runID))
        let items = try store.items(runID: nil, statuses: nil)
        #expect(items.map(\.source) == ["in/a.pdf", "in/a.pdf", "in/b.pdf"], "source order, then page (none first)")
        #expect(items.map(\.page) == [nil, 1, 2])
        #expect(items.map(\.status) == [.failed, .accepted, .review])
        #expect(items[2].problems == ArchiveTests.reviewPage().problems)
        #expect(items[2].fields["id_number"]?.value == "210102198005121236")
        #expect(items[1].flags == ["expired"])
        #expect(try store.items(runID: runID, statuses: [.review]).map(\.source) == ["in/b.pdf"])
        let records = try store.recordSummaries(statuses: [.review])
        #expect(records.map(\.rules) == [["id_number.low_confidence"]])
        #expect(records.first?.personKey == "210102198005121236")
        #expect(try store.recordSummaries(statuses: nil).count == 3)
    }

    static func page(_ number: Int, review: Bool) -> PageOutcome {
        var page = page(number)
        if review {
            page.status = .review
            page.problems = [Problem(rule: "holder.unknown", field: "holder", message: "holder not on the register")]
        }
        return page
    }
}
