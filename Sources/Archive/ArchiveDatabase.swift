import Foundation
import GRDB
import IngestCore

/// The SQLite archive: accepted certificates, the review queue and failed inputs, in one database.
/// Every input file is written in one transaction, so a crash never leaves half a file.
public struct ArchiveDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Seals personal numbers on the way in and opens them on the way out, when the archive encrypts them.
    let sealer: PersonalDataSealer

    /// Opens (creating if needed) the archive at `path`, in WAL mode, and brings its schema up to date. `key`: the
    /// key of an archive whose personal numbers are encrypted; without it they read as their masks and cannot be
    /// changed. A key that is not the archive's is refused.
    /// `readOnly`: for commands that only read (export, verify, listing, reports, backup): nothing is written
    /// when it opens, so an archive on a read-only mount, made immutable or another user's 0444 file still reads.
    /// Its schema must be current (a command that writes brings it up to date).
    public init(path: String, key: PersonalDataKey? = nil, readOnly: Bool = false) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        guard readOnly else {
            // A new archive opened by another process at the same moment may hold its lock while it turns on WAL.
            let pool = try Self.retrying { try DatabasePool(path: path, configuration: config) }
            try self.init(writer: pool, key: key)
            return
        }
        config.readonly = true
        // A WAL archive is read without its -shm when that cannot be made: as immutable, its last checkpoint.
        let queue: DatabaseQueue
        if let direct = try? DatabaseQueue(path: path, configuration: config) {
            queue = direct
        } else {
            queue = try DatabaseQueue(path: "file:\(Self.uriPath(path))?immutable=1", configuration: config)
        }
        try self.init(reading: queue, key: key)
    }

    /// A path as an SQLite URI writes it.
    static func uriPath(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
    }

    /// A read-only archive: its schema checked, never migrated.
    private init(reading queue: DatabaseQueue, key: PersonalDataKey?) throws {
        writer = queue
        let current = try queue.read { try Self.migrator.hasCompletedMigrations($0) }
        guard current else { throw ReadOnlyArchiveError.schemaOutOfDate }
        let check = try queue.read { try String.fetchOne($0, sql: "SELECT key_check FROM personal_data WHERE id = 1") }
        sealer = try PersonalDataSealer.forArchive(check: check, key: key)
    }

    /// `open` tried up to five times, a little longer apart each time, for the moments two processes open one
    /// new archive together.
    static func retrying<T>(_ open: () throws -> T) throws -> T {
        for attempt in 1..<5 {
            if let opened = try? open() { return opened }
            Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
        }
        return try open()
    }

    /// Why an archive opened for reading cannot be read as it is.
    public enum ReadOnlyArchiveError: Error, CustomStringConvertible {
        case schemaOutOfDate
        public var description: String {
            "the archive was written by an older certarchive and cannot be brought up to date while it is read-only: "
                + "run a command that writes (certarchive ingest) once where it may be written"
        }
    }

    /// An archive that lives in memory, for tests.
    public static func inMemory(key: PersonalDataKey? = nil) throws -> ArchiveDatabase {
        try ArchiveDatabase(writer: DatabaseQueue(), key: key)
    }

    init(writer: any DatabaseWriter, key: PersonalDataKey? = nil) throws {
        self.writer = writer
        // Another process opening the same new archive at the same moment (an `export` polling a first `ingest`)
        // may apply a migration between this one's look at what was applied and its own transaction, which then
        // fails and rolls back: looked at again, only what is still missing is applied.
        try Self.retrying { try Self.migrator.migrate(writer) }
        let check = try writer.read { try String.fetchOne($0, sql: "SELECT key_check FROM personal_data WHERE id = 1") }
        sealer = try PersonalDataSealer.forArchive(check: check, key: key)
    }

    /// A failure of the archive said in plain words: SQLite's "database or disk is full" (SQLITE_FULL) names the
    /// disk and what to do — nothing of the failed transaction was written, and a rerun resumes once there is
    /// space. Other errors as they describe themselves.
    public static func plainWords(_ error: any Error, archivePath: String) -> String {
        guard (error as? DatabaseError)?.resultCode == .SQLITE_FULL else { return "\(error)" }
        let folder = URL(fileURLWithPath: archivePath).standardizedFileURL.deletingLastPathComponent().path
        return "the disk holding the archive (\(folder)) is full. Everything committed is kept and consistent: free "
            + "some space there and run the same command again, and it resumes where it stopped"
    }

    /// Whether the archive encrypts its personal numbers at rest.
    public var encryptsPersonalData: Bool { sealer.encrypted }
    /// Whether personal numbers can be read whole and written: not encrypted, or encrypted and its key given.
    public var hasPersonalDataKey: Bool { !sealer.encrypted || sealer.key != nil }

    // MARK: known names

    /// Company names the archive holds on accepted items (a company's holder name or a 安管人员's company), read
    /// or corrected and checked already: a reading that equals one is no chance match.
    public func knownCompanyNames() throws -> Set<String> {
        try writer.read { db in
            let names = try String.fetchAll(db, sql: """
                SELECT json_extract(fields, '$.holder') FROM items
                    WHERE status = 'accepted' AND json_extract(fields, '$.holder') IS NOT NULL
                UNION
                SELECT json_extract(fields, '$.company') FROM items
                    WHERE status = 'accepted' AND json_extract(fields, '$.company') IS NOT NULL
                """)
            // Personal names are left out: two people may share one, and a short name matches by chance.
            return Set(names.filter { $0.count >= 6 })
        }
    }

    // MARK: inputs

    /// What the archive already holds for a file with this content, if anything.
    public func knownInput(sha256: String) throws -> KnownInput? {
        try writer.read { db in
            try KnownInput.fetchOne(db, sql: "SELECT source, status, run_id FROM inputs WHERE sha256 = ?",
                                    arguments: [sha256])
        }
    }

    /// Records one input with all its items in a single transaction. Returns false, writing nothing, when a
    /// file with the same content is already in the archive.
    @discardableResult
    public func record(_ outcome: InputOutcome, runID: Int64) throws -> Bool {
        try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM inputs WHERE sha256 = ?", arguments: [outcome.sha256]) == true {
                return false
            }
            try insertInput(db, outcome, runID: runID)
            return true
        }
    }

    func insertInput(_ db: Database, _ outcome: InputOutcome, runID: Int64) throws {
        try db.execute(sql: """
            INSERT INTO inputs (sha256, source, format, byte_count, page_count, status, reason, run_id, seconds, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [outcome.sha256, outcome.source, outcome.format?.rawValue, outcome.byteCount,
                             outcome.pageCount, outcome.failure == nil ? "read" : "failed",
                             outcome.failure?.message, runID, outcome.seconds,
                             URL(fileURLWithPath: outcome.source).standardizedFileURL.path])
        let inputID = db.lastInsertedRowID
        for page in outcome.pages {
            try insertItem(db, inputID: inputID, runID: runID, source: outcome.source, page: page)
        }
        if let failure = outcome.failure {
            try insertFailedItem(db, inputID: inputID, runID: runID, source: outcome.source, problem: failure)
        }
    }

    private func insertItem(_ db: Database, inputID: Int64, runID: Int64, source: String, page read: PageOutcome) throws {
        let page = try sealer.seal(read)
        let status = page.status
        try ItemRecord(sealed: page, inputID: inputID, runID: runID, source: source).insert(db)
        let itemID = db.lastInsertedRowID
        for problem in page.problems {
            try insertProblem(db, itemID: itemID, problem: problem)
        }
        let verdict = status == .accepted ? "accepted" : "sent to review: " + page.problems.map(\.rule).joined(separator: ", ")
        try AuditEvent(itemID: itemID, actor: EventActor.ingest.text, action: .created, newValue: status.rawValue,
                       reason: "run \(runID): \(verdict)").append(to: db)
        for (field, value) in page.fields.sorted(by: { $0.key < $1.key }) {
            for correction in value.corrections ?? [] {
                try AuditEvent(itemID: itemID, actor: EventActor.ingest.text, action: .corrected, field: field,
                               oldValue: correction.from, newValue: correction.to, reason: correction.reason).append(to: db)
            }
        }
    }

    private func insertFailedItem(_ db: Database, inputID: Int64, runID: Int64, source: String,
                                  problem: Problem) throws {
        try ItemRecord(failedFileOf: inputID, runID: runID, source: source).insert(db)
        let itemID = db.lastInsertedRowID
        try insertProblem(db, itemID: itemID, problem: problem)
        try AuditEvent(itemID: itemID, actor: EventActor.ingest.text, action: .created, newValue: ItemStatus.failed.rawValue,
                       reason: "run \(runID): failed: \(problem.message)").append(to: db)
    }

    func insertProblem(_ db: Database, itemID: Int64, problem: Problem) throws {
        try ProblemRecord(problem, of: itemID).insert(db)
    }

    // MARK: runs

    public func beginRun(asOf: String, arguments: String) throws -> Int64 {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO runs (started_at, as_of, arguments) VALUES (?, ?, ?)",
                           arguments: [ISO8601DateFormatter().string(from: Date()), asOf, arguments])
            return db.lastInsertedRowID
        }
    }

    /// Forgets a run that found nothing to do (a watched folder looked at again with only files still being
    /// written), so that polling does not fill the runs table.
    public func discardRun(_ id: Int64) throws {
        try writer.write { db in
            try db.execute(sql: """
                DELETE FROM runs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM inputs WHERE run_id = ?)
                    AND NOT EXISTS (SELECT 1 FROM items WHERE run_id = ?) AND NOT EXISTS (SELECT 1 FROM jobs WHERE run_id = ?)
                """, arguments: [id, id, id, id])
        }
    }

    public func finishRun(_ id: Int64, summary: RunSummary, stopped: Bool = false) throws {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE runs SET finished_at = ?, inputs = ?, skipped = ?, pages = ?, accepted = ?, review = ?,
                                failed = ?, seconds = ?, stopped = ? WHERE id = ?
                """, arguments: [ISO8601DateFormatter().string(from: Date()), summary.inputs, summary.skipped,
                                 summary.pages, summary.accepted, summary.review, summary.failed, summary.seconds,
                                 stopped, id])
        }
    }
}

