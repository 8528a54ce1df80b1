import Foundation
import Testing

/// Accounts on the command line, through the real executable: `user …`, `review … --as`, the approval step, and
/// `serve` over TLS with the test certificate of fixtures/tls.
@Suite(.serialized) struct AccountCommandTests {
    let folder: URL
    let archive: String

    init() throws {
        folder = try CLI.temporaryFolder()
        let inputs = try CLI.inputs(in: folder, samples: ["review_bad_credit_code.png"])
        archive = folder.appendingPathComponent("archive.sqlite").path
        let ingest = try CLI.run(["ingest", inputs.path, "--archive", archive, "--as-of", "2026-11-22", "--jobs", "1"])
        try #require(ingest.status == 0, "\(ingest.stderr)")
    }

    func user(_ arguments: [String], password: String? = nil) throws -> CLI.Result {
        try CLI.run(["user"] + arguments + ["--archive", archive], input: password.map { $0 + "\n" })
    }

    func review(_ arguments: [String], as name: String, password: String) throws -> CLI.Result {
        try CLI.run(["review"] + arguments + ["--archive", archive, "--as", name], input: password + "\n")
    }

    @Test func accountsAreAddedListedAndTheirChangesRecorded() throws {
        #expect(try user(["add", "王审核", "--role", "reviewer"], password: "王审核的密码足够长了吧").status == 0)
        #expect(try user(["add", "钱项目", "--role", "viewer", "--companies", "912103008765432101"], password: "another long one").status == 0)
        let short = try user(["add", "短", "--role", "admin"], password: "short")
        #expect(short.status == 64 && short.stderr.contains("at least 10 characters"))
        let twice = try user(["add", "王审核", "--role", "admin"], password: "王审核的密码足够长了吧")
        #expect(twice.status == 2 && twice.stderr.contains("exists already"))
        let qr = folder.appendingPathComponent("wang.svg").path
        let enrolled = try user(["second-factor", "王审核", "--qr", qr])
        #expect(enrolled.stdout.contains("secret: ") && enrolled.stdout.contains("otpauth://totp/certarchive:"))
        #expect(try String(contentsOfFile: qr, encoding: .utf8).hasPrefix("<svg"))
        #expect(try user(["disable", "钱项目"]).status == 0)
        let list = try user(["list"]).stdout
        #expect(list.contains("王审核  reviewer, second factor") && list.contains("钱项目  viewer, companies 912103008765432101, DISABLED"))
        let history = try user(["list", "--history"]).stdout
        #expect(history.contains("王审核  added  role reviewer") && history.contains("钱项目  disabled"))
        #expect(!history.contains("王审核的密码"), "no password is ever printed")
    }

