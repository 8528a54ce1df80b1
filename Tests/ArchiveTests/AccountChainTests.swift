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
