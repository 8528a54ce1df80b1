import Archive
import Foundation
import IngestCore
import PostgresNIO
import Synchronization

/// The archive in PostgreSQL: the same records, audit chain and job queue as the SQLite archive, shared by any
/// number of certarchive processes on any number of machines. The database is the queue: pages are claimed under
/// a lease, and a file's items are committed by whichever process stores its last page.
public struct PostgresArchive: Sendable {
    let connections: PostgresConnections
    /// Seals personal numbers on the way in, as the SQLite archive does.
    let sealer: PersonalDataSealer
    /// The archive's key check when this process opened it: a rekey since makes this process's key stale.
    let keyCheck: String?
    public let location: PostgresLocation
    /// This process, as its claims and runs name it: `host:pid`.
    public let claimant: String
    /// How long a claimed page stays this process's without a renewal.
    public let lease: TimeInterval
    /// When this process last looked for pages whose lease ran out.
    let leaseWatch = IntervalWatch()

    /// Opens the archive at `url`, bringing its schema up to date. `key` as for the SQLite archive.
    public init(url: String, key: PersonalDataKey? = nil, lease: TimeInterval = 60,
                claimant: String = PostgresArchive.thisProcess) throws {
        location = try PostgresLocation(url: url)
        connections = PostgresConnections(location)
        self.lease = lease
        self.claimant = claimant
        try PostgresSchema.migrate(connections)
        let check = try connections.withSession {
            try $0.value("SELECT key_check FROM personal_data WHERE id = 1", as: String.self)
        }
        sealer = try PersonalDataSealer.forArchive(check: check, key: key)
        keyCheck = check
    }

    /// Refuses a write that seals personal numbers once another process has rekeyed the archive: they would be
    /// sealed with a key the archive no longer has. Call it first in the transaction: its table lock (ROW SHARE,
    /// which only a rekey's EXCLUSIVE lock conflicts with, and no row lock every writer would queue on) waits out a
    /// running rekey, whose first lock is this table's, so the two never deadlock.
    func ensureKeyUnchanged(in session: PostgresSession) throws {
        try session.execute("LOCK TABLE personal_data IN ROW SHARE MODE")
        let current = try session.value("SELECT key_check FROM personal_data WHERE id = 1", as: String.self)
        guard current == keyCheck else { throw PostgresArchiveError.keyChanged }
    }

    /// `host:pid`: which machine and process holds a claim or ran a run.
    public static var thisProcess: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    // MARK: runs

    public func beginRun(asOf: String, arguments: String) throws -> Int64 {
        try connections.withSession { session in
            guard let id = try session.value("""
                INSERT INTO runs (started_at, as_of, arguments, machine, alive_until)
                VALUES (\(Self.now()), \(asOf), \(arguments), \(claimant), now() + \(leaseInterval)::interval) RETURNING id
                """, as: Int64.self) else { throw PostgresArchiveError.inconsistent("a run was stored without an id") }
            return id
        }
    }

    public func finishRun(_ id: Int64, summary: RunSummary, stopped: Bool) throws {
        try connections.withSession { session in
            try session.execute("""
                UPDATE runs SET finished_at = \(Self.now()), inputs = \(summary.inputs), skipped = \(summary.skipped),
                    pages = \(summary.pages), accepted = \(summary.accepted), review = \(summary.review),
                    failed = \(summary.failed), seconds = \(summary.seconds), stopped = \(stopped)
                WHERE id = \(id)
                """)
        }
    }

    public func discardRun(_ id: Int64) throws {
        try connections.withSession { session in
            try session.execute("""
                DELETE FROM runs WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM inputs WHERE run_id = \(id))
                    AND NOT EXISTS (SELECT 1 FROM items WHERE run_id = \(id))
                    AND NOT EXISTS (SELECT 1 FROM jobs WHERE run_id = \(id))
                """)
        }
    }

    // MARK: inputs already archived

    public func knownInput(sha256: String) throws -> KnownInput? {
        try connections.withSession { session in
            try session.query("SELECT source, status, run_id FROM inputs WHERE sha256 = \(sha256)").first { _ in true }
                .map { row in
                    let (source, status, runID) = try row.decode((String, String, Int64).self)
                    return KnownInput(source: source, status: status, runID: runID)
                }
        }
    }

