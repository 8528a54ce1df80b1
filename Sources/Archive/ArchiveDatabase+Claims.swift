import Foundation
import GRDB

/// Who is working on an item in the web UI, and until when.
public struct ItemClaim: Sendable, Equatable {
    public var reviewer: String
    public var until: Date

    public init(reviewer: String, until: Date) {
        self.reviewer = reviewer; self.until = until
    }
}

// Two ways an item is a reviewer's: a claim (he opened it; it lapses after a while, kept in `item_claims`) and an
// assignment (someone gave it to him; it lasts until reassigned). An assignment is the last `assigned` event of
// the item's history, so the history alone says who was given what, by whom, and nothing else can disagree.
extension ArchiveDatabase {
    /// Claims the item for `reviewer` until `until`, unless another person holds it at `now`: then that claim is
    /// returned and nothing changes. One's own claim is renewed.
    public func claim(itemID: Int64, by reviewer: String, until: Date, now: Date) throws -> ItemClaim? {
        try writer.write { db in
            if let held = try Self.claim(itemID, in: db), held.reviewer != reviewer, held.until > now { return held }
            try db.execute(sql: "INSERT OR REPLACE INTO item_claims (item_id, reviewer, until) VALUES (?, ?, ?)",
                           arguments: [itemID, reviewer, ISO8601DateFormatter().string(from: until)])
            return nil
        }
    }

    /// The claim on the item at `now`; nil when nobody holds it.
    public func claim(itemID: Int64, now: Date) throws -> ItemClaim? {
        try writer.read { db in try Self.claim(itemID, in: db).flatMap { $0.until > now ? $0 : nil } }
    }

    /// Ends any claim on the item (it was decided, or given to someone).
    public func releaseClaim(itemID: Int64) throws {
        try writer.write { db in try Self.releaseClaim(itemID, in: db) }
    }

    static func releaseClaim(_ itemID: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM item_claims WHERE item_id = ?", arguments: [itemID])
    }

    private static func claim(_ itemID: Int64, in db: Database) throws -> ItemClaim? {
        guard let row = try Row.fetchOne(db, sql: "SELECT reviewer, until FROM item_claims WHERE item_id = ?",
                                         arguments: [itemID]),
              let until = ISO8601DateFormatter().date(from: row["until"]) else { return nil }
        return ItemClaim(reviewer: row["reviewer"], until: until)
    }

    /// Each assigned item's reviewer, by the last `assigned` event of its history (an empty one unassigns).
    public func assignees() throws -> [Int64: String] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.item_id, e.new_value FROM events e
                JOIN (SELECT MAX(id) AS id FROM events WHERE action = ? GROUP BY item_id) last ON last.id = e.id
                """, arguments: [AuditEvent.Action.assigned.rawValue])
            return Dictionary(rows.compactMap { row -> (Int64, String)? in
                guard let name: String = row["new_value"], !name.isEmpty else { return nil }
                return (row["item_id"], name)
            }, uniquingKeysWith: { _, last in last })
        }
    }

    /// The item's reviewer when it is assigned.
    public func assignee(itemID: Int64) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT new_value FROM events WHERE item_id = ? AND action = ? ORDER BY id DESC LIMIT 1",
                                arguments: [itemID, AuditEvent.Action.assigned.rawValue])
        }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