    @Test func aReviewersChangeWaitsForAnApproverOnTheCommandLine() throws {
        _ = try user(["add", "王审核", "--role", "reviewer"], password: "王审核的密码足够长了吧")
        _ = try user(["add", "李复核", "--role", "approver"], password: "李复核的密码足够长了吧")
        let named = try CLI.run(["review", "accept", "1", "--archive", archive, "--reviewer", "alice"])
        #expect(named.status == 64 && named.stderr.contains("this archive has accounts"))
        let wrong = try review(["accept", "1"], as: "王审核", password: "not the password")
        #expect(wrong.status == 2 && wrong.stderr.contains("wrong name or password"))

        let set = try review(["set", "1", "credit_code", "912103008765432101", "expiry_date", "2029-06-29"],
                             as: "王审核", password: "王审核的密码足够长了吧")
        #expect(set.status == 0, "\(set.stdout)\(set.stderr)")
        let accepted = try review(["accept", "1"], as: "王审核", password: "王审核的密码足够长了吧")
        #expect(accepted.status == 0 && accepted.stdout.contains("changes wait for approval by another person"))
        let own = try review(["approve", "1"], as: "王审核", password: "王审核的密码足够长了吧")
        #expect(own.status == 2 && own.stderr.contains("a reviewer may not approve"))
        let approved = try review(["approve", "1"], as: "李复核", password: "李复核的密码足够长了吧")
        #expect(approved.status == 0 && approved.stdout.contains("approved and accepted"), "\(approved.stderr)")
        let history = try CLI.run(["history", "1", "--archive", archive]).stdout
        #expect(history.contains("reviewer:王审核") && history.contains("submitted") && history.contains("reviewer:李复核")
            && history.contains("approved"))
    }

    @Test func theApprovalStepsAreTheArchivesNotTheDataFoldersGiven() throws {
        _ = try user(["add", "王审核", "--role", "reviewer"], password: "王审核的密码足够长了吧")
        // The first review command that writes takes the repository's steps as the archive's own.
        let set = try review(["set", "1", "credit_code", "912103008765432101", "expiry_date", "2029-06-29"],
                             as: "王审核", password: "王审核的密码足够长了吧")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try user(["approval"]).stdout.contains("second_step_when_changed: [certificate_number, holder, id_number, expiry_date]"))
        // Another data folder whose approval.yaml is emptied: one step there, but not for this archive.
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for part in ["pipelines", "models"] {
            try FileManager.default.copyItem(at: CLI.repo.appendingPathComponent(part), to: data.appendingPathComponent(part))
        }
        try "second_step_when_changed: []\n".write(to: data.appendingPathComponent("pipelines/approval.yaml"), atomically: true, encoding: .utf8)
        let accepted = try CLI.run(["review", "accept", "1", "--archive", archive, "--as", "王审核", "--data", data.path],
                                   input: "王审核的密码足够长了吧\n")
        #expect(accepted.stdout.contains("changes wait for approval by another person"), "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stderr.contains("differs from the approval steps this archive keeps"), "\(accepted.stderr)")
        // Changed only on purpose, and recorded.
        let emptied = data.appendingPathComponent("pipelines/approval.yaml").path
        #expect(try user(["approval", emptied]).status == 0)
        #expect(try user(["list", "--history"]).stdout.contains("approval steps set"))
        #expect(try CLI.run(["verify", "--archive", archive]).stdout.contains("accounts: each agrees with its history"))
    }

    @Test func anAccountLimitedToAnotherCompanySeesNoneOfThisOnTheCommandLine() throws {
        _ = try user(["add", "钱项目", "--role", "viewer", "--companies", "91210300MA0QD7X43Y"], password: "钱项目的密码足够长了吧")
        func run(_ arguments: [String]) throws -> CLI.Result {
            try CLI.run(arguments + ["--archive", archive, "--as", "钱项目"], input: "钱项目的密码足够长了吧\n")
        }
        #expect(try CLI.run(["review", "list", "--archive", archive]).stdout.contains("1 item(s) in review"))
        #expect(try run(["review", "list"]).stdout.contains("0 item(s) in review"))
        #expect(try run(["review", "show", "1"]).status == 2, "outside its companies: no such item")
        let report = try run(["report", "--out", folder.appendingPathComponent("report").path, "--as-of", "2026-11-22"])
        #expect(report.stdout.contains("（0 份证书，0 项待审核）"), "\(report.stdout)\(report.stderr)")
        let whole = try run(["holder", "912103008765432102", "--reveal"])
        #expect(whole.status == 64 && whole.stderr.contains("a viewer may not see whole numbers"))
        let wrong = try CLI.run(["review", "list", "--archive", archive, "--as", "钱项目"], input: "guess guess guess\n")
        #expect(wrong.status == 2 && wrong.stderr.contains("wrong name or password"))
    }

    @Test func anArchiveWhoseAccountsAreAllDisabledStaysInAccountMode() throws {
        _ = try user(["add", "王审核", "--role", "reviewer"], password: "王审核的密码足够长了吧")
        #expect(try user(["disable", "王审核"]).status == 0)
        let server = try CLI.start(["serve", "--archive", archive, "--port", "18445"])
        defer { server.process.terminate(); _ = server.finish() }
        var answer = ""
        for _ in 0..<50 where !answer.contains("HTTP/") {
            Thread.sleep(forTimeInterval: 0.2)
            answer = try Self.curl(["-i", "http://localhost:18445/"])
        }
        // Not the queue, open to whoever reaches the port: the sign-in page.
        #expect(answer.contains("HTTP/1.1 303") && answer.lowercased().contains("location: /login"), "\(answer)")
        let review = try CLI.run(["review", "set", "1", "holder", "x", "--archive", archive, "--reviewer", "anyone"])
        #expect(review.status != 0 && review.stderr.contains("this archive has accounts"), "\(review.stderr)")
    }

    @Test func serveSpeaksTLSAndMarksItsSessionCookieSecure() throws {
        _ = try user(["add", "王审核", "--role", "reviewer"], password: "王审核的密码足够长了吧")
        let clear = try CLI.run(["serve", "--archive", archive, "--host", "0.0.0.0", "--port", "18443"])
        #expect(clear.status == 3 && clear.stderr.contains("without TLS"))

        let tls = CLI.repo.appendingPathComponent("fixtures/tls")
        let server = try CLI.start(["serve", "--archive", archive, "--port", "18444",
                                    "--tls-cert", tls.appendingPathComponent("localhost.pem").path,
                                    "--tls-key", tls.appendingPathComponent("localhost.key").path])
        defer { server.process.terminate(); _ = server.finish() }
        // curl checks the certificate against the test's own: the server really speaks TLS with it.
        var answer = ""
        for _ in 0..<50 where !answer.contains("HTTP/") {
            Thread.sleep(forTimeInterval: 0.2)
            answer = try Self.curl(["--cacert", tls.appendingPathComponent("localhost.pem").path, "-i", "-X", "POST",
                                    "-H", "Content-Type: application/json",
                                    "-d", #"{"name":"王审核","password":"王审核的密码足够长了吧"}"#, "https://localhost:18444/login"])
        }
        #expect(answer.contains("HTTP/1.1 200") && answer.contains("; HttpOnly; SameSite=Strict; Path=/; Secure"), "\(answer)")
        #expect(answer.lowercased().contains("strict-transport-security: max-age=31536000"), "\(answer)")
        // TLS 1.1 and older are refused (curl offers them only at OpenSSL's security level 0).
        let old = try CLI.run(program: "/usr/bin/curl", ["-s", "-m", "5", "--cacert", tls.appendingPathComponent("localhost.pem").path,
                                                         "--tlsv1.0", "--tls-max", "1.1", "--ciphers", "DEFAULT:@SECLEVEL=0",
                                                         "https://localhost:18444/login"])
        #expect(old.status != 0, "a TLS 1.1 handshake was accepted")
    }

    static func curl(_ arguments: [String]) throws -> String {
        try CLI.run(program: "/usr/bin/curl", ["-s", "-m", "5"] + arguments).stdout
    }
}
