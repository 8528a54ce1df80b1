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
            try db.execute(sql: "UPDATE page_jobs SET state = 'queued' WHERE state = 'running'")
            let pages = db.changesCount
            try db.execute(sql: "UPDATE jobs SET state = 'queued' WHERE state = 'running'")
            return pages
        }
    }

    /// The unfinished job for this content, if an earlier run left one (queued, running, or failed because its
    /// file had gone).
    public func unfinishedJob(sha256: String) throws -> QueuedJob? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE sha256 = ? AND state != 'done'",
                                             arguments: [sha256]) else { return nil }
            return try Self.queuedJob(db, row)
        }
    }

    /// Every unfinished job, oldest first.
    public func unfinishedJobs() throws -> [QueuedJob] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE state IN ('queued', 'running') ORDER BY id")
                .map { try Self.queuedJob(db, $0) }
        }
    }

    /// Queues a new file with one page job per page, or takes up the unfinished job for the same content
    /// (a renamed or re-copied file: the job follows its new path). Pages already read are kept.
    public func enqueue(_ file: JobFile, runID: Int64) throws -> QueuedJob {
        try writer.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE sha256 = ?", arguments: [file.sha256]) {
                try db.execute(sql: "UPDATE jobs SET source = ?, state = 'queued', reason = NULL WHERE id = ?",
                               arguments: [file.source, row["id"] as Int64])
                var job = try Self.queuedJob(db, row)
                job.source = file.source
                return job
            }
            try db.execute(sql: """
                INSERT INTO jobs (sha256, source, format, byte_count, page_count, state, run_id, queued_at)
                VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)
                """, arguments: [file.sha256, file.source, file.format?.rawValue, file.byteCount, file.pageCount,
                                 runID, Self.now()])
            let id = db.lastInsertedRowID
            for page in 1...max(1, file.pageCount) {
                try db.execute(sql: "INSERT INTO page_jobs (job_id, page, state) VALUES (?, ?, 'queued')",
                               arguments: [id, page])
            }
            return QueuedJob(id: id, sha256: file.sha256, source: file.source, format: file.format,
                             byteCount: file.byteCount, pageCount: file.pageCount,
                             remainingPages: Array(1...max(1, file.pageCount)))
        }
    }

    /// Marks a job whose file is no longer where it was queued: it stays unfinished and is taken up again when
    /// the same content is handed in.
    public func setAside(jobID: Int64, reason: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE jobs SET state = 'failed', reason = ? WHERE id = ?", arguments: [reason, jobID])
        }
    }

    public func markRunning(jobID: Int64, page: Int) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE page_jobs SET state = 'running' WHERE job_id = ? AND page = ?",
                           arguments: [jobID, page])
            try db.execute(sql: "UPDATE jobs SET state = 'running' WHERE id = ? AND state = 'queued'",
                           arguments: [jobID])
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
            try db.execute(sql: """
                UPDATE page_jobs SET state = 'done', outcome = ?, thumbnail = NULL, seconds = ? WHERE job_id = ? AND page = ?
                """, arguments: [try StoredPage.encode(items, seal: sealer.seal), seconds, jobID, page])
            let left = try Int.fetchOne(db, sql: "SELECT count(*) FROM page_jobs WHERE job_id = ? AND state != 'done'",
                                        arguments: [jobID]) ?? 0
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
        guard let job = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [jobID]) else {
            throw DatabaseError(message: "no job \(jobID)")
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT outcome, thumbnail, seconds FROM page_jobs WHERE job_id = ? AND state = 'done' ORDER BY page
            """, arguments: [jobID])
        let pages = try rows.flatMap { row in
            try StoredPage.decode(row["outcome"], legacyThumbnail: row["thumbnail"]).map(sealer.open)
        }
        let outcome = InputOutcome(
            source: job["source"], sha256: job["sha256"], format: (job["format"] as String?).flatMap(InputFormat.init),
            byteCount: job["byte_count"], pages: pages, failure: failure,
            seconds: rows.reduce(0) { $0 + ($1["seconds"] as Double? ?? 0) })
        try insertInput(db, outcome, runID: runID)
        try db.execute(sql: "DELETE FROM page_jobs WHERE job_id = ?", arguments: [jobID])
        try db.execute(sql: "UPDATE jobs SET state = ?, reason = ?, finished_at = ? WHERE id = ?",
                       arguments: [(failure == nil ? JobState.done : .failed).rawValue, failure?.message, Self.now(), jobID])
        return outcome
    }

    private static func queuedJob(_ db: Database, _ row: Row) throws -> QueuedJob {
        let id: Int64 = row["id"]
        let remaining = try Int.fetchAll(db, sql: """
            SELECT page FROM page_jobs WHERE job_id = ? AND state != 'done' ORDER BY page
            """, arguments: [id])
        return QueuedJob(id: id, sha256: row["sha256"], source: row["source"],
                         format: (row["format"] as String?).flatMap(InputFormat.init), byteCount: row["byte_count"],
                         pageCount: row["page_count"], remainingPages: remaining)
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

/// Where an input file's job stands in the queue (the `state` column of `jobs` and `page_jobs`).
enum JobState: String {
    case queued, running, done, failed

    /// Still to be finished: its pages may be read and completed.
    var isOpen: Bool { self == .queued || self == .running }

    static func of(_ jobID: Int64, in db: Database) throws -> JobState? {
        try String.fetchOne(db, sql: "SELECT state FROM jobs WHERE id = ?", arguments: [jobID]).flatMap(JobState.init)
    }
}
