import ArgumentParser
import Foundation
import PostgresTestSupport

/// `make bench-archive`: what the PostgreSQL archive costs. The queue alone (claims, leases and completions of
/// synthetic pages, no OCR), and real ingest by two processes on PostgreSQL beside one two-worker process on SQLite.
@main
struct ArchiveBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certarchive-archive-bench",
        abstract: "The PostgreSQL work queue's claim rate, and ingest throughput on PostgreSQL against SQLite.")

    @Option(help: "A PostgreSQL server (postgres://USER@HOST/DATABASE); each measure takes a fresh database on it.")
    var postgres: String

    @Option(help: "The release certarchive executable, for the ingest comparison.")
    var binary: String = ".build/release/certarchive"

    @Option(help: "The sample scans the ingest comparison copies.")
    var samples: String = "fixtures/samples"

    @Option(help: "Pages the claim measure queues.")
    var pages = 100_000

    @Option(help: "Concurrent claimers.")
    var claimers = 16

    @Option(help: "Copies of each readable sample in the ingest comparison (distinct bytes, so none is skipped).")
    var copies = 4

    @Flag(help: "Only the queue, not the ingest comparison.")
    var queueOnly = false

    func run() throws {
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("certarchive-archive-bench-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let queue = try QueueBench(url: try TestPostgres.freshDatabase(on: postgres), pages: pages, claimers: claimers).run()
        print(queue.report)
        guard !queueOnly else { return }
        fflush(nil)
        let ingest = try IngestComparison(binary: binary, samples: samples, copies: copies, work: work, server: postgres).run()
        print(ingest.report)
        print(ScaleNote(queue: queue, ingest: ingest).text)
    }
}
