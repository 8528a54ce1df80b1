import Foundation
import Testing

/// Paths that are no file to read, in a drop folder and on the command line: each gets a reason in the log and a
/// count, and the run never waits on one (a named pipe opened for reading waits for a writer for ever).
@Suite struct SpecialFilesTests {
    @Test func pipesLoopsAndDanglingLinksAreSkippedWithAReasonAndTheRunGoesOn() throws {
        let folder = try CLI.temporaryFolder()
        let inbox = try CLI.inputs(in: folder, name: "inbox", renamed: ["a.png": "review_bad_credit_code.png"])
        let fm = FileManager.default
        #expect(mkfifo(inbox.appendingPathComponent("pipe.png").path, 0o600) == 0)
        try fm.createSymbolicLink(atPath: inbox.appendingPathComponent("loop.png").path, withDestinationPath: "loop.png")
        try fm.createSymbolicLink(atPath: inbox.appendingPathComponent("gone.png").path, withDestinationPath: "nothing-here.png")
        try fm.createSymbolicLink(atPath: inbox.appendingPathComponent("up").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: inbox.appendingPathComponent("b.png").path, withDestinationPath: "a.png")
        // A name with a line break: its log line stays one line.
        try Data("not a picture".utf8).write(to: inbox.appendingPathComponent("two\nlines.png"))
        let namedPipe = folder.appendingPathComponent("named.pdf").path
        #expect(mkfifo(namedPipe, 0o600) == 0)

        // `timeout`: before, the run waited on the pipe for ever.
        let run = try CLI.run(program: "/usr/bin/timeout", ["120", CLI.binary, "ingest", inbox.path, namedPipe,
                                                            "--archive", folder.appendingPathComponent("a.sqlite").path,
                                                            "--as-of", "2026-11-22", "--jobs", "1"])
        #expect(run.status != 124, "the run hung")
        for (name, reason) in [("pipe.png", "a named pipe"), ("loop.png", "a symbolic link in a loop"),
                               ("gone.png", "a symbolic link to nothing"), ("up", "a symbolic link to a folder"),
                               ("named.pdf", "a named pipe")] {
            #expect(run.stderr.contains(reason) && run.stderr.contains(name), "\(name): \(run.stderr)")
        }
        // a.png read; b.png, a link to it, is the same content; five paths not read, and the file that is none.
        #expect(run.stdout.contains("failed 6"), "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("two\\nlines.png") && !run.stderr.split(separator: "\n").contains { $0.hasPrefix("lines.png") },
                "\(run.stderr)")
    }
}
