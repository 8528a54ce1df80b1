import Foundation
import PostgresTestSupport
import Testing

/// Two `serve` processes on one PostgreSQL archive, as two offices' review servers: one item corrected in both at
/// once — one save is stored, the other is refused with who changed it, and the history shows exactly the one;
/// an item accepted on one server is gone from the other's queue.
@Suite(.enabled(if: TestPostgres.serverURL != nil, "needs the PostgreSQL server make test starts"))
struct SharedServeTests {
    struct Server {
        var running: CLI.Running
        var port: Int

        /// `curl` to this server; the answer's body and its HTTP status.
        func request(_ path: String, json: String? = nil) throws -> (body: String, status: Int) {
            var arguments = ["-s", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)\(path)"]
            if let json { arguments += ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", json] }
            let answer = try CLI.run(program: "/usr/bin/curl", arguments).stdout
            let status = Int(answer.split(separator: "\n").last ?? "") ?? 0
            return (String(answer[..<(answer.lastIndex(of: "\n") ?? answer.endIndex)]), status)
        }

        func stop() {
            running.process.terminate()
            _ = running.finish()
        }
    }

    static func serve(_ archive: String) throws -> Server {
        let port = Int.random(in: 20_000..<40_000)
        let server = Server(running: try CLI.start(["serve", "--archive", archive, "--port", "\(port)", "--as-of", "2026-11-22"]),
                            port: port)
        for _ in 0..<600 {
            if ((try? server.request("/login"))?.status ?? 0) > 0 { return server }
            Thread.sleep(forTimeInterval: 0.1)
        }
        server.stop()
        throw TestPostgres.Failure(description: "serve did not answer on port \(port)")
    }

    /// A new PostgreSQL archive that ingest gave one item to review (a credit code whose check character fails),
    /// and the folder its report went to.
    static func archiveWithAnItemInReview() throws -> (archive: String, folder: URL) {
        let archive = try TestPostgres.freshDatabase()
        let folder = try CLI.temporaryFolder()
        try FileManager.default.copyItem(atPath: CLI.samples + "/review_bad_credit_code.png",
                                         toPath: folder.appendingPathComponent("review_bad_credit_code.png").path)
        let ingest = try CLI.run(["ingest", folder.path, "--archive", archive, "--as-of", "2026-11-22", "--report-dir", folder.path])
        try #require(ingest.status == 0, "\(ingest.stderr)")
        return (archive, folder)
    }

