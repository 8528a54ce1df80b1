import Archive
import Foundation
import IngestCore
import PostgresNIO

extension PostgresArchive: IngestArchive, SharedWorkQueue {
    /// Nothing to do: a page whose process died is taken again once its lease runs out.
    public func requeueInterruptedPages() throws -> Int { 0 }

    public func unfinishedJob(sha256: String) throws -> QueuedJob? {
        try connections.withSession { session in
            guard let id = try session.value("""
                SELECT id FROM jobs WHERE sha256 = \(sha256) AND state IN ('queued', 'running', 'aside')
                """, as: Int64.self) else { return nil }
            return try queuedJob(id, in: session)
        }
    }

    public func unfinishedJobs() throws -> [QueuedJob] {
        try connections.withSession { session in
            try session.values("SELECT id FROM jobs WHERE state IN ('queued', 'running') ORDER BY id", as: Int64.self)
                .compactMap { try queuedJob($0, in: session) }
        }
    }

    /// Queues a file with one page row per page, or takes up the job another run (on any machine) queued for the
    /// same content: one set aside is queued again from its new path; one queued or being read is left as it is.
    public func enqueue(_ file: JobFile, runID: Int64) throws -> QueuedJob {
        let pages = max(1, file.pageCount)
        return try connections.transaction { session in
            // Intake (before the workers and their lease renewals start) keeps the run alive file by file.
            try session.execute("""
                UPDATE runs SET alive_until = now() + \(leaseInterval)::interval WHERE id = \(runID) AND finished_at IS NULL
                """)
            if let id = try session.value("""
                INSERT INTO jobs (sha256, source, format, byte_count, page_count, state, run_id, queued_at)
                VALUES (\(file.sha256), \(file.source), \(file.format?.rawValue), \(file.byteCount), \(file.pageCount),
                        'queued', \(runID), \(Self.now()))
                ON CONFLICT (sha256) DO NOTHING RETURNING id
                """, as: Int64.self) {
                try session.execute("""
                    INSERT INTO page_jobs (job_id, page, state)
                    SELECT \(id), page, 'queued' FROM generate_series(1, \(pages)) AS page
                    """)
                return QueuedJob(id: id, sha256: file.sha256, source: file.source, format: file.format,
                                 byteCount: file.byteCount, pageCount: file.pageCount,
                                 remainingPages: Array(1...pages))
            }
            guard let id = try session.value("""
                SELECT id FROM jobs WHERE sha256 = \(file.sha256) FOR UPDATE
                """, as: Int64.self) else { throw PostgresArchiveError.inconsistent("job for \(file.source) vanished") }
            if try session.changes("""
                UPDATE jobs SET state = 'queued', source = \(file.source), reason = NULL
                WHERE id = \(id) AND state = 'aside'
                """) > 0 {
                try session.execute("UPDATE page_jobs SET state = 'queued' WHERE job_id = \(id) AND state = 'aside'")
            }
            guard let job = try queuedJob(id, in: session) else {
                throw PostgresArchiveError.inconsistent("job for \(file.source) vanished")
            }
            return job
        }
    }

    /// A job whose file is gone: its pages not read or being read wait until the same content is handed in again.
    public func setAside(jobID: Int64, reason: String) throws {
        try connections.transaction { session in
            try session.execute("""
                UPDATE jobs SET state = 'aside', reason = \(reason) WHERE id = \(jobID) AND state IN ('queued', 'running')
                """)
            try session.execute("UPDATE page_jobs SET state = 'aside' WHERE job_id = \(jobID) AND state = 'queued'")
        }
    }

    /// Nothing to do: a claim marks its page running.
    public func markRunning(jobID: Int64, page: Int) throws {}

    /// The next page: a page whose lease ran out (its process died or stalled) when this process last looked for
    /// one a while ago or finds nothing queued, else the next queued page. Looking for run-out leases on every claim
    /// would cost each claim a second index scan for what is rare.
    public func claimPage() throws -> ClaimedPage? {
        try connections.withSession { session in
            if leaseWatch.isDue(every: max(1, lease / 10)), let page = try claim(.expired, in: session) { return page }
            if let page = try claim(.queued, in: session) { return page }
            return try claim(.expired, in: session)
        }
    }

