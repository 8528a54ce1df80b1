import Foundation
import PostgresTestSupport
import Testing

/// Several ingest processes on one PostgreSQL archive and one drop folder, as several machines would run them: the
/// shared queue splits the pages between them, a process killed mid-run loses nothing, nothing is recorded twice
/// and every file leaves the folder once.
@Suite(.serialized, .enabled(if: TestPostgres.serverURL != nil, "needs make test's PostgreSQL cluster"))
struct SharedArchiveRunTests {
    /// Each page of the folder's files as the archive holds it (`file#page`), with how many items it has.
    static func pagesRecorded(_ url: String) throws -> [String: Int] {
        let lines = try TestPostgres.psql(url, """
            SELECT regexp_replace(source, '^.*/', '') || '#' || coalesce(page, 0), count(*) FROM items GROUP BY 1
            """).split(separator: "\n")
        return Dictionary(uniqueKeysWithValues: lines.map { line in
            let parts = line.split(separator: "|")
            return (String(parts[0]), Int(parts[1]) ?? 0)
        })
    }

    /// Three machines on one drop folder (as if on a shared mount), one killed with SIGKILL while it holds a page.
    @Test func threeProcessesOneKilledEveryPageOnceEveryFileMovedOnceAndTheChainVerifies() throws {
        let folder = try UnattendedRunTests.DropFolder(copies: 3)
        let url = try TestPostgres.freshDatabase()
        let ingest = folder.arguments(archive: url, extra: ["--jobs", "1", "--lease-seconds", "4",
                                                            "--report-dir", folder.root.path])
        // The first starts alone until it has claimed files of the folder: when it dies, they are abandoned.
        var runs = [try CLI.start(ingest)]
        let claimedByFirst = "SELECT count(*) FROM drop_claims WHERE claimed_by LIKE '%:\(runs[0].process.processIdentifier)'"
        let start = Date()
        while Date().timeIntervalSince(start) < 60, (try? TestPostgres.psql(url, claimedByFirst)) ?? "0" == "0" {
            Thread.sleep(forTimeInterval: 0.05)
        }
        runs += try (0..<2).map { _ in try CLI.start(ingest) }
        // Killed once a few files are in, while it holds a page: that page must come back and be read by another.
        let victim = runs[0].process.processIdentifier
        let heldByVictim = "SELECT job_id || '/' || page FROM page_jobs WHERE state = 'running' AND claimed_by LIKE '%:\(victim)'"
        let deadline = Date().addingTimeInterval(240)
        var held = "", filesHeld = 0
        while Date() < deadline, runs[0].process.isRunning {
            let committed = (try? TestPostgres.psql(url, "SELECT count(*) FROM items")).flatMap(Int.init) ?? 0
            filesHeld = (try? TestPostgres.psql(url, claimedByFirst)).flatMap(Int.init) ?? 0
            held = (try? TestPostgres.psql(url, heldByVictim)) ?? ""
            if committed >= 3, !held.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(victim, SIGKILL)
        _ = runs[0].finish()
        // The page it held when it died: under load it may have finished the one seen just before the kill.
        held = (try? TestPostgres.psql(url, heldByVictim)) ?? ""
        try #require(!held.isEmpty, "the kill must land while the process holds a page")
        try #require(filesHeld > 0, "the kill must land while the process holds files of the folder")
        for run in runs.dropFirst() {
            let result = run.finish()
            #expect([0, 1].contains(result.status), "exit \(result.status): \(result.stdout)\(result.stderr)")
        }
        #expect(folder.names(in: folder.inbox).isEmpty, "files left in the drop folder")
        #expect(folder.moved == folder.files.keys.sorted(), "every file moved out, none lost, none twice")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM drop_claims") == "0", "every claim let go")

        let want = folder.files.flatMap { name, pages in (1...pages).map { "\(name)#\($0)" } }.sorted()
        let recorded = try Self.pagesRecorded(url)
        #expect(recorded.keys.sorted() == want, "every page recorded")
        #expect(recorded.values.allSatisfy { $0 == 1 }, "pages recorded twice: \(recorded.filter { $0.value > 1 })")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM inputs") == "\(folder.files.count)")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM page_jobs WHERE state <> 'done'") == "0")
        let (job, page) = (held.split(separator: "\n")[0].split(separator: "/")[0], held.split(separator: "\n")[0].split(separator: "/")[1])
        #expect(try TestPostgres.psql(url, "SELECT claims > 1 AND claimed_by NOT LIKE '%:\(victim)' FROM page_jobs WHERE job_id = \(job) AND page = \(page)") == "t",
                "the killed process's page was taken again, once its lease ran out, by another")

        let verify = try CLI.run(["verify", "--archive", url])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("chain intact"))
        // A backup of the shared archive: a SQLite archive of the same chain, with every scan copied beside it.
        let backup = folder.root.appendingPathComponent("backup").path
        let backedUp = try CLI.run(["backup", backup, "--archive", url])
        #expect(backedUp.status == 0, "\(backedUp.stdout)\(backedUp.stderr)")
        #expect(backedUp.stdout.contains("scans: \(folder.files.count) copied"), "\(backedUp.stdout)")
        let verifyCopy = try CLI.run(["verify", "--archive", backup + "/archive.sqlite"])
        #expect(verifyCopy.status == 0, "\(verifyCopy.stdout)")
        let head = { (text: String) in text.firstMatch(of: /head ([0-9a-f]{64})/).map { String($0.1) } }
        #expect(head(verifyCopy.stdout) != nil && head(verifyCopy.stdout) == head(verify.stdout), "the same chain")