/// An input the archive already holds.
public struct KnownInput: FetchableRecord, Decodable, Sendable {
    public var source: String
    public var status: String
    public var runID: Int64

    package init(source: String, status: String, runID: Int64) {
        self.source = source; self.status = status; self.runID = runID
    }

    enum CodingKeys: String, CodingKey {
        case source, status
        case runID = "run_id"
    }
}

/// Counts of one run.
public struct RunSummary: Sendable, Equatable {
    public var inputs = 0, skipped = 0, pages = 0, accepted = 0, review = 0, failed = 0
    public var seconds = 0.0
    /// Files left for a later run because they were still being written (not stored).
    public var waiting = 0

    public init() {}
}

package enum JSONText {
    package static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONOutput.encoder().encode(value), as: UTF8.self)
    }

    package static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// Where an input ended up, for the drop folder: every item accepted, or reasons a person must look.
public struct InputDisposition: Sendable, Equatable {
    public var allAccepted: Bool
    /// One line per item not accepted: its page, its status and its problems.
    public var reasons: [String]

    package init(allAccepted: Bool, reasons: [String]) {
        self.allAccepted = allAccepted; self.reasons = reasons
    }
}

extension InputDisposition {
    /// The disposition of an input as it is committed, from its outcome: what `disposition(sha256:)` reads back
    /// while no reviewer has decided any of its items.
    public init(_ outcome: InputOutcome) {
        var reasons: [String] = []
        if let failure = outcome.failure { reasons.append("file: failed — \(failure.rule): \(failure.message)") }
        let waiting = outcome.pages.enumerated().filter { $0.element.status != .accepted }
            .sorted { ($0.element.page, $0.offset) < ($1.element.page, $1.offset) }.map(\.element)
        for page in waiting {
            reasons.append("page \(page.page): \(page.status.rawValue) — "
                + page.problems.map { "\($0.rule): \($0.message)" }.joined(separator: "; "))
        }
        self.init(allAccepted: reasons.isEmpty, reasons: reasons)
    }
}

extension ArchiveDatabase {
    /// The disposition of an input in the archive now (its items as reviewers left them); nil when it holds none.
    public func disposition(sha256: String) throws -> InputDisposition? {
        try writer.read { db in
            guard let inputID = try Int64.fetchOne(db, sql: "SELECT id FROM inputs WHERE sha256 = ?",
                                                   arguments: [sha256]) else { return nil }
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.page, i.status, group_concat(p.rule || ': ' || p.message, '; ') AS problems
                FROM items i LEFT JOIN problems p ON p.item_id = i.id
                WHERE i.input_id = ? AND i.status != 'accepted' GROUP BY i.id ORDER BY i.page
                """, arguments: [inputID])
            let reasons = rows.map { row -> String in
                let page = (row["page"] as Int?).map { "page \($0)" } ?? "file"
                return "\(page): \(row["status"] as String) — \(row["problems"] as String? ?? "")"
            }
            return InputDisposition(allAccepted: reasons.isEmpty, reasons: reasons)
        }
    }
}
