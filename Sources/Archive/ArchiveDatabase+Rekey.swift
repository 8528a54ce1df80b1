import Foundation
import GRDB
import IngestCore

/// What a rekey did.
public struct RekeyReport: Sendable {
    public var change: String
    public var items: Int
    public var events: Int
    public var headBefore: String?
    public var headAfter: String?

    package init(change: String, items: Int, events: Int, headBefore: String?, headAfter: String?) {
        self.change = change; self.items = items; self.events = events; self.headBefore = headBefore; self.headAfter = headAfter
    }
}

extension ArchiveDatabase {
    /// Re-seals every personal number under `newKey` (nil: stores them in clear again), in one transaction: the
    /// items' fields and page text, the pages read but not yet committed, the audit events (whose chain is then
    /// hashed again, each item's last event binding its re-sealed state, and the change recorded in `key_changes`).
    /// The archive must have been opened with its current key and pass `verify`: a rekey never launders a break.
    public func rekey(to newKey: PersonalDataKey?) throws -> RekeyReport {
        let (target, change) = try sealer.rekeying(to: newKey)
        let report = try reseal(to: target, key: newKey, change: change)
        // The numbers as they were stored may linger in freed pages and the write-ahead log: rewrite the file.
        try writer.vacuum()
        _ = try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        return report
    }

    private func reseal(to target: PersonalDataSealer, key newKey: PersonalDataKey?, change: String) throws -> RekeyReport {
        try writer.write { db in
            let before = try Self.integrity(db)
            if let broken = before.chainBreak?.description ?? before.itemBreaks.first?.description {
                throw RekeyError("the archive fails verify, so its chain is not rewritten: \(broken)")
            }
            var items = 0
            for row in try Row.fetchAll(db, sql: "SELECT id, type, field_details, page_text FROM items") {
                let type = DocumentType(rawValue: row["type"]) ?? .unknown
                // The item's sealed columns as a page, so that they are opened and sealed as ingest seals a page.
                var page = PageOutcome(page: 1, type: type, origin: .ocr,
                                       fields: try JSONText.decode([String: ExtractedField].self, from: row["field_details"]),
                                       problems: [], flags: [], thumbnailPNG: nil, text: row["page_text"] ?? "")
                page = try target.seal(sealer.open(page))
                try db.execute(sql: "UPDATE items SET fields = ?, field_details = ?, page_text = ? WHERE id = ?",
                               arguments: [try JSONText.encode(page.fields.mapValues(\.value)), try JSONText.encode(page.fields),
                                           row["page_text"] == nil ? nil : page.text, row["id"] as Int64])
                items += 1
            }
            let stored = "SELECT job_id, page, outcome, thumbnail FROM page_jobs WHERE outcome IS NOT NULL"
            for row in try Row.fetchAll(db, sql: stored) {
                let items = try StoredPage.decode(row["outcome"], legacyThumbnail: row["thumbnail"]).map(sealer.open)
                try db.execute(sql: "UPDATE page_jobs SET outcome = ?, thumbnail = NULL WHERE job_id = ? AND page = ?",
                               arguments: [try StoredPage.encode(items, seal: target.seal), row["job_id"] as Int64,
                                           row["page"] as Int])
            }
            try db.execute(sql: "DROP TRIGGER events_never_change; DROP TRIGGER events_chained")
            let events = try Row.fetchAll(db, sql: """
                SELECT events.id, events.field, events.old_value, events.new_value, items.type FROM events
                JOIN items ON items.id = events.item_id WHERE events.field IS NOT NULL
                """)
            for row in events {
                let type = DocumentType(rawValue: row["type"]) ?? .unknown
                guard let field = row["field"] as String?, PersonalDataSealer.isPersonal(field, type) else { continue }
                let reseal = { (value: String?) throws -> String? in try value.map { try target.sealValue(sealer.openValue($0)) } }
                try db.execute(sql: "UPDATE events SET old_value = ?, new_value = ? WHERE id = ?",
                               arguments: [try reseal(row["old_value"]), try reseal(row["new_value"]), row["id"] as Int64])
            }
            // Each item's sealed values changed: its last event binds the state it now has.
            for row in try Row.fetchAll(db, sql: "SELECT item_id, max(id) AS last FROM events GROUP BY item_id") {
                try db.execute(sql: "UPDATE events SET state = ? WHERE id = ?",
                               arguments: [try ItemState.current(of: row["item_id"], in: db)?.text, row["last"] as Int64])
            }
            try Self.chainExistingEvents(db)
            try db.execute(sql: Self.eventGuards)
            try resealSecondFactors(to: target, change: change, in: db)
            try db.execute(sql: "DELETE FROM personal_data")
            let now = ISO8601DateFormatter().string(from: Date())
            if let newKey {
                try db.execute(sql: "INSERT INTO personal_data (id, key_check, since) VALUES (1, ?, ?)",
                               arguments: [newKey.check, now])
            }
            let after = try Self.integrity(db)
            try db.execute(sql: "INSERT INTO key_changes (at, change, head_before, head_after) VALUES (?, ?, ?, ?)",
                           arguments: [now, change, before.head, after.head])
            return RekeyReport(change: change, items: items, events: after.events, headBefore: before.head,
                               headAfter: after.head)
        }
    }
}

extension ArchiveDatabase {
    /// Every second-factor secret sealed with the new key (or put in clear), each change an event of the accounts'
    /// chain binding the account's new state.
    func resealSecondFactors(to target: PersonalDataSealer, change: String, in db: Database) throws {
        for account in try Account.fetchAll(db) where account.totpSecret != nil {
            try target.sealed(sealer.opened(account)).update(db)
            try Self.append(AccountEvent(actor: "certarchive", account: account.name, action: "second factor re-sealed",
                                         detail: "rekey: \(change)"),
                            account: try Account.fetchOne(db, key: account.id), to: db)
        }
    }
}

public struct RekeyError: Error, CustomStringConvertible {
    public var description: String
    package init(_ description: String) { self.description = description }
}