    /// As the SQLite archive's: company names of accepted items, six characters or more.
    public func knownCompanyNames() throws -> Set<String> {
        try connections.withSession { session in
            let names = try session.values("""
                SELECT fields::jsonb ->> 'holder' FROM items
                    WHERE status = 'accepted' AND fields::jsonb ->> 'holder' IS NOT NULL
                UNION
                SELECT fields::jsonb ->> 'company' FROM items
                    WHERE status = 'accepted' AND fields::jsonb ->> 'company' IS NOT NULL
                """, as: String.self)
            return Set(names.filter { $0.count >= 6 })
        }
    }

    public func disposition(sha256: String) throws -> InputDisposition? {
        try connections.withSession { session -> InputDisposition? in
            guard let inputID = try session.value("SELECT id FROM inputs WHERE sha256 = \(sha256)", as: Int64.self)
            else { return nil }
            let reasons = try session.query("""
                SELECT i.page, i.status, string_agg(p.rule || ': ' || p.message, '; ' ORDER BY p.id)
                FROM items i LEFT JOIN problems p ON p.item_id = i.id
                WHERE i.input_id = \(inputID) AND i.status <> 'accepted' GROUP BY i.id ORDER BY i.page NULLS FIRST, i.id
                """).map { row -> String in
                    let (page, status, problems) = try row.decode((Int?, String, String?).self)
                    return "\(page.map { "page \($0)" } ?? "file"): \(status) — \(problems ?? "")"
                }
            return InputDisposition(allAccepted: reasons.isEmpty, reasons: reasons)
        }
    }

    /// Commits an input refused at intake; false when its content is archived already.
    @discardableResult
    public func record(_ outcome: InputOutcome, runID: Int64) throws -> Bool {
        try connections.transaction { session in
            try ensureKeyUnchanged(in: session)
            // Another process may be committing the same content: the lock on its hash settles who does.
            try session.execute("SELECT pg_advisory_xact_lock(hashtext(\(outcome.sha256)))")
            if try session.value("SELECT 1 FROM inputs WHERE sha256 = \(outcome.sha256)", as: Int32.self) != nil {
                return false
            }
            try insertInput(outcome, runID: runID, in: session)
            return true
        }
    }

    // MARK: where scans are

    public func storedScans() throws -> [StoredScan] {
        try connections.withSession { session in
            try session.query("SELECT sha256, source, stored_at FROM inputs ORDER BY id").map { row in
                let (sha256, source, storedAt) = try row.decode((String, String, String?).self)
                return StoredScan(sha256: sha256, source: source, storedAt: storedAt)
            }
        }
    }

    public func recordLocation(sha256: String, path: String) throws {
        try connections.withSession { session in
            try session.execute("UPDATE inputs SET stored_at = \(path) WHERE sha256 = \(sha256)")
        }
    }

    public func recordMove(sha256: String, to path: String, reason: String) throws {
        try connections.transaction { session in
            try session.execute("UPDATE inputs SET stored_at = \(path) WHERE sha256 = \(sha256)")
            let items = try session.values("""
                SELECT items.id FROM items JOIN inputs ON inputs.id = items.input_id
                WHERE inputs.sha256 = \(sha256) ORDER BY items.id
                """, as: Int64.self)
            var chain = try EventAppender(session)
            for item in items {
                try chain.append(AuditEvent(itemID: item, actor: EventActor.archive.text, action: .moved,
                                            newValue: path, reason: reason), state: try ItemStates.current(of: item, in: session))
            }
        }
    }
}

/// Says when a thing done now and then is due again.
final class IntervalWatch: Sendable {
    private let last = Mutex(Date.distantPast)

    /// True (and the clock restarted) when `every` seconds have passed since the last time it was true.
    func isDue(every interval: TimeInterval) -> Bool {
        last.withLock { last in
            guard Date().timeIntervalSince(last) >= interval else { return false }
            last = Date()
            return true
        }
    }
}
