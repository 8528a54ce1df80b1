import Archive
import Foundation
import IngestCore
import Logging
import Synchronization

/// The run's one writer to the archive. Workers hand it the pages they read, in any order, and go on reading; it
/// stores them one at a time on its own queue, keeps the run's tally, reports progress and tells the observer of
/// every input whose records it committed. Its backlog is bounded: a worker handing a page waits while the
/// writer is that many pages behind, so a slow disk holds the workers back instead of filling memory.
final class RunWriter: Sendable {
    private let archive: any IngestArchive
    private let runID: Int64
    private let observer: RunObserver
    private let logger: Logger
    private let pagesTotal: Int
    private let started: Date
    private let queue = DispatchQueue(label: "certarchive.run-writer")
    private let backlog: DispatchSemaphore
    private let state: Mutex<State>

    private struct State {
        var summary: RunSummary
        var pagesDone = 0
        /// Jobs committed as failed whole: their other pages are not read.
        var failedJobs: Set<Int64> = []
        /// Inputs committed by this run, by content.
        var committed: [String: InputDisposition] = [:]
        var error: (any Error)?
    }

    init(archive: any IngestArchive, runID: Int64, summary: RunSummary, pagesTotal: Int, backlog: Int,
         started: Date, observer: RunObserver, logger: Logger) {
        self.archive = archive; self.runID = runID; self.pagesTotal = pagesTotal; self.started = started
        self.observer = observer; self.logger = logger
        self.backlog = DispatchSemaphore(value: max(1, backlog))
        state = Mutex(State(summary: summary))
    }

    /// The first error the archive gave: the run stops taking pages and throws it.
    var hasFailed: Bool { state.withLock { $0.error != nil } }

    func isFailed(jobID: Int64) -> Bool { state.withLock { $0.failedJobs.contains(jobID) } }

    /// The page is being read (an interrupted run's `running` pages are queued again by the next).
    func claim(page: Int, of job: QueuedJob) {
        write { [archive] in try archive.markRunning(jobID: job.id, page: page) }
    }

    /// Stores one read page; commits its file when it was the last page (or failed the file whole).
    func store(_ reading: PageProcessor.PageReading, page: Int, of job: QueuedJob, started pageStarted: Date) {
        let seconds = Date().timeIntervalSince(pageStarted)
        write { [self] in
            let finished: InputOutcome?
            switch reading {
            case let .items(items):
                finished = try archive.completePage(jobID: job.id, page: page, items: items, seconds: seconds, runID: runID)
            case let .fileFailed(problem):
                state.withLock { _ = $0.failedJobs.insert(job.id) }
                finished = try archive.failJob(jobID: job.id, problem: problem, runID: runID)
            }
            let done = state.withLock { s -> Int in s.pagesDone += 1; return s.pagesDone }
            observer.progress(RunProgress(pagesDone: done, pagesTotal: pagesTotal,
                                          elapsed: Date().timeIntervalSince(started)))
            guard let finished else { return }
            let disposition = InputDisposition(finished)
            state.withLock { $0.summary.add(finished); $0.committed[finished.sha256] = disposition }
            log(finished)
            observer.inputSettled(SettledInput(source: finished.source, sha256: finished.sha256,
                                               disposition: disposition))
        }
    }

    /// Waits for every page handed over to be stored; throws the archive's first error.
    func finish() throws -> (summary: RunSummary, pagesDone: Int, committed: [String: InputDisposition]) {
        queue.sync {}
        return try state.withLock { s in
            if let error = s.error { throw error }
            return (s.summary, s.pagesDone, s.committed)
        }
    }

    private func write(_ body: @escaping @Sendable () throws -> Void) {
        backlog.wait()
        queue.async { [self] in
            defer { backlog.signal() }
            guard !hasFailed else { return }
            do {
                try body()
            } catch {
                state.withLock { $0.error = $0.error ?? error }
            }
        }
    }

    private func log(_ outcome: InputOutcome) {
        var metadata: Logger.Metadata = ["source": "\(outcome.source)",
                                         "seconds": "\(String(format: "%.2f", outcome.seconds))"]
        if let failure = outcome.failure {
            metadata["reason"] = "\(failure.message)"
            logger.warning("failed", metadata: metadata)
            return
        }
        metadata["pages"] = "\(outcome.pageCount)"
        metadata["statuses"] = "\(outcome.pages.map { "\($0.page):\($0.type.rawValue):\($0.status.rawValue)" }.joined(separator: " "))"
        logger.info("read", metadata: metadata)
    }
}

extension RunSummary {
    mutating func add(_ outcome: InputOutcome) {
        pages += outcome.pageCount
        for page in outcome.pages {
            switch page.status {
            case .accepted: accepted += 1
            case .review: review += 1
            case .failed: failed += 1
            }
        }
        if outcome.failure != nil { failed += 1 }
    }
}
