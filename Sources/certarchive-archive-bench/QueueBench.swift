import Archive
import Foundation
import IngestCore
import PostgresArchive
import PostgresTestSupport
import Synchronization

/// One claimer's pages.
final class Claims: Sendable {
    let pages = Mutex<[ClaimedPage]>([])
}

/// The shared queue without OCR: `claimers` threads, each a process of its own as far as the database knows (its
/// own claimant name and connection), claim every one of `pages` synthetic pages, then store them (a file is
/// committed with its last page: input, items, audit events); then two claimers, as one two-worker machine, claim
/// and store pages one at a time, timing each call: a real worker's database cost per page.
struct QueueBench {
    let url: String
    let pages: Int
    let claimers: Int
    static let pagesPerFile = 10

    struct Result {
        var pages: Int
        var claimers: Int
        var claimSeconds: Double
        var claimedTwice: Int
        var claimsNotOnce: Int
        var storeSeconds: Double
        var cyclePages: Int
        /// One machine's worker: median milliseconds to claim a page and to store it.
        var claimMilliseconds: Double
        var storeMilliseconds: Double

        var claimsPerSecond: Double { Double(pages) / claimSeconds }
        var storesPerSecond: Double { Double(pages) / storeSeconds }

        var report: String {
            """
            == the shared queue (PostgreSQL, no OCR) ==
            claims: \(pages) pages by \(claimers) concurrent claimers in \(String(format: "%.1f", claimSeconds)) s = \
            \(Int(claimsPerSecond)) claims/s; claimed twice: \(claimedTwice) (by the claimers' own tally), \
            pages whose claim count is not 1: \(claimsNotOnce) (by the database)
            stores: the same pages stored by their claimers, a file committed with its last page (input, items, \
            audit events, one chain) in \(String(format: "%.1f", storeSeconds)) s = \(Int(storesPerSecond)) pages/s
            one machine's two workers, \(cyclePages) pages claimed and stored one at a time: median \
            \(String(format: "%.2f", claimMilliseconds)) ms to claim, \(String(format: "%.2f", storeMilliseconds)) ms \
            to store a page
            """
        }
    }

    func run() throws -> Result {
        let lease: TimeInterval = 600
        let setUp = try PostgresArchive(url: url, lease: lease, claimant: "bench-setup:0")
        let runID = try setUp.beginRun(asOf: "2026-11-22", arguments: "queue bench")
        try enqueue(files: pages / Self.pagesPerFile, prefix: "a", runID: runID)

        let stores = try (0..<claimers).map { try PostgresArchive(url: url, lease: lease, claimant: "bench-\($0):\($0)") }
        let claimed = (0..<claimers).map { _ in Claims() }
        let claimStart = Date()
        try Self.onThreads(claimers) { i in
            while let page = try stores[i].claimPage() { claimed[i].pages.withLock { $0.append(page) } }
        }
        let claimSeconds = Date().timeIntervalSince(claimStart)
        let all = claimed.flatMap { $0.pages.withLock { $0 } }.map { "\($0.job.id)/\($0.page)" }
        let notOnce = try TestPostgres.psql(url, "SELECT count(*) FROM page_jobs WHERE claims <> 1")

        let storeStart = Date()
        try Self.onThreads(claimers) { i in
            for page in claimed[i].pages.withLock({ $0 }) {
                _ = try stores[i].completePage(jobID: page.job.id, page: page.page, items: [Self.outcome(page.page)],
                                               seconds: 1, runID: runID)
            }
        }
        let storeSeconds = Date().timeIntervalSince(storeStart)

        let cyclePages = 2_000
        try enqueue(files: cyclePages / Self.pagesPerFile, prefix: "b", runID: runID)
        let claimTimes = Mutex<[Double]>([]), storeTimes = Mutex<[Double]>([])
        try Self.onThreads(2) { i in
            while true {
                let t0 = Date()
                guard let page = try stores[i].claimPage() else { break }
                let t1 = Date()
                _ = try stores[i].completePage(jobID: page.job.id, page: page.page, items: [Self.outcome(page.page)],
                                               seconds: 1, runID: runID)
                let t2 = Date()
                claimTimes.withLock { $0.append(t1.timeIntervalSince(t0)) }
                storeTimes.withLock { $0.append(t2.timeIntervalSince(t1)) }
            }
        }
        return Result(pages: all.count, claimers: claimers, claimSeconds: claimSeconds,
                      claimedTwice: all.count - Set(all).count, claimsNotOnce: Int(notOnce) ?? -1,
                      storeSeconds: storeSeconds, cyclePages: cyclePages,
                      claimMilliseconds: 1000 * Self.median(claimTimes.withLock { $0 }),
                      storeMilliseconds: 1000 * Self.median(storeTimes.withLock { $0 }))
    }

    /// Queues `files` synthetic files of ten pages each, from eight threads.
    private func enqueue(files: Int, prefix: String, runID: Int64) throws {
        let stores = try (0..<8).map { try PostgresArchive(url: url, claimant: "bench-queue:\($0)") }
        try Self.onThreads(8) { i in
            for n in stride(from: i, to: files, by: 8) {
                _ = try stores[i].enqueue(JobFile(sha256: "\(prefix)\(n)", source: "/bench/\(prefix)\(n).pdf", format: .pdf,
                                                  byteCount: 1000, pageCount: Self.pagesPerFile), runID: runID)
            }
        }
    }

    static func outcome(_ page: Int) -> PageOutcome {
        PageOutcome(page: page, type: .enterpriseQualification, origin: .ocr,
                    fields: ["certificate_number": ExtractedField(value: "D221012345", raw: "D221012345", confidence: 95)],
                    problems: [], flags: [], thumbnailPNG: nil, text: "建筑业企业资质证书")
    }

    /// Runs `body` on `count` threads of their own (not the dispatch pool, which runs one per core) and waits.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let group = DispatchGroup()
        let failure = Mutex<(any Error)?>(nil)
        for i in 0..<count {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do { try body(i) } catch { failure.withLock { $0 = $0 ?? error } }
            }
        }
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
