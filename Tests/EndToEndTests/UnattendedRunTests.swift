import Foundation
import Testing

/// Unattended runs through the real executable: killed and resumed, a file still being written, two runs at
/// once on one drop folder, a watched folder stopped by SIGTERM.
@Suite(.serialized) struct UnattendedRunTests {
    /// Samples copied into a drop folder with distinct bytes (PNG, JPEG, TIFF and PDF readers ignore bytes after
    /// the file's end), and the pages each holds.
    static let sources: [(name: String, pages: Int)] = [
        ("安全生产许可证_辽宁.png", 1), ("review_bad_credit_code.png", 1), ("qualification dalian.jpg", 1),
        ("safety_assessment_B.tif", 1), ("scanned_batch_jiangsu.pdf", 2),
    ]

    struct DropFolder {
        var root: URL
        var inbox: URL { root.appendingPathComponent("in") }
        var done: URL { root.appendingPathComponent("done") }
        var quarantine: URL { root.appendingPathComponent("quarantine") }
        /// file name -> pages
        var files: [String: Int] = [:]

        init(copies: Int) throws {
            root = try CLI.temporaryFolder()
            for dir in [inbox, done, quarantine] {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            }
            for copy in 0..<copies {
                for (name, pages) in UnattendedRunTests.sources {
                    var data = try Data(contentsOf: URL(fileURLWithPath: CLI.samples + "/" + name))
                    data.append(Data("\n%copy \(copy)\n".utf8))
                    let file = "\(copy)-\(name)"
                    try data.write(to: inbox.appendingPathComponent(file))
                    files[file] = pages
                }
            }
        }

        func arguments(archive: String, settle: Double = 0, extra: [String] = []) -> [String] {
            ["ingest", "--drop-folder", inbox.path, "--done", done.path, "--quarantine", quarantine.path,
             "--archive", archive, "--settle-seconds", "\(settle)", "--as-of", "2026-11-22"] + extra
        }

