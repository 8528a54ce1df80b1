import Foundation
import PostgresTestSupport

/// Real ingest on the same pages: one process with two workers on a SQLite archive, and two processes on one
/// PostgreSQL archive, each pinned to a core of its own (`taskset`), as two one-core machines would run: the same
/// cores, the same OCR parallelism. Wall-clock time of each, from start to the last process's end.
struct IngestComparison {
    let binary: String
    let samples: String
    let copies: Int
    let work: URL
    /// The PostgreSQL server the PostgreSQL run takes a fresh database on.
    let server: String

    struct Result {
        var pages: Int
        var sqliteSeconds: Double
        var postgresSeconds: Double
        var postgresPages: Int

        var sqliteRate: Double { Double(pages) / sqliteSeconds }
        var postgresRate: Double { Double(postgresPages) / postgresSeconds }
        /// Seconds of one worker per page (two workers on SQLite).
        var workerSecondsPerPage: Double { 2 * sqliteSeconds / Double(pages) }

        var report: String {
            """
            == ingest, the same \(pages) pages ==
            SQLite, one process with 2 workers: \(String(format: "%.1f s = %.2f pages/s", sqliteSeconds, sqliteRate))
            PostgreSQL, two processes, one core each: \(String(format: "%.1f s = %.2f pages/s", postgresSeconds, postgresRate)) \
            (pages committed by the two together: \(postgresPages))
            PostgreSQL's throughput is \(String(format: "%.1f%%", 100 * postgresRate / sqliteRate)) of SQLite's
            """
        }
    }

    func run() throws -> Result {
        let inputs = work.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: samples) where !name.hasPrefix(".") {
            for copy in 0..<copies {
                var data = try Data(contentsOf: URL(fileURLWithPath: samples).appendingPathComponent(name))
                data.append(Data("\n%copy \(copy)\n".utf8))
                try data.write(to: inputs.appendingPathComponent("\(copy)-\(name)"))
            }
        }
        let common = ["ingest", inputs.path, "--as-of", "2026-11-22"]
        let sqliteStart = Date()
        let sqlite = try Self.start(binary, common + ["--archive", work.appendingPathComponent("bench.sqlite").path,
                                                      "--jobs", "2", "--report-dir", work.appendingPathComponent("s").path])
        let sqlitePages = try Self.pages(in: sqlite.wait())
        let sqliteSeconds = Date().timeIntervalSince(sqliteStart)

        let url = try TestPostgres.freshDatabase(on: server)
        let postgresStart = Date()
        let processes = try (0..<2).map { core in
            try Self.start("/usr/bin/taskset", ["-c", "\(core)", binary] + common
                           + ["--archive", url, "--report-dir", work.appendingPathComponent("p\(core)").path])
        }
        let postgresPages = try processes.map { try Self.pages(in: $0.wait()) }.reduce(0, +)
        let postgresSeconds = Date().timeIntervalSince(postgresStart)
        return Result(pages: sqlitePages, sqliteSeconds: sqliteSeconds, postgresSeconds: postgresSeconds,
                      postgresPages: postgresPages)
    }

    /// "… pages 12, …" of a run's summary line.
    static func pages(in summary: String) throws -> Int {
        guard let match = summary.firstMatch(of: /pages (\d+),/), let pages = Int(match.1) else {
            throw BenchFailure(description: "no summary line in: \(summary)")
        }
        return pages
    }

    struct Child {
        let process: Process
        let output: Pipe

        func wait() throws -> String {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            guard process.terminationStatus == 0 else {
                throw BenchFailure(description: "ingest exited \(process.terminationStatus): \(text)")
            }
            return text
        }
    }

    static func start(_ binary: String, _ arguments: [String]) throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return Child(process: process, output: output)
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}

/// How far one PostgreSQL goes, from the measured claim rate and OCR rate.
struct ScaleNote {
    let queue: QueueBench.Result
    let ingest: IngestComparison.Result

    var text: String {
        let perHost = ingest.postgresRate
        let dbPerPage = (queue.claimMilliseconds + queue.storeMilliseconds) / 1000
        let share = dbPerPage / (ingest.workerSecondsPerPage + dbPerPage)
        return """
            == scale ==
            a worker spends \(String(format: "%.2f", ingest.workerSecondsPerPage)) s reading a page and \
            \(String(format: "%.1f", 1000 * dbPerPage)) ms claiming and storing it: \(String(format: "%.2f%%", 100 * share)) \
            of its time waits on the database
            one 2-core ingest host (two one-core processes here) reads \(String(format: "%.2f", perHost)) pages/s; the queue stores \
            \(Int(queue.storesPerSecond)) pages/s and hands out \(Int(queue.claimsPerSecond)) claims/s on this 2-core \
            machine (server and claimers sharing it): about \(Int(queue.storesPerSecond / perHost)) such hosts before \
            the database, not OCR, sets the pace
            """
    }
}
