import Archive
import Foundation
import PostgresNIO

/// Pages by state: what `certarchive queue` counts per run and per machine.
public struct PageCounts: Sendable, Equatable {
    public var queued = 0, running = 0, done = 0, failed = 0, setAside = 0
    /// Running pages whose lease has run out: their process died or stalled; the next claim takes them.
    public var expired = 0

    public init() {}

    mutating func add(state: String, count: Int) {
        switch state {
        case "queued": queued += count
        case "running": running += count
        case "done": done += count
        case "failed": failed += count
        case "aside": setAside += count
        default: break
        }
    }
}

/// The shared queue as it stands: every page, by the run that queued its file and by the machine that read it.
public struct QueueStanding: Sendable {
    public struct Run: Sendable {
        public var id: Int64
        public var machine: String
        public var startedAt: String
        public var finishedAt: String?
        public var pages: PageCounts
        /// Unfinished, and its process stopped renewing it (it died, was killed, or lost the database): it will
        /// not finish; its pages go to other runs' workers, and a rerun takes up its files.
        public var interrupted = false
    }

    public struct Machine: Sendable {
        /// The host name (claims name `host:pid`).
        public var name: String
        public var processes: Int
        public var pages: PageCounts
    }

    public var total = PageCounts()
    public var runs: [Run] = []
    public var machines: [Machine] = []
}

extension PostgresArchive {
    public func queueStanding() throws -> QueueStanding {
        try connections.transaction(isolation: "REPEATABLE READ, READ ONLY") { session in
            var standing = QueueStanding()
            var runPages: [Int64: PageCounts] = [:]
            for row in try session.query("""
                SELECT j.run_id, p.state, count(*), count(*) FILTER (WHERE p.state = 'running' AND p.claimed_until < now())
                FROM page_jobs p JOIN jobs j ON j.id = p.job_id GROUP BY j.run_id, p.state
                """) {
                let (runID, state, count, expired) = try row.decode((Int64, String, Int, Int).self)
                runPages[runID, default: PageCounts()].add(state: state, count: count)
                runPages[runID, default: PageCounts()].expired += expired
                standing.total.add(state: state, count: count)
                standing.total.expired += expired
            }
            for row in try session.query("""
                SELECT id, machine, started_at, finished_at, finished_at IS NULL AND alive_until < now() FROM runs ORDER BY id
                """) {
                let (id, machine, started, finished, gone) = try row.decode((Int64, String, String, String?, Bool?).self)
                guard let pages = runPages[id] else { continue }
                standing.runs.append(.init(id: id, machine: machine, startedAt: started, finishedAt: finished, pages: pages,
                                           interrupted: gone ?? false))
            }
            var machines: [String: QueueStanding.Machine] = [:]
            for row in try session.query("""
                SELECT split_part(claimed_by, ':', 1), p.state, count(*), count(DISTINCT claimed_by),
                       count(*) FILTER (WHERE p.state = 'running' AND p.claimed_until < now())
                FROM page_jobs p WHERE claimed_by IS NOT NULL GROUP BY 1, p.state
                """) {
                let (host, state, count, processes, expired) = try row.decode((String, String, Int, Int, Int).self)
                var machine = machines[host] ?? .init(name: host, processes: 0, pages: PageCounts())
                machine.pages.add(state: state, count: count)
                machine.pages.expired += expired
                machine.processes = max(machine.processes, processes)
                machines[host] = machine
            }
            standing.machines = machines.values.sorted { $0.name < $1.name }
            return standing
        }
    }
}
