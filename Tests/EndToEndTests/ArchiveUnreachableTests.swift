import Foundation
import Testing

/// Every command that cannot reach its archive says so in plain words with what to do, and exits 3 (cannot
/// start) — never `Error: …` with a library's code and exit 1, which is `verify`'s status for a broken chain.
@Suite struct ArchiveUnreachableTests {
    @Test func aPostgreSQLArchiveNobodyServesEndsEveryCommandWithExit3() throws {
        // Port 9 on loopback: nothing listens there.
        let url = "postgres://certarchive:s3cret@127.0.0.1:9/archive?sslmode=disable"
        for arguments in [["export"], ["verify"], ["review", "list"], ["expiring"], ["history", "1"], ["backup", "/tmp/never-\(UUID())"]] {
            let run = try CLI.run(arguments + ["--archive", url])
            #expect(run.status == 3, "\(arguments): \(run.status) \(run.stderr)")
            #expect(!run.stderr.contains("Error:") && run.stderr.contains("check that PostgreSQL runs"), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("s3cret"), "\(arguments): \(run.stderr)")
        }
    }
}
