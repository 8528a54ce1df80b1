import Foundation
import GRDB
import IngestCore

/// Where an input file's job stands in the queue (the `state` column of `jobs` and `page_jobs`).
enum JobState: String, Codable, DatabaseValueConvertible {
    case queued, running, done, failed

    /// Still to be finished: its pages may be read and completed.
    var isOpen: Bool { self == .queued || self == .running }

    static func of(_ jobID: Int64, in db: Database) throws -> JobState? {
        try JobRecord.fetchOne(db, key: jobID)?.state
    }
}

/// A row of `jobs`: one input file taken in, until its items are committed.
struct JobRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "jobs"

    var id: Int64?
    var sha256: String
    var source: String
    var format: String?
    var byteCount: Int
    var pageCount: Int
    var state: JobState
    var reason: String?
    var runID: Int64
    var queuedAt: String
    var finishedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, sha256, source, format, state, reason
        case byteCount = "byte_count", pageCount = "page_count", runID = "run_id", queuedAt = "queued_at"
        case finishedAt = "finished_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sha256 = Column(CodingKeys.sha256)
        static let source = Column(CodingKeys.source)
        static let state = Column(CodingKeys.state)
        static let reason = Column(CodingKeys.reason)
        static let finishedAt = Column(CodingKeys.finishedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of `page_jobs`: one page of a job; a read page keeps its outcome here until its file is committed.
struct PageJobRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "page_jobs"

    var jobID: Int64
    var page: Int
    var state: JobState
    /// The page's items as JSON, sealed, without their thumbnails (`StoredPage`).
    var outcome: String?
    /// Only in queues written before thumbnails travelled inside `outcome`.
    var thumbnail: Data?
    var seconds: Double?

    enum CodingKeys: String, CodingKey {
        case page, state, outcome, thumbnail, seconds
        case jobID = "job_id"
    }

    enum Columns {
        static let jobID = Column(CodingKeys.jobID)
        static let page = Column(CodingKeys.page)
        static let state = Column(CodingKeys.state)
        static let outcome = Column(CodingKeys.outcome)
        static let thumbnail = Column(CodingKeys.thumbnail)
        static let seconds = Column(CodingKeys.seconds)
    }

    /// The pages of one job.
    static func of(_ jobID: Int64) -> QueryInterfaceRequest<PageJobRecord> {
        filter(Columns.jobID == jobID)
    }
}
