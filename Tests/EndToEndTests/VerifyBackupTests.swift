import Archive
import Foundation
import GRDB
import Testing

/// verify and backup through the real executable.
@Suite struct VerifyBackupTests {
    @Test func aTamperedEventIsFoundAndNamed() throws {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("a.sqlite").path
        try ComplianceFixture.build(at: archive)
        let whole = try CLI.run(["verify", "--archive", archive])
        #expect(whole.status == 2, "the fixture's scans in/*.pdf do not exist: intact, scans not found")
        #expect(whole.stdout.contains("events: 10, chain intact, head "))
        #expect(whole.stdout.contains("scans: 10 referenced, 0 intact, 0 changed, 10 not found"))

        let pool = try DatabasePool(path: archive)
        try pool.write { db in
            try db.execute(sql: "DROP TRIGGER events_never_change")
            try db.execute(sql: "UPDATE events SET reason = 'run 1: accepted' WHERE id = 10")
        }
        try pool.close()
        let broken = try CLI.run(["verify", "--archive", archive])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("first break: event 10 (item 10, created,"))
        #expect(broken.stdout.contains("was changed after it was written"))
    }

    /// The probe's tampering: a licence's expiry moved in the database (so `expiring` no longer lists it), with no
    /// event touched. The chain alone is whole; the item's state is not what its last event bound.
    @Test func anItemEditedInTheDatabaseIsNamed() throws {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("a.sqlite").path
        try ComplianceFixture.build(at: archive)
        let pool = try DatabasePool(path: archive)
        let edited = try pool.write { db in
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM items WHERE json_extract(fields, '$.expiry_date') IS NOT NULL LIMIT 1"))
            try db.execute(sql: "UPDATE items SET fields = json_set(fields, '$.expiry_date', '2039-12-31') WHERE id = ?", arguments: [id])
            return id
        }
        try pool.close()
        let result = try CLI.run(["verify", "--archive", archive])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("events: 10, chain intact"))
        #expect(result.stdout.contains("items: 1 disagree with their history:\n  item \(edited): fields not as its last event"))
    }

    /// What the chain did not bind before issue 31: a row deleted, an item's type (which turns masking off),
    /// source, page or run changed, a scan replaced together with its recorded hash, a review image swapped.
    @Test func editsToWhatAnItemIsOfAreFoundAndNamed() throws {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("a.sqlite").path
        try ComplianceFixture.build(at: archive)
        let pool = try DatabasePool(path: archive)
        // As with sqlite3, whose foreign keys are off unless asked for.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "DELETE FROM problems WHERE item_id = 1")
            try db.execute(sql: "DELETE FROM items WHERE id = 1")
            try db.execute(sql: "UPDATE items SET type = 'enterprise_qualification' WHERE id = 2")
            try db.execute(sql: "UPDATE items SET page = 7 WHERE id = 3")
            try db.execute(sql: "UPDATE inputs SET sha256 = '\(String(repeating: "ab", count: 32))' WHERE id = (SELECT input_id FROM items WHERE id = 4)")
            try db.execute(sql: "UPDATE items SET review_image = x'89504E47' WHERE id = 5")
        }
        try pool.close()
        let result = try CLI.run(["verify", "--archive", archive])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("item 1 is in the history but not in the archive"), "\(result.stdout)")
        for id in [2, 3, 4] {
            #expect(result.stdout.contains("item \(id): identity not as its last event"), "item \(id): \(result.stdout)")
        }
        #expect(result.stdout.contains("item 5: image not as its last event"), "\(result.stdout)")
    }

    /// The accounts' chain: a role raised in the database, an account event edited with the guard dropped.
    @Test func accountsChangedOutsideCertarchiveAreFoundAndNamed() throws {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("a.sqlite").path
        try ComplianceFixture.build(at: archive)
        for (name, role) in [("王审核", "reviewer"), ("赵只读", "viewer")] {
            let added = try CLI.run(["user", "add", name, "--role", role, "--archive", archive], input: "\(name)的密码足够长了吧\n")
            #expect(added.status == 0, "\(added.stderr)")
        }
        #expect(try CLI.run(["user", "disable", "王审核", "--archive", archive]).status == 0)
        let whole = try CLI.run(["verify", "--archive", archive])
        #expect(whole.stdout.contains("accounts: each agrees with its history"), "\(whole.stdout)")

        let pool = try DatabasePool(path: archive)
        try pool.write { db in
            try db.execute(sql: "UPDATE accounts SET role = 'admin' WHERE name = '赵只读'")
            try db.execute(sql: "DROP TRIGGER account_events_never_change")
            try db.execute(sql: "UPDATE account_events SET detail = 'role admin' WHERE account = '王审核' AND action = 'added'")
        }
        try pool.close()
        let broken = try CLI.run(["verify", "--archive", archive])
        #expect(broken.status == 1, "\(broken.stdout)")
        #expect(broken.stdout.contains("account 赵只读 is not as its last event left it"), "\(broken.stdout)")
        #expect(broken.stdout.contains("(王审核, added) was changed after it was written"), "\(broken.stdout)")
    }

    @Test func aBackupCutShortIsNeverCalledWhole() throws {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("a.sqlite").path
        let inbox = try CLI.inputs(in: folder, samples: ["review_bad_credit_code.png", "special_operation_card.webp"])
        #expect(try CLI.run(["ingest", inbox.path, "--archive", archive, "--as-of", "2026-11-22"]).status == 0)
        let whole = folder.appendingPathComponent("whole").path
        #expect(try CLI.run(["backup", whole, "--archive", archive]).status == 0)
        let verified = try CLI.run(["verify", "--archive", whole + "/archive.sqlite"])
        #expect(verified.status == 0 && verified.stdout.contains("backup: whole (2 items, 2 scans"), "\(verified.stdout)")

        // What a backup killed half-way leaves: the copy and one of its scans, no marker; the originals are still
        // at their paths, where the old verify found them.
        let cut = folder.appendingPathComponent("cut").path
        try FileManager.default.copyItem(atPath: whole, toPath: cut)
        try FileManager.default.removeItem(atPath: cut + "/backup.json")
        let scans = try FileManager.default.contentsOfDirectory(atPath: cut + "/scans").sorted()
        try FileManager.default.removeItem(atPath: cut + "/scans/" + scans[0])
        let cutVerified = try CLI.run(["verify", "--archive", cut + "/archive.sqlite"])
        #expect(cutVerified.status == 1, "\(cutVerified.stdout)")
        #expect(cutVerified.stdout.contains("NOT WHOLE") && cutVerified.stdout.contains("1 intact, 0 changed, 1 not found"), "\(cutVerified.stdout)")

        // Killed at once: nothing at the destination, or a backup that is whole.
        let killed = folder.appendingPathComponent("killed").path
        let running = try CLI.start(["backup", killed, "--archive", archive])
        Thread.sleep(forTimeInterval: 0.05)
        running.process.terminate()
        _ = running.finish()
        if FileManager.default.fileExists(atPath: killed + "/archive.sqlite") {
            #expect(try CLI.run(["verify", "--archive", killed + "/archive.sqlite"]).status == 0)
        }
    }

    @Test func aBackupTakenWhileAnIngestWritesOpensAndVerifies() throws {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("live.sqlite").path
        let ingest = try CLI.start(["ingest", CLI.samples, "--archive", archive, "--as-of", "2026-11-22", "--jobs", "2"])
        // Wait until the ingest has committed something and is still reading.
        var committed = 0
        let deadline = Date().addingTimeInterval(120)
        while committed == 0, Date() < deadline, ingest.process.isRunning {
            Thread.sleep(forTimeInterval: 0.2)
            committed = (try? DatabaseQueue(path: archive).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM inputs") ?? 0 }) ?? 0
        }
        let backupFolder = folder.appendingPathComponent("backup").path
        let backup = try CLI.run(["backup", backupFolder, "--archive", archive])
        let stillRunning = ingest.process.isRunning
        let done = ingest.finish()
        #expect(done.status == 0, "\(done.stderr)")
        #expect(backup.status == 0, "\(backup.stdout)\(backup.stderr)")
        #expect(stillRunning, "the backup was taken while the ingest was writing")

        let copy = backupFolder + "/archive.sqlite"
        let copied = try DatabaseQueue(path: copy).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM inputs") ?? 0 }
        let final = try DatabaseQueue(path: archive).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM inputs") ?? 0 }
        #expect(copied >= 1 && copied < final, "a consistent moment of the live archive: \(copied) of \(final) inputs")
        // Verified from elsewhere: the backup's records point at its own scans/.
        let verified = try CLI.run(["verify", "--archive", copy])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("scans: \(copied) referenced, \(copied) intact"))
        let scans = try FileManager.default.contentsOfDirectory(atPath: backupFolder + "/scans")
        #expect(scans.count == copied)
        #expect(try CLI.run(["backup", backupFolder, "--archive", archive]).status == 3, "never over a backup")
    }
}
