import Archive
import Foundation
import IngestCore
import PostgresArchive
import PostgresTestSupport
import Synchronization
import Testing

/// The PostgreSQL work queue as several processes see it (each a `PostgresArchive` with its own claimant name
/// and connections): no page handed to two claimants, a lease that runs out handed on, a renewed one kept, a
/// file's last two pages stored at once committing it once.
@Suite(.enabled(if: TestPostgres.serverURL != nil, "needs make test's PostgreSQL cluster"))
struct SharedQueueTests {
    let url: String
    let runID: Int64

    init() throws {
        url = try TestPostgres.freshDatabase()
        runID = try PostgresArchive(url: url).beginRun(asOf: "2026-11-22", arguments: "test")
    }

    func machine(_ name: String, lease: TimeInterval = 60) throws -> PostgresArchive {
        try PostgresArchive(url: url, lease: lease, claimant: name)
    }

    @Test func claimersRacingNeverGetTheSamePage() throws {
        let queue = try machine("a:1")
        for n in 0..<20 { _ = try queue.enqueue(IngestArchiveContractTests.file("r\(n)", pages: 10), runID: runID) }
        let claimed = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            do {
                let me = try machine("m\(worker):\(worker)")
                while let page = try me.claimPage() {
                    claimed.withLock { $0.append("\(page.job.id)/\(page.page)") }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let pages = claimed.withLock { $0 }
        #expect(pages.count == 200)
        #expect(Set(pages).count == 200, "no page claimed twice")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM page_jobs WHERE claims <> 1") == "0")
    }

    @Test func aLeaseThatRunsOutGoesToAnotherWorkerAndTheFirstWorkersPageIsNotStored() throws {
        let dead = try machine("dead:1", lease: 1)
        let alive = try machine("alive:2", lease: 60)
        let job = try dead.enqueue(IngestArchiveContractTests.file("lease", pages: 1), runID: runID)
        #expect(try dead.claimPage()?.page == 1)
        #expect(try alive.claimPage() == nil, "claimed and its lease still running")
        Thread.sleep(forTimeInterval: 1.3)
        let taken = try #require(try alive.claimPage())
        #expect(taken.job.id == job.id && taken.page == 1 && taken.claims == 2)
        // The first worker was only slow: its page comes too late and is not stored.
        #expect(try dead.completePage(jobID: job.id, page: 1, items: [IngestArchiveContractTests.page(1)], seconds: 1,
                                      runID: runID) == nil)
        #expect(try dead.knownInput(sha256: "lease") == nil)
        let committed = try alive.completePage(jobID: job.id, page: 1, items: [IngestArchiveContractTests.page(1)],
                                               seconds: 1, runID: runID)
        #expect(committed?.pages.count == 1)
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM items") == "1")
    }

    @Test func aRenewedLeaseIsKept() throws {
        let reader = try machine("reader:1", lease: 1)
        let other = try machine("other:2", lease: 1)
        _ = try reader.enqueue(IngestArchiveContractTests.file("renew", pages: 1), runID: runID)
        #expect(try reader.claimPage() != nil)
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try reader.renewLeases() == 1)
        }
        #expect(try other.claimPage() == nil, "1.5 s after the claim, renewed: still the reader's")
    }

    @Test func theLastTwoPagesStoredAtOnceCommitTheFileOnce() throws {
        for round in 0..<10 {
            let first = try machine("first:1"), second = try machine("second:2")
            let job = try first.enqueue(IngestArchiveContractTests.file("last\(round)", pages: 2), runID: runID)
            let one = try #require(try first.claimPage()), two = try #require(try second.claimPage())
            let commits = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let (store, page) = i == 0 ? (first, one.page) : (second, two.page)
                let done = try? store.completePage(jobID: job.id, page: page, items: [IngestArchiveContractTests.page(page)],
                                                   seconds: 1, runID: runID)
                if done != nil { commits.withLock { $0 += 1 } }
            }
            #expect(commits.withLock { $0 } == 1, "round \(round): committed exactly once")
        }
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM inputs") == "10")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM items") == "20")
        let report = try machine("auditor:3").checkIntegrity()
        #expect(report.events == 20 && report.chainBreak == nil && report.itemBreaks.isEmpty)
    }

    @Test func aBackupIsASQLiteArchiveWithTheSameRecordsAndChain() throws {
        let store = try machine("a:1")
        #expect(try store.record(ArchiveTests.input("one", pages: [ArchiveTests.acceptedPage(), ArchiveTests.reviewPage()]),
                                 runID: runID))
        #expect(try store.record(ArchiveTests.input("two", pages: [], failure: Problem(rule: "input.corrupt", field: nil,
                                                                                      message: "cut short")), runID: runID))
        try store.recordMove(sha256: "one", to: "/drop/quarantine/one.pdf", reason: "waits for review")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try store.backup(to: folder.appendingPathComponent("archive.sqlite").path)
        let original = try store.checkIntegrity(), copied = try copy.checkIntegrity()
        #expect(copied.events == 5 && copied.events == original.events)
        #expect(copied.head != nil && copied.head == original.head, "the same chain, hash for hash")
        #expect(copied.chainBreak == nil && copied.itemBreaks.isEmpty)
        #expect(try copy.items().map(\.id) == store.items(runID: nil, statuses: nil).map(\.id))
        #expect(try copy.items().map(\.status) == [.accepted, .review, .failed])
        #expect(try copy.storedScans().map(\.storedAt) == ["/drop/quarantine/one.pdf",
                                                           URL(fileURLWithPath: "in/two.pdf").standardizedFileURL.path])
        #expect(throws: (any Error).self, "never over an archive") {
            try store.backup(to: folder.appendingPathComponent("archive.sqlite").path)
        }
    }

    @Test func theChainRefusesAnEventAddedByHandAndEventsNeverChange() throws {
        let store = try machine("a:1")
        #expect(try store.record(ArchiveTests.input("hand", pages: [ArchiveTests.acceptedPage()]), runID: runID))
        #expect(throws: (any Error).self) {
            try TestPostgres.psql(url, """
                INSERT INTO events (id, item_id, at, actor, action, prev_hash, hash)
                VALUES (2, 1, 'now', 'someone', 'accepted', 'x', 'y')
                """)
        }
        #expect(throws: (any Error).self) { try TestPostgres.psql(url, "UPDATE events SET reason = 'edited'") }
        #expect(throws: (any Error).self) { try TestPostgres.psql(url, "DELETE FROM events") }
        try TestPostgres.psql(url, "UPDATE items SET fields = '{}'")
        let report = try store.checkIntegrity()
        #expect(report.itemBreaks.map(\.item) == [1], "an item changed outside certarchive is found")
    }
}
