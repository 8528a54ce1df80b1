import Foundation
import GRDB
import Testing

/// Encryption at rest through the real executable: rekey, the key on every command, a wrong key refused, and no
/// whole personal number in the archive's files.
@Suite struct EncryptionCommandTests {
    let folder: URL
    let archive: String
    let key: String

    init() throws {
        folder = try CLI.temporaryFolder()
        archive = folder.appendingPathComponent("a.sqlite").path
        key = folder.appendingPathComponent("a.key").path
        try ComplianceFixture.build(at: archive)
    }

    /// The bytes of the database and its write-ahead log, as text where they are text.
    func files() throws -> String {
        try [archive, archive + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }
            .map { String(decoding: try Data(contentsOf: URL(fileURLWithPath: $0)), as: UTF8.self) }.joined()
    }

    /// A second factor's secret is kept sealed like a personal number (a backup's reader cannot enrol himself an
    /// authenticator from it) and is re-sealed by a rekey, the accounts' chain whole.
    @Test func secondFactorSecretsAreSealedAndRekeyed() throws {
        let added = try CLI.run(["user", "add", "王审核", "--role", "reviewer", "--archive", archive], input: "王审核的密码足够长了吧\n")
        #expect(added.status == 0, "\(added.stderr)")
        let enrolled = try CLI.run(["user", "second-factor", "王审核", "--archive", archive])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        func storedSecret() throws -> String {
            try DatabaseQueue(path: archive).read { try String.fetchOne($0, sql: "SELECT totp_secret FROM accounts") ?? "" }
        }
        let clear = try storedSecret()
        #expect(!clear.hasPrefix("enc:"), "in clear in an archive that encrypts nothing")
        #expect(try CLI.run(["rekey", "--archive", archive, "--new-key-file", key]).status == 0)
        let sealed = try storedSecret()
        #expect(sealed.hasPrefix("enc:s1:") && !sealed.contains(clear), "\(sealed)")
        #expect(!(try files()).contains(clear), "the secret is nowhere in the archive's files")
        let verify = try CLI.run(["verify", "--archive", archive, "--key-file", key])
        #expect(verify.stdout.contains("accounts: each agrees with its history"), "\(verify.stdout)")
        let history = try CLI.run(["user", "list", "--history", "--archive", archive, "--key-file", key]).stdout
        #expect(history.contains("second factor re-sealed"), "\(history)")
    }

    @Test func encryptedNumbersRoundTripWithTheKeyOnly() throws {
        #expect(try files().contains(ComplianceFixture.liMing), "in clear before")
        let rekey = try CLI.run(["rekey", "--archive", archive, "--new-key-file", key])
        #expect(rekey.status == 0, "\(rekey.stderr)")
        #expect(rekey.stdout.contains("a new key was written to \(key)"))
        let permissions = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let stored = try files()
        for number in ComplianceFixture.personalNumbers { #expect(!stored.contains(number), "\(number) sealed") }

        let masked = try CLI.run(["export", "--archive", archive, "--reveal"])
        #expect(masked.status == 0 && masked.stdout.contains("2101**********1236") && !masked.stdout.contains(ComplianceFixture.liMing),
                "without the key even --reveal shows masks")
        let whole = try CLI.run(["export", "--archive", archive, "--reveal", "--key-file", key])
        #expect(whole.stdout.contains(ComplianceFixture.liMing) && whole.stdout.contains("T" + ComplianceFixture.zhangWei))
        let plain = try CLI.run(["export", "--archive", archive, "--key-file", key])
        #expect(!plain.stdout.contains(ComplianceFixture.liMing), "with the key but without --reveal: masked")

        let wrong = folder.appendingPathComponent("wrong.key")
        try (String(repeating: "ab", count: 32) + "\n").write(to: wrong, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["export", "--archive", archive, "--key-file", wrong.path])
        #expect(refused.status == 3 && refused.stderr.contains("not this archive's key") && refused.stdout.isEmpty)

        let noKey = try CLI.run(["holder", ComplianceFixture.liMing, "--archive", archive])
        #expect(noKey.status == 3 && noKey.stderr.contains("encrypted"), "the key is needed: cannot go on (3)")
        let withKey = try CLI.run(["holder", ComplianceFixture.liMing, "--archive", archive, "--key-file", key,
                                   "--as-of", ComplianceFixture.asOf])
        #expect(withKey.stdout.hasPrefix("李明 — person, ID number 2101**********1236"))
        let anomalies = try CLI.run(["anomalies", "--archive", archive, "--as-of", ComplianceFixture.asOf])
        #expect(anomalies.stdout.contains("person.project_manager_at_several_companies — 李明"),
                "people are linked by their keyed digest without the key")
        #expect(try CLI.run(["verify", "--archive", archive]).stdout.contains("chain intact"))
    }

    @Test func ingestNeedsTheKeyAndSealsWhatItReads() throws {
        #expect(try CLI.run(["rekey", "--archive", archive, "--new-key-file", key]).status == 0)
        let compliance = CLI.repo.appendingPathComponent("fixtures/compliance").path
        let locked = try CLI.run(["ingest", compliance, "--archive", archive, "--as-of", "2026-11-22"])
        #expect(locked.status == 3 && locked.stderr.contains("--key-file"))
        let env = try CLI.run(["ingest", compliance, "--archive", archive, "--as-of", "2026-11-22", "--key-file", key])
        #expect(env.status == 0, "\(env.stderr)")
        #expect(env.stdout.contains("accepted 6"))
        let chenJing = "320102198811302221", qianGang = "210106198304150550"
        let stored = try files()
        #expect(!stored.contains(chenJing) && !stored.contains(qianGang))
        let decrypted = try CLI.run(["rekey", "--archive", archive, "--key-file", key, "--decrypt"])
        #expect(decrypted.status == 0 && decrypted.stdout.contains("personal numbers decrypted"))
        #expect(try CLI.run(["export", "--archive", archive, "--reveal"]).stdout.contains(chenJing))
    }
}