    private enum Claimable {
        case queued, expired

        /// The rows of this kind, oldest first, locked for this claim; SKIP LOCKED: claimers never wait on each
        /// other, and no page goes to two of them.
        var selection: String {
            switch self {
            case .queued: "SELECT job_id, page FROM page_jobs WHERE state = 'queued' ORDER BY job_id, page"
            case .expired:
                "SELECT job_id, page FROM page_jobs WHERE state = 'running' AND claimed_until < now() ORDER BY claimed_until"
            }
        }
    }

    /// Claims one page of the kind in one statement (one round trip), with its file.
    private func claim(_ kind: Claimable, in session: PostgresSession) throws -> ClaimedPage? {
        var query: PostgresQuery = """
            UPDATE page_jobs p
            SET state = 'running', claimed_by = \(claimant), claimed_until = now() + \(leaseInterval)::interval,
                claims = p.claims + 1
            FROM next, jobs j WHERE p.job_id = next.job_id AND p.page = next.page AND j.id = p.job_id
            RETURNING p.job_id, p.page, p.claims, j.sha256, j.source, j.format, j.byte_count, j.page_count
            """
        query.sql = "WITH next AS (\(kind.selection) LIMIT 1 FOR UPDATE SKIP LOCKED)\n" + query.sql
        guard let row = try session.query(query).first(where: { _ in true }) else { return nil }
        let (jobID, page, claims, sha256, source, format, byteCount, pageCount)
            = try row.decode((Int64, Int, Int, String, String, String?, Int, Int).self)
        let job = QueuedJob(id: jobID, sha256: sha256, source: source, format: format.flatMap(InputFormat.init),
                            byteCount: byteCount, pageCount: pageCount, remainingPages: [page])
        return ClaimedPage(job: job, page: page, claims: claims)
    }

    @discardableResult
    public func renewLeases() throws -> Int {
        try connections.withSession { session in
            try session.execute("""
                UPDATE drop_claims SET claimed_until = now() + \(leaseInterval)::interval WHERE claimed_by = \(claimant)
                """)
            try session.execute("""
                UPDATE runs SET alive_until = now() + \(leaseInterval)::interval
                WHERE machine = \(claimant) AND finished_at IS NULL
                """)
            return try session.changes("""
                UPDATE page_jobs SET claimed_until = now() + \(leaseInterval)::interval
                WHERE state = 'running' AND claimed_by = \(claimant)
                """)
        }
    }

    public func claimFile(_ path: String) throws -> Bool {
        try connections.withSession { session in
            try session.value("""
                INSERT INTO drop_claims (path, claimed_by, claimed_until)
                VALUES (\(path), \(claimant), now() + \(leaseInterval)::interval)
                ON CONFLICT (path) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_until = EXCLUDED.claimed_until
                    WHERE drop_claims.claimed_until < now() OR drop_claims.claimed_by = EXCLUDED.claimed_by
                RETURNING path
                """, as: String.self) != nil
        }
    }

    /// Lets the file go, and with it any claim that ran out (its process died holding a file that has left the
    /// folder since): a claim that ran out means nothing any more.
    public func releaseFile(_ path: String) throws {
        try connections.withSession { session in
            try session.execute("""
                DELETE FROM drop_claims WHERE (path = \(path) AND claimed_by = \(claimant)) OR claimed_until < now()
                """)
        }
    }

    public func pagesWaiting() throws -> Int {
        try connections.withSession { session in
            try session.value("SELECT count(*) FROM page_jobs WHERE state IN ('queued', 'running')", as: Int.self) ?? 0
        }
    }

    var leaseInterval: String { "\(Int(lease.rounded(.up))) seconds" }

