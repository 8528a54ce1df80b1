import Archive
import Foundation
import GRDB
import PostgresArchive
import PostgresTestSupport
import Testing

/// The accounts' chain on both stores: every account change bound, and an account changed in the database (a role
/// raised, as an insider with the database's password would) named by `verify`.
@Suite struct AccountChainTests {
    @Test(arguments: StoreKind.all)
    func anAccountChangedInTheDatabaseIsNamed(_ kind: StoreKind) throws {
        let url = kind == .postgres ? try TestPostgres.freshDatabase() : nil
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("accounts-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store: any AccountStore & RecordArchive = try url.map { try PostgresArchive(url: $0) } ?? ArchiveDatabase(path: path)
        var viewer = try store.addAccount(Account(name: "赵只读", role: .viewer, passwordHash: "x"), by: "admin")
        _ = try store.addAccount(Account(name: "王审核", role: .reviewer, passwordHash: "y"), by: "admin")
        viewer.disabled = true
        try store.updateAccount(viewer, action: "disabled", detail: nil, by: "admin")
        try store.endSignInAttempt(viewer, succeeded: false, outcome: "wrong password")
        let whole = try store.checkIntegrity().accountBreaks
        #expect(whole.isEmpty, "\(whole)")

        let raise = "UPDATE accounts SET role = 'admin' WHERE name = '赵只读'"
        if let url { try TestPostgres.psql(url, raise) } else { try DatabaseQueue(path: path).write { try $0.execute(sql: raise) } }
        let breaks = try store.checkIntegrity().accountBreaks
        #expect(breaks == ["account 赵只读 is not as its last event left it (role, companies, disabled, password or second "
            + "factor changed outside certarchive)"], "\(breaks)")
    }
}

/// Events that change no field of their item (a whole number shown, the item given to a reviewer) are counted on
/// the item and bound in its state: the last of them cut off the chain's end is named, on both stores.
@Suite struct NotedEventsTests {
    @Test(arguments: StoreKind.all)
    func aRevealCutOffTheChainsEndIsNamed(_ kind: StoreKind) throws {
        let url = kind == .postgres ? try TestPostgres.freshDatabase() : nil
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("noted-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store: any IngestArchive & ReviewArchive & RecordArchive
            = try url.map { try PostgresArchive(url: $0) } ?? ArchiveDatabase(path: path)
        let runID = try store.beginRun(asOf: "2026-11-22", arguments: "test")
        try store.record(ArchiveTests.input("a", pages: [ArchiveTests.reviewPage()]), runID: runID)
        let item = try #require(try store.items(runID: nil, statuses: nil).first?.id)
        for _ in 1...2 {
            try store.note(AuditEvent(itemID: item, actor: "reviewer:王审核", action: .revealed, field: "id_number",
                                      reason: "shown whole on the item's page"))
        }
        #expect(try store.checkIntegrity().isWhole)
        let cut = "DELETE FROM events WHERE id = (SELECT max(id) FROM events)"
        if let url {
            try TestPostgres.psql(url, "ALTER TABLE events DISABLE TRIGGER events_never_change; \(cut)")
        } else {
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "DROP TRIGGER events_never_go")
                try db.execute(sql: cut)
            }
        }
        let breaks = try store.checkIntegrity().itemBreaks.map(\.description)
        #expect(breaks.count == 1 && breaks.first?.contains("noted not as its last event") == true, "\(breaks)")
    }
}