extension EncryptionCommandTests {
    /// The page image kept for a reviewer: in an encrypted archive its 身份证号 is painted over (issue 15's probe
    /// read it back from the thumbnail), in a plain one the page is as scanned. The thumbnail (rejected.html's) is
    /// painted over in both.
    @Test func anEncryptedArchivesThumbnailsHoldNoPersonalNumberInClear() throws {
        let sample = CLI.repo.appendingPathComponent("fixtures/samples/review_impossible_date.png").path
        var thumbnails: [Data] = []
        func thumbnail(of archive: String, key: [String]) throws -> Data? {
            let run = try CLI.run(["ingest", sample, "--archive", archive, "--as-of", "2026-11-22", "--jobs", "1"] + key)
            #expect(run.status == 1 || run.status == 0, "\(run.stderr)")
            return try DatabaseQueue(path: archive).read { db in
                if let small = try Data.fetchOne(db, sql: "SELECT thumbnail FROM items WHERE source LIKE '%review_impossible_date.png'") {
                    thumbnails.append(small)
                }
                return try Data.fetchOne(db, sql: "SELECT review_image FROM items WHERE source LIKE '%review_impossible_date.png'")
            }
        }
        let plain = folder.appendingPathComponent("plain.sqlite").path, again = folder.appendingPathComponent("again.sqlite").path
        try ComplianceFixture.build(at: plain)
        try ComplianceFixture.build(at: again)
        #expect(try CLI.run(["rekey", "--archive", archive, "--new-key-file", key]).status == 0)
        let inClear = try #require(try thumbnail(of: plain, key: []))
        #expect(try thumbnail(of: again, key: []) == inClear, "a thumbnail is made alike every time")
        let sealed = try #require(try thumbnail(of: archive, key: ["--key-file", key]))
        #expect(sealed != inClear, "the encrypted archive's page image has the number painted over")
        #expect(thumbnails.count == 3 && Set(thumbnails).count == 1, "every thumbnail painted over alike")
    }

    @Test func aReviewerWithoutTheKeyIsToldSoAndChangesNothing() throws {
        #expect(try CLI.run(["rekey", "--archive", archive, "--new-key-file", key]).status == 0)
        let id = "10"  // 孙立's certificate, in review, holds an ID number
        let refused = try CLI.run(["review", "accept", id, "--despite", "checked", "--archive", archive])
        #expect(refused.status == 2 && refused.stderr.contains("--key-file"), "\(refused.stderr)")
        let shown = try CLI.run(["review", "show", id, "--archive", archive])
        #expect(shown.stdout.contains("2101**********0112"), "without the key even the item's own screen shows the mask")
        let accepted = try CLI.run(["review", "accept", id, "--despite", "checked", "--archive", archive, "--key-file", key])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try CLI.run(["verify", "--archive", archive]).stdout.contains("items: each agrees with its history"))
    }
}
