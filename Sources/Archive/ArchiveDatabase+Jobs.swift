import Foundation
import GRDB
import IngestCore

/// A file taken in, with the pages still to read. Jobs live in the archive, so a run that is stopped or killed
/// leaves them for the next run, which reads only the pages not yet stored.
public struct QueuedJob: Sendable {
    public var id: Int64
    public var sha256: String
    public var source: String
    public var format: InputFormat?
    public var byteCount: Int
    public var pageCount: Int
    /// 1-based page numbers not yet read.
    public var remainingPages: [Int]

    package init(id: Int64, sha256: String, source: String, format: InputFormat?, byteCount: Int, pageCount: Int,
                 remainingPages: [Int]) {
        self.id = id; self.sha256 = sha256; self.source = source; self.format = format; self.byteCount = byteCount
        self.pageCount = pageCount; self.remainingPages = remainingPages
    }
}

/// A file examined at intake: its content hash and how many pages it holds.
public struct JobFile: Sendable {
    public var sha256: String
    public var source: String
    public var format: InputFormat?
    public var byteCount: Int
    public var pageCount: Int

    public init(sha256: String, source: String, format: InputFormat?, byteCount: Int, pageCount: Int) {
        self.sha256 = sha256; self.source = source; self.format = format; self.byteCount = byteCount
        self.pageCount = pageCount
    }
}

extension ArchiveDatabase {
    /// Pages a killed run left marked running are queued again. Call only while holding the archive's lock:
    /// then no other run can be reading them.
    @discardableResult
    public func requeueInterruptedPages() throws -> Int {
        try writer.write { db in
            let pages = try PageJobRecord.filter(PageJobRecord.Columns.state == JobState.running)
                .updateAll(db, PageJobRecord.Columns.state.set(to: JobState.queued))
            try JobRecord.filter(JobRecord.Columns.state == JobState.running)
                .updateAll(db, JobRecord.Columns.state.set(to: JobState.queued))
            return pages
        }
    }

    /// The unfinished job for this content, if an earlier run left one (queued, running, or failed because its
    /// file had gone).
    public func unfinishedJob(sha256: String) throws -> QueuedJob? {
        try writer.read { db in
            try JobRecord.filter(JobRecord.Columns.sha256 == sha256 && JobRecord.Columns.state != JobState.done)
                .fetchOne(db).map { try Self.queuedJob(db, $0) }
        }
    }

    /// Every unfinished job, oldest first.
    public func unfinishedJobs() throws -> [QueuedJob] {
        try writer.read { db in
            try JobRecord.filter([JobState.queued, JobState.running].contains(JobRecord.Columns.state))
                .order(JobRecord.Columns.id).fetchAll(db).map { try Self.queuedJob(db, $0) }
        }
    }

    /// Queues a new file with one page job per page, or takes up the unfinished job for the same content
    /// (a renamed or re-copied file: the job follows its new path). Pages already read are kept.
    public func enqueue(_ file: JobFile, runID: Int64) throws -> QueuedJob {
        try writer.write { db in
            if var job = try JobRecord.filter(JobRecord.Columns.sha256 == file.sha256).fetchOne(db) {
                job.source = file.source
                job.state = .queued
                job.reason = nil
                try job.update(db, columns: [JobRecord.Columns.source, JobRecord.Columns.state, JobRecord.Columns.reason])
                return try Self.queuedJob(db, job)
            }
            var job = JobRecord(id: nil, sha256: file.sha256, source: file.source, format: file.format?.rawValue,
                                byteCount: file.byteCount, pageCount: file.pageCount, state: .queued, reason: nil,
                                runID: runID, queuedAt: Self.now(), finishedAt: nil)
            try job.insert(db)
            guard let id = job.id else { throw DatabaseError(message: "a job was stored without an id") }
            let pages = Array(1...max(1, file.pageCount))
            for page in pages {
                try PageJobRecord(jobID: id, page: page, state: .queued, outcome: nil, thumbnail: nil, seconds: nil)
                    .insert(db)
            }
            return QueuedJob(id: id, sha256: file.sha256, source: file.source, format: file.format,
                             byteCount: file.byteCount, pageCount: file.pageCount, remainingPages: pages)
        }
    }