        /// Files (not .reason.txt) under a folder, by name; hidden files (the lock) left out.
        func names(in dir: URL) -> [String] {
            (FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? [])
                .map { ($0 as NSString).lastPathComponent }
                .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".reason.txt") && $0.contains(".") }
                .sorted()
        }

        var moved: [String] { (names(in: done) + names(in: quarantine)).sorted() }
    }

    static func export(_ archive: String) throws -> [Exported] {
        try Exported.parse(try CLI.run(["export", "--archive", archive, "--format", "jsonl", "--reveal"]).stdout)
    }

    /// Every page of every file exactly once across the given archives.
    static func expectEachPageOnce(_ folder: DropFolder, archives: [String]) throws {
        let items = try archives.flatMap { try export($0) }
        var seen: [String: Int] = [:]
        for item in items { seen["\(item.fileName)#\(item.page ?? 0)", default: 0] += 1 }
        let want = folder.files.flatMap { name, pages in (1...pages).map { "\(name)#\($0)" } }.sorted()
        #expect(seen.keys.sorted() == want)
        #expect(seen.values.allSatisfy { $0 == 1 }, "pages recorded twice: \(seen.filter { $0.value > 1 })")
    }

    @Test func aKilledRunResumesWithEveryPageOnceAndNoFileLost() throws {
        let folder = try DropFolder(copies: 3)
        let archive = folder.root.appendingPathComponent("archive.sqlite").path
        let bulk = ["--jobs", "2", "--settings", CLI.repo.appendingPathComponent("pipelines/bulk.yaml").path]
        let first = try CLI.start(folder.arguments(archive: archive, extra: bulk))
        let deadline = Date().addingTimeInterval(180)
        while folder.moved.count < 3, Date() < deadline, first.process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()
        let movedBeforeKill = folder.moved.count
        try #require(movedBeforeKill >= 3 && movedBeforeKill < folder.files.count,
                     "the kill must land in the middle of the batch (moved \(movedBeforeKill) of \(folder.files.count))")

        let second = try CLI.run(folder.arguments(archive: archive, extra: bulk))
        #expect([0, 1, 2].contains(second.status), "\(second.stderr)")
        #expect(folder.names(in: folder.inbox).isEmpty, "files left in the drop folder")
        #expect(folder.moved == folder.files.keys.sorted(), "every file moved out, none lost, none twice")
        try Self.expectEachPageOnce(folder, archives: [archive])
    }

    @Test func ctrlCFinishesThePagesInHandAndTheNextRunResumes() throws {
        let folder = try DropFolder(copies: 3)
        let archive = folder.root.appendingPathComponent("archive.sqlite").path
        let bulk = ["ingest", folder.inbox.path, "--archive", archive, "--as-of", "2026-11-22", "--jobs", "2"]
        let first = try CLI.start(bulk)
        let deadline = Date().addingTimeInterval(180)
        while try Self.export(archive).isEmpty, Date() < deadline, first.process.isRunning {
            Thread.sleep(forTimeInterval: 0.2)
        }
        first.process.interrupt()  // SIGINT, as Ctrl-C
        let stopped = first.finish()
        #expect(stopped.status == 4, "\(stopped.stderr)")
        #expect(stopped.stdout.contains("STOPPED with"))
        #expect(stopped.stdout.contains("pages left queued: run again to resume"))
        let before = try Self.export(archive).count
        #expect(before > 0 && before < folder.files.values.reduce(0, +))

        let resumed = try CLI.run(bulk)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try Self.expectEachPageOnce(folder, archives: [archive])
    }

    @Test func aFileStillBeingWrittenIsTakenOnlyOnceComplete() throws {
        let folder = try DropFolder(copies: 0)
        let archive = folder.root.appendingPathComponent("archive.sqlite").path
        let name = "安全生产许可证_辽宁.png"
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.samples + "/" + name))
        let target = folder.inbox.appendingPathComponent(name)
        let writer = SlowWriter(data: data, to: target, chunks: 12, pause: 0.3)
        Thread.sleep(forTimeInterval: 1.0)

        // Written to within the last 30 s however long this run takes to start on a loaded machine (the writer
        // goes on for 3.6 s): left for later whatever the load.
        let during = try CLI.run(folder.arguments(archive: archive, settle: 30))
        #expect(during.status == 0, "\(during.stderr)")
        #expect(during.stdout.contains("still being written 1"))
        #expect(try Self.export(archive).isEmpty, "nothing taken while the file was being written")
        #expect(FileManager.default.fileExists(atPath: target.path))

        writer.wait()
        Thread.sleep(forTimeInterval: 2.5)
        let after = try CLI.run(folder.arguments(archive: archive, settle: 2))
        #expect(after.stdout.contains("moved to done 1"), "\(after.stdout)\n\(after.stderr)")
        // Off a terminal, progress comes as plain log lines.
        #expect(after.stderr.contains("progress pages=1/1 pages_per_second="))
        let items = try Self.export(archive)
        #expect(items.map(\.fileName) == [name])
        #expect(items.first?.status == "accepted", "the whole file was read")
    }

    @Test func twoRunsAtOnceOnOneFolderNeverTakeAFileTwice() throws {
        let folder = try DropFolder(copies: 1)
        let archives = ["a", "b"].map { folder.root.appendingPathComponent("\($0).sqlite").path }
        let runs = try archives.map { try CLI.start(folder.arguments(archive: $0, extra: ["--jobs", "1"])) }
        let results = runs.map { $0.finish() }
        let busy = results.filter { $0.status == 5 }
        #expect(busy.count == 1, "\(results.map(\.status))")
        #expect(busy.first?.stderr.contains("another certarchive run") == true)
        #expect(busy.first?.stderr.contains("nothing was done") == true)
        #expect(folder.moved == folder.files.keys.sorted())
        try Self.expectEachPageOnce(folder, archives: archives)
    }

    /// The archive's own lock, without a drop folder: a second run on an archive a run holds does nothing and
    /// says so (exit 5); the first reads every page once.
    @Test func twoRunsAtOnceOnOneArchiveNeverBothWrite() throws {
        let folder = try CLI.temporaryFolder()
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let names = ["安全生产许可证_辽宁.png", "qualification dalian.jpg", "safety_assessment_B.tif", "seal_over_issuer.png"]
        for name in names {
            try FileManager.default.copyItem(atPath: CLI.samples + "/" + name, toPath: inputs.appendingPathComponent(name).path)
        }
        let archive = folder.appendingPathComponent("archive.sqlite").path
        let arguments = ["ingest", inputs.path, "--archive", archive, "--jobs", "1", "--as-of", "2026-11-22",
                         "--report-dir", folder.path]
        let first = try CLI.start(arguments)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: archive + ".lock"), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let second = try CLI.run(arguments)
        let firstResult = first.finish()

        #expect(second.status == 5, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stderr.contains("another certarchive run"))
        #expect(second.stderr.contains("nothing was done"))
        #expect(firstResult.status == 0, "\(firstResult.stderr)")
        #expect(try Self.export(archive).map(\.fileName).sorted() == names.sorted(), "every page once, by the first run")
    }

    @Test func aWatchedFolderTakesAFileWhenItIsCompleteAndStopsOnSIGTERM() throws {
        let folder = try DropFolder(copies: 0)
        let archive = folder.root.appendingPathComponent("archive.sqlite").path
        let watcher = try CLI.start(folder.arguments(archive: archive, settle: 1,
                                                     extra: ["--watch", "--poll-seconds", "0.5", "--settings",
                                                             CLI.repo.appendingPathComponent("pipelines/nightly.yaml").path]))
        let name = "qualification dalian.jpg"
        let writer = SlowWriter(data: try Data(contentsOf: URL(fileURLWithPath: CLI.samples + "/" + name)),
                                to: folder.inbox.appendingPathComponent(name), chunks: 8, pause: 0.3)
        writer.wait()
        let deadline = Date().addingTimeInterval(120)
        while folder.moved.isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        watcher.process.terminate()  // SIGTERM, as systemd stops a service
        let result = watcher.finish()
        #expect(folder.moved == [name])
        #expect(result.status != 4 && result.status != 3, "\(result.stderr)")
        #expect(result.stderr.contains("stopping"))
        // nightly.yaml logs JSON; --settle-seconds and --poll-seconds given on the command line won over its values.
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("{") })
        #expect(try Self.export(archive).map(\.fileName) == [name])
    }

    @Test func logLinesNeverHoldAWholeIDNumber() throws {
        let folder = try DropFolder(copies: 0)
        let archive = folder.root.appendingPathComponent("archive.sqlite").path
        let name = "张三_110101199003071234.png"
        try FileManager.default.copyItem(atPath: CLI.samples + "/one_pixel.png",
                                         toPath: folder.inbox.appendingPathComponent(name).path)
        let result = try CLI.run(folder.arguments(archive: archive, extra: ["--log-format", "json", "--verbose"]))
        #expect(!result.stderr.contains("110101199003071234"))
        #expect(result.stderr.contains("1101**********1234"))
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }
    }
}

/// Writes a file a chunk at a time on its own thread, as a scanner or a slow copy does.
final class SlowWriter: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(data: Data, to url: URL, chunks: Int, pause: Double) {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = FileHandle(forWritingAtPath: url.path)!
        Thread.detachNewThread { [done] in
            let size = (data.count + chunks - 1) / chunks
            for start in stride(from: 0, to: data.count, by: size) {
                handle.write(data[start..<min(start + size, data.count)])
                Thread.sleep(forTimeInterval: pause)
            }
            try? handle.close()
            done.signal()
        }
    }

    func wait() { done.wait() }
}