        let queue = try CLI.run(["queue", "--archive", url])
        #expect(queue.status == 0)
        #expect(queue.stdout.contains("pages: queued 0, running 0, expired 0, done \(want.count)"), "\(queue.stdout)")
        // The killed process's run will never finish: shown interrupted, the others finished.
        let victimsRun = queue.stdout.split(separator: "\n").filter { $0.contains(":\(victim) ") }
        #expect(victimsRun.count == 1 && victimsRun.allSatisfy { $0.contains("interrupted") }, "\(queue.stdout)")
        #expect(queue.stdout.split(separator: "\n").filter { $0.contains("interrupted") }.count == 1, "\(queue.stdout)")
    }

    /// The same inputs in either store give the same answers: export, expiring, anomalies, a holder, a number.
    @Test func theSameInputsGiveTheSameAnswersOnBothStores() throws {
        let folder = try CLI.temporaryFolder()
        let sqlite = folder.appendingPathComponent("archive.sqlite").path
        let postgres = try TestPostgres.freshDatabase()
        let compliance = CLI.repo.appendingPathComponent("fixtures/compliance").path
        for archive in [sqlite, postgres] {
            let run = try CLI.run(["ingest", compliance, "--archive", archive, "--as-of", "2026-11-22",
                                   "--report-dir", folder.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let register = CLI.repo.appendingPathComponent("fixtures/company-register.csv").path
        for command in [["export", "--format", "jsonl", "--reveal"],
                        ["expiring", "--as-of", "2026-11-22", "--format", "jsonl"],
                        ["anomalies", "--as-of", "2026-11-22", "--company-register", register],
                        ["holder", "沈阳宏远建筑工程有限公司", "--json"],
                        ["show", "D221034567", "--json"]] {
            let fromSQLite = try CLI.run(command + ["--archive", sqlite])
            let fromPostgres = try CLI.run(command + ["--archive", postgres])
            // expiring and holder say by their status that something lapses or is missing: the same on both.
            #expect(fromSQLite.stderr.isEmpty && !fromSQLite.stdout.isEmpty, "\(command): \(fromSQLite.stderr)")
            #expect(fromPostgres.status == fromSQLite.status, "\(command[0]): \(fromPostgres.stderr)")
            // Item ids follow the order files were committed in, which two workers leave to chance on either store.
            let withoutIDs = { (text: String) in text.replacing(/"item":\d+/, with: "\"item\":_") }
            #expect(withoutIDs(fromPostgres.stdout) == withoutIDs(fromSQLite.stdout), "\(command[0]) differs between the stores")
        }
        // An item's history reads alike too (the item found by its certificate number on each store).
        let itemOf = { (archive: String) throws -> String in
            try CLI.run(["show", "D221034567", "--json", "--archive", archive]).stdout
                .firstMatch(of: /"item":(\d+)/).map { String($0.1) } ?? "0"
        }
        let histories = try [sqlite, postgres].map { archive in
            try CLI.run(["history", try itemOf(archive), "--archive", archive]).stdout
                .replacing(/\d{4}-\d\d-\d\d \d\d:\d\d/, with: "AT").replacing(/^item \d+/, with: "item _")
        }
        #expect(histories[0].contains("ingest  created") && histories[0].contains("run 1: accepted"))
        #expect(histories[1] == histories[0])

        // The review queue lists alike.
        let queues = try [sqlite, postgres].map { try CLI.run(["review", "list", "--archive", $0]) }
        let counts = queues.map { $0.stdout.split(separator: "\n").filter { $0.contains("in review") } }
        #expect(queues.allSatisfy { $0.status == 0 } && !counts[0].isEmpty && counts[0] == counts[1], "\(queues)")
    }
}
