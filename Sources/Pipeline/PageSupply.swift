import Archive
import Foundation
import Logging
import Synchronization

/// Where a run's workers take their next page from.
protocol PageSupply: Sendable {
    /// Pages to read when the run began (a shared queue's: every process's).
    var count: Int { get }
    /// The next page to read; nil when none is left (or the supply failed: see `rethrow`).
    func next() -> (job: QueuedJob, page: Int)?
    /// The supply's first failure, if it had one.
    func rethrow() throws
}

/// The run's pages in queue order, handed out one at a time to whichever worker asks: pages of one PDF spread
/// over the workers. The SQLite archive's run holds the archive's lock, so these pages are its alone.
final class PageQueue: PageSupply {
    private let pages: [(job: QueuedJob, page: Int)]
    private let nextIndex = Mutex(0)

    init(_ jobs: [QueuedJob]) {
        pages = jobs.flatMap { job in job.remainingPages.map { (job: job, page: $0) } }
    }

    var count: Int { pages.count }

    func next() -> (job: QueuedJob, page: Int)? {
        let index = nextIndex.withLock { i -> Int in defer { i += 1 }; return i }
        return index < pages.count ? pages[index] : nil
    }

    func rethrow() throws {}
}

/// Pages claimed one at a time from a queue other processes share (PostgreSQL): each worker asks the database
/// for its next page, so machines split the work between them as fast as each reads.
///
/// When nothing is queued but pages are still being read elsewhere, a worker waits and asks again: a page whose
/// process died comes back once its lease runs out, and this worker reads it. So a run ends only when the queue is
/// empty, and a machine killed mid-run costs the others one lease's wait, not its pages.
final class SharedPages: PageSupply {
    private let queue: any SharedWorkQueue
    private let shouldStop: @Sendable () -> Bool
    private let failure = Mutex<(any Error)?>(nil)
    let count: Int

    init(_ queue: any SharedWorkQueue, shouldStop: @escaping @Sendable () -> Bool) throws {
        self.queue = queue
        self.shouldStop = shouldStop
        count = try queue.pagesWaiting()
    }

    func next() -> (job: QueuedJob, page: Int)? {
        let pause = min(0.25, max(0.05, queue.lease / 20))
        while failure.withLock({ $0 == nil }), !shouldStop() {
            do {
                if let claimed = try queue.claimPage() { return (claimed.job, claimed.page) }
                guard try queue.pagesWaiting() > 0 else { return nil }
                Thread.sleep(forTimeInterval: pause)
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        return nil
    }

    func rethrow() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}

/// Renews this process's claims on a shared queue every third of a lease while its workers read, so a page that
/// takes long keeps its claim and only a dead process's run out.
final class LeaseRenewer: Sendable {
    private let stopped = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    init(_ queue: any SharedWorkQueue, logger: Logger) {
        let interval = max(0.2, queue.lease / 3)
        let thread = Thread { [self] in
            defer { done.signal() }
            var next = Date().addingTimeInterval(interval)
            while !stopped.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: 0.1)
                guard Date() >= next else { continue }
                next = Date().addingTimeInterval(interval)
                do {
                    try queue.renewLeases()
                } catch {
                    logger.warning("could not renew this process's page claims; another machine may take them",
                                   metadata: ["reason": "\(error)"])
                }
            }
        }
        thread.start()
    }

    func stop() {
        guard stopped.withLock({ s in defer { s = true }; return !s }) else { return }
        done.wait()
    }
}
