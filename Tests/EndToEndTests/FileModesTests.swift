import Foundation
import Testing

/// What certarchive writes holds personal data: the archive and its WAL, backups, exports and reports are their
/// owner's alone (files 0600, folders 0700), whatever umask the shell had.
@Suite struct FileModesTests {
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    @Test func theArchiveItsBackupsExportsAndReportsAreTheOwnersAlone() throws {
        let folder = try CLI.temporaryFolder()
        let inbox = try CLI.inputs(in: folder, renamed: ["a.png": "review_bad_credit_code.png"])
        let archive = folder.appendingPathComponent("archive.sqlite").path
        // The shell's umask (022 here) would leave them readable by every local user.
        let shell = ["/bin/sh", "-c", "umask 022; exec \"$0\" \"$@\"", CLI.binary]
        func run(_ arguments: [String]) throws -> CLI.Result {
            try CLI.run(program: shell[0], Array(shell.dropFirst()) + arguments)
        }
        #expect(try run(["ingest", inbox.path, "--archive", archive, "--as-of", "2026-11-22",
                         "--report-dir", folder.appendingPathComponent("rejected").path]).status == 0)
        let export = folder.appendingPathComponent("export.jsonl").path
        #expect(try run(["export", "--archive", archive, "--reveal", "--output", export]).status == 0)
        let backup = folder.appendingPathComponent("backup").path
        #expect(try run(["backup", backup, "--archive", archive]).status == 0)
        let report = folder.appendingPathComponent("report").path
        #expect(try run(["report", "--archive", archive, "--out", report, "--as-of", "2026-11-22"]).status == 0)

        var files = [archive, export, report + "/report.html", folder.appendingPathComponent("rejected/rejected.html").path]
        files += (FileManager.default.enumerator(atPath: backup)?.compactMap { $0 as? String } ?? [])
            .map { backup + "/" + $0 }.filter { Self.mode($0) & 0o040000 == 0 }
        for file in files where FileManager.default.fileExists(atPath: file) {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
            #expect(Self.mode(file) & 0o077 == 0, "\(file): \(String(Self.mode(file), radix: 8))")
        }
        for made in [backup, report, folder.appendingPathComponent("rejected").path] {
            #expect(Self.mode(made) & 0o077 == 0, "\(made): \(String(Self.mode(made), radix: 8))")
        }
        #expect(files.count > 5)
    }
}