    /// Stores a page this process read under its claim. The job's row is locked first, so of two processes storing
    /// a file's last two pages at once, the second sees the first's page and commits the file: exactly once. A page
    /// whose claim ran out and went to another process is not stored (that one's reading will be).
    public func completePage(jobID: Int64, page: Int, items: [PageOutcome], seconds: Double,
                             runID: Int64) throws -> InputOutcome? {
        let stored = try StoredPage.encode(items, seal: sealer.seal)
        return try connections.transaction { session in
            try ensureKeyUnchanged(in: session)
            guard try lockOpenJob(jobID, in: session) else { return nil }
            guard try session.changes("""
                UPDATE page_jobs SET state = 'done', outcome = \(stored), seconds = \(seconds), claimed_until = NULL
                WHERE job_id = \(jobID) AND page = \(page) AND state = 'running' AND claimed_by = \(claimant)
                """) == 1 else { return nil }
            let left = try session.value("""
                SELECT count(*) FROM page_jobs WHERE job_id = \(jobID) AND state <> 'done'
                """, as: Int.self) ?? 0
            guard left == 0 else { return nil }
            return try finish(jobID, failure: nil, runID: runID, in: session)
        }
    }

    public func failJob(jobID: Int64, problem: Problem, runID: Int64) throws -> InputOutcome? {
        try connections.transaction { session in
            try ensureKeyUnchanged(in: session)
            guard try lockOpenJob(jobID, in: session) else { return nil }
            return try finish(jobID, failure: problem, runID: runID, in: session)
        }
    }

    private func lockOpenJob(_ jobID: Int64, in session: PostgresSession) throws -> Bool {
        let state = try session.value("SELECT state FROM jobs WHERE id = \(jobID) FOR UPDATE", as: String.self)
        return state == "queued" || state == "running"
    }

    /// Commits the job's file with the pages read, in the caller's transaction; the pages keep their rows (who
    /// read them, for `queue`) but not their outcomes.
    private func finish(_ jobID: Int64, failure: Problem?, runID: Int64, in session: PostgresSession) throws -> InputOutcome {
        guard let row = try session.query("""
            SELECT sha256, source, format, byte_count FROM jobs WHERE id = \(jobID)
            """).first(where: { _ in true }) else { throw PostgresArchiveError.inconsistent("no job \(jobID)") }
        let (sha256, source, format, byteCount) = try row.decode((String, String, String?, Int).self)
        var pages: [PageOutcome] = []
        var seconds = 0.0
        for row in try session.query("""
            SELECT page, outcome, seconds FROM page_jobs WHERE job_id = \(jobID) AND state = 'done' ORDER BY page
            """) {
            let (page, outcome, pageSeconds) = try row.decode((Int, String?, Double?).self)
            guard let outcome else { throw PostgresArchiveError.inconsistent("job \(jobID) page \(page) kept no outcome") }
            pages += try StoredPage.decode(outcome, legacyThumbnail: nil).map(sealer.open)
            seconds += pageSeconds ?? 0
        }
        let outcome = InputOutcome(source: source, sha256: sha256, format: format.flatMap(InputFormat.init),
                                   byteCount: byteCount, pages: pages, failure: failure, seconds: seconds)
        try insertInput(outcome, runID: runID, in: session)
        try session.execute("""
            UPDATE page_jobs SET outcome = NULL, claimed_until = NULL,
                state = CASE WHEN state = 'done' THEN 'done' ELSE 'failed' END
            WHERE job_id = \(jobID)
            """)
        try session.execute("""
            UPDATE jobs SET state = \(failure == nil ? "done" : "failed"), reason = \(failure?.message),
                finished_at = \(Self.now())
            WHERE id = \(jobID)
            """)
        return outcome
    }

    private func queuedJob(_ id: Int64, in session: PostgresSession) throws -> QueuedJob? {
        guard let row = try session.query("""
            SELECT sha256, source, format, byte_count, page_count FROM jobs WHERE id = \(id)
            """).first(where: { _ in true }) else { return nil }
        let (sha256, source, format, byteCount, pageCount) = try row.decode((String, String, String?, Int, Int).self)
        let remaining = try session.values("""
            SELECT page FROM page_jobs WHERE job_id = \(id) AND state <> 'done' ORDER BY page
            """, as: Int.self)
        return QueuedJob(id: id, sha256: sha256, source: source, format: format.flatMap(InputFormat.init),
                         byteCount: byteCount, pageCount: pageCount, remainingPages: remaining)
    }
}