    @Test func oneItemCorrectedOnTwoServersAtOnceOneSaveWinsTheOtherIsToldAndTheHistoryShowsIt() throws {
        let (archive, _) = try Self.archiveWithAnItemInReview()
        let listed = try CLI.run(["review", "list", "--json", "--archive", archive])
        let queue = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        let id = try #require(queue.first?["id"] as? Int, "\(listed.stderr)")

        let first = try Self.serve(archive), second = try Self.serve(archive)
        defer { first.stop(); second.stop() }
        // Each reviewer opens the item: the page carries the revision the change is worked out from.
        let revisions = try [first, second].map { server -> String in
            let page = try server.request("/items/\(id)").body
            return try #require(page.firstMatch(of: /data-revision="(\d+)"/).map { String($0.1) })
        }
        #expect(revisions[0] == revisions[1])

        // Both save at the same moment, each a different code, each from the revision it was shown.
        let saves = try [(first, "王审核", "91210100MA0XK7LP6R"), (second, "李复核", "91210100MA0XK7LP6X")].map { server, name, code in
            try CLI.start(["-s", "-w", "\n%{http_code}", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
                           #"{"fields": {"credit_code": "\#(code)"}, "reviewer": "\#(name)", "revision": \#(revisions[0])}"#,
                           "http://127.0.0.1:\(server.port)/api/items/\(id)/fields"], program: "/usr/bin/curl")
        }.map { $0.finish().stdout }
        let statuses = saves.map { $0.split(separator: "\n").last.map(String.init) ?? "" }
        #expect(statuses.sorted() == ["200", "409"], "\(saves)")
        let winner = statuses[0] == "200" ? "王审核" : "李复核"
        let refusal = try #require(saves.first { $0.hasSuffix("409") })
        #expect(refusal.contains("已被\(winner)修改") && refusal.contains("未保存"), "the second is told who, in words: \(refusal)")

        // The history shows exactly what happened: the one save, by the one who won.
        let history = try CLI.run(["history", "\(id)", "--json", "--archive", archive])
        let events = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
        let sets = events.filter { $0["action"] as? String == "set" }
        #expect(sets.count == 1 && sets.first?["actor"] as? String == "reviewer:\(winner)", "\(sets)")

        // The loser reloads, sees the winner's value, and his save from the new revision goes through.
        let loser = statuses[0] == "200" ? second : first
        let reloaded = try #require(try loser.request("/items/\(id)").body.firstMatch(of: /data-revision="(\d+)"/).map { String($0.1) })
        #expect(reloaded != revisions[0])
        let again = try loser.request("/api/items/\(id)/fields",
                                      json: #"{"fields": {"holder": "沈阳宏远建筑工程有限公司"}, "reviewer": "后来者", "revision": \#(reloaded)}"#)
        #expect(again.status == 200, "\(again.body)")

        // Accepted as printed on one server, the item is gone from the other's queue at once.
        #expect(try second.request("/").body.contains("/items/\(id)\""), "in the other server's queue until accepted")
        let revision = try #require(again.body.firstMatch(of: /"revision":(\d+)/).map { String($0.1) })
        let accepted = try first.request("/api/items/\(id)/accept",
                                         json: #"{"despite": "原件如此", "reviewer": "王审核", "revision": \#(revision)}"#)
        #expect(accepted.status == 200, "\(accepted.body)")
        #expect(!(try second.request("/").body.contains("/items/\(id)\"")), "accepted on one server, out of the other's queue")
        #expect(try CLI.run(["verify", "--archive", archive]).stdout.contains("chain intact"))
    }

    /// Accounts kept in PostgreSQL: added with `user`, used with `--as`, signed in on one server and known to the
    /// other; an item one reviewer opened on one server is held for him on the other.
    @Test func accountsSessionsAndHoldsAreSharedByEveryServer() throws {
        let (archive, folder) = try Self.archiveWithAnItemInReview()
        for (name, role) in [("王审核", "reviewer"), ("李复核", "approver")] {
            let added = try CLI.run(["user", "add", name, "--role", role, "--archive", archive], input: "\(name)的密码足够长了吧\n")
            #expect(added.status == 0, "\(added.stderr)")
        }
        #expect(try CLI.run(["user", "list", "--archive", archive]).stdout.contains("李复核"))
        let listed = try CLI.run(["review", "list", "--json", "--archive", archive, "--as", "王审核"], input: "王审核的密码足够长了吧\n")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first?["id"] as? Int,
                              "\(listed.stderr)")
        let wrong = try CLI.run(["expiring", "--archive", archive, "--as", "王审核"], input: "not the password at all\n")
        #expect(wrong.status == 2 && wrong.stderr.contains("--as 王审核"))
        #expect(try CLI.run(["notify", "--dry-run", "--as-of", "2026-11-22", "--archive", archive]).status == 0)

        let first = try Self.serve(archive), second = try Self.serve(archive)
        defer { first.stop(); second.stop() }
        let jars = try ["王审核", "李复核"].map { name -> String in
            let jar = folder.appendingPathComponent("\(name).cookies").path
            let signIn = try CLI.run(program: "/usr/bin/curl", ["-s", "-c", jar, "-X", "POST", "-H", "Content-Type: application/json",
                                                                "--data-binary", #"{"name": "\#(name)", "password": "\#(name)的密码足够长了吧"}"#,
                                                                "http://127.0.0.1:\(first.port)/login"])
            #expect(signIn.stdout.contains("signed_in"), "\(signIn.stdout)")
            return jar
        }
        // Signed in on the first server, known to the second.
        let page = { (server: Server, jar: String, path: String) throws -> String in
            try CLI.run(program: "/usr/bin/curl", ["-s", "-b", jar, "http://127.0.0.1:\(server.port)\(path)"]).stdout
        }
        #expect(try page(second, jars[0], "/").contains("王审核"), "the session begun on the first server is the second's too")
        // 王审核 opens the item on the first server; 李复核, on the second, finds it held for him.
        _ = try page(first, jars[0], "/items/\(id)")
        let held = try page(second, jars[1], "/items/\(id)")
        #expect(held.contains("王审核正在处理第\(id)项"), "held by the reviewer who opened it on the other server")
        #expect(!(try page(first, jars[0], "/items/\(id)")).contains("正在处理"), "not held against the one who opened it")
    }
}
