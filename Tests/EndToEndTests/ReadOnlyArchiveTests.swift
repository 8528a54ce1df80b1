import Foundation
import Testing

/// An archive this user may not write (here another user's 0444 file in a folder he may not write): the commands
/// that only read open it without writing, and read it; `serve` serves it read-only.
@Suite(.serialized) struct ReadOnlyArchiveTests {
    /// Runs the executable as a user who may not write the archive: `nobody` when the tests run as root (root
    /// writes any file), else this user once the archive and its folder are made read-only.
    static func runAsReader(_ arguments: [String]) throws -> CLI.Result {
        if getuid() == 0 {
            return try CLI.run(program: "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary] + arguments)
        }
        return try CLI.run(arguments)
    }

    @Test func readingCommandsReadAnArchiveTheyMayNotWrite() throws {
        let folder = try CLI.temporaryFolder()
        let inbox = try CLI.inputs(in: folder, samples: ["review_bad_credit_code.png", "special_operation_card.webp"])
        let shelf = folder.appendingPathComponent("shelf")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: true)
        let archive = shelf.appendingPathComponent("archive.sqlite").path
        #expect(try CLI.run(["ingest", inbox.path, "--archive", archive, "--as-of", "2026-11-22"]).status == 0)
        // Checkpointed and closed: the archive is one file; no -wal or -shm beside it.
        for companion in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: archive + companion) }
        let fm = FileManager.default
        try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: archive)
        try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: shelf.path)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shelf.path) }

        let out = "/tmp/certarchive-readonly-\(UUID()).jsonl"
        defer { try? fm.removeItem(atPath: out) }
        for arguments in [["export", "--archive", archive, "--output", out], ["verify", "--archive", archive],
                          ["review", "list", "--archive", archive], ["expiring", "--archive", archive, "--as-of", "2026-11-22"],
                          ["history", "1", "--archive", archive]] {
            let run = try Self.runAsReader(arguments)
            #expect(!run.stderr.contains("readonly") && !run.stderr.contains("SQLite error"), "\(arguments[0]): \(run.stderr)")
            #expect([0, 1, 2].contains(run.status), "\(arguments[0]) \(run.status): \(run.stderr)")
        }
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 2)
        let listed = try Self.runAsReader(["review", "list", "--archive", archive])
        #expect(listed.stdout.contains("1 item(s) in review"), "\(listed.stdout)")
    }
}
