import Archive
import Foundation
import PostgresNIO
import Synchronization

extension PostgresArchive {
    /// The audit chain and the items checked as the SQLite archive's are, in one repeatable-read snapshot so that
    /// processes writing meanwhile do not make a whole chain look broken. Events are streamed, not held.
    public func checkIntegrity() throws -> IntegrityReport {
        try connections.transaction(isolation: "REPEATABLE READ, READ ONLY") { session in try integrity(in: session) }
    }

    /// The integrity report as `session` sees the archive.
    func integrity(in session: PostgresSession) throws -> IntegrityReport {
        let auditor = Mutex(IntegrityAuditor())
        try session.forEachRow("""
            SELECT id, item_id, at, actor, action, field, old_value, new_value, reason, state, prev_hash, hash
            FROM events ORDER BY id
            """) { row in
            let (id, itemID, at, actor, action, field, oldValue, newValue, reason, state, prevHash, hash)
                = try row.decode((Int64, Int64, String, String, String, String?, String?, String?, String?,
                                  String?, String?, String?).self)
            auditor.withLock {
                $0.see(StoredEvent(id: id, itemID: itemID, at: at, actor: actor, action: action, field: field,
                                   oldValue: oldValue, newValue: newValue, reason: reason, state: state,
                                   prevHash: prevHash, hash: hash))
            }
        }
        let items = try session.query("SELECT id, status FROM items ORDER BY id").map { try $0.decode((Int64, String).self) }
        var report = try auditor.withLock { auditor in
            try auditor.report(items: items.map { (id: $0.0, status: $0.1) }) {
                try ItemStates.current(of: $0, in: session)
            }
        }
        report.accountBreaks = AccountChain.breaks(events: try Self.accountEvents(in: session),
                                                   accounts: try Self.accounts(in: session))
        return report
    }
}