    /// Marks a job whose file is no longer where it was queued: it stays unfinished and is taken up again when
    /// the same content is handed in.
    public func setAside(jobID: Int64, reason: String) throws {
        try writer.write { db in
            _ = try JobRecord.filter(key: jobID).updateAll(db, JobRecord.Columns.state.set(to: JobState.failed),
                                                           JobRecord.Columns.reason.set(to: reason))
        }
    }

    public func markRunning(jobID: Int64, page: Int) throws {
        try writer.write { db in
            _ = try PageJobRecord.filter(key: [PageJobRecord.Columns.jobID.name: jobID, PageJobRecord.Columns.page.name: page])
                .updateAll(db, PageJobRecord.Columns.state.set(to: JobState.running))
            _ = try JobRecord.filter(key: jobID).filter(JobRecord.Columns.state == JobState.queued)
                .updateAll(db, JobRecord.Columns.state.set(to: JobState.running))
        }
    }

    /// Stores one read page: its items (one, or one per card scanned on it). When it was the job's last page, the
    /// whole input and its items are committed to the archive in the same transaction and returned; the job's
    /// stored pages are then dropped.
    public func completePage(jobID: Int64, page: Int, items: [PageOutcome], seconds: Double,
                             runID: Int64) throws -> InputOutcome? {
        try writer.write { db in
            // A job another worker failed meanwhile is already committed: this page is not wanted any more.
            guard try JobState.of(jobID, in: db)?.isOpen == true else { return nil }
            try PageJobRecord(jobID: jobID, page: page, state: .done,
                              outcome: try StoredPage.encode(items, seal: sealer.seal), thumbnail: nil, seconds: seconds)
                .update(db)
            let left = try PageJobRecord.of(jobID).filter(PageJobRecord.Columns.state != JobState.done).fetchCount(db)
            guard left == 0 else { return nil }
            return try finish(db, jobID: jobID, failure: nil, runID: runID)
        }
    }

    /// The file as a whole could not be read: it is committed as failed, with the pages read before the failure.
    public func failJob(jobID: Int64, problem: Problem, runID: Int64) throws -> InputOutcome? {
        try writer.write { db in
            guard try JobState.of(jobID, in: db)?.isOpen == true else { return nil }
            return try finish(db, jobID: jobID, failure: problem, runID: runID)
        }
    }

    private func finish(_ db: Database, jobID: Int64, failure: Problem?, runID: Int64) throws -> InputOutcome {
        guard var job = try JobRecord.fetchOne(db, key: jobID) else {
            throw DatabaseError(message: "no job \(jobID)")
        }
        let done = try PageJobRecord.of(jobID).filter(PageJobRecord.Columns.state == JobState.done)
            .order(PageJobRecord.Columns.page).fetchAll(db)
        let pages = try done.flatMap { page in
            guard let outcome = page.outcome else { throw DatabaseError(message: "job \(jobID) page \(page.page) kept no outcome") }
            return try StoredPage.decode(outcome, legacyThumbnail: page.thumbnail).map(sealer.open)
        }
        let outcome = InputOutcome(
            source: job.source, sha256: job.sha256, format: job.format.flatMap(InputFormat.init),
            byteCount: job.byteCount, pages: pages, failure: failure,
            seconds: done.reduce(0) { $0 + ($1.seconds ?? 0) })
        try insertInput(db, outcome, runID: runID)
        try PageJobRecord.of(jobID).deleteAll(db)
        job.state = failure == nil ? .done : .failed
        job.reason = failure?.message
        job.finishedAt = Self.now()
        try job.update(db, columns: [JobRecord.Columns.state, JobRecord.Columns.reason, JobRecord.Columns.finishedAt])
        return outcome
    }

    private static func queuedJob(_ db: Database, _ job: JobRecord) throws -> QueuedJob {
        guard let id = job.id else { throw DatabaseError(message: "a job was read without its id") }
        let remaining = try PageJobRecord.of(id).filter(PageJobRecord.Columns.state != JobState.done)
            .order(PageJobRecord.Columns.page).select(PageJobRecord.Columns.page, as: Int.self).fetchAll(db)
        return QueuedJob(id: id, sha256: job.sha256, source: job.source, format: job.format.flatMap(InputFormat.init),
                         byteCount: job.byteCount, pageCount: job.pageCount, remainingPages: remaining)
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
