import Foundation
import GRDB
import IngestCore

/// An item reduced to what compliance questions need: no page text, boxes or thumbnail.
public struct RecordSummary: Sendable {
    public var id: Int64
    public var source: String
    public var page: Int?
    public var type: DocumentType
    public var status: ItemStatus
    /// Field name → value.
    public var fields: [String: String]
    /// The day (UTC, `YYYY-MM-DD`) of the run that took the item in.
    public var intakeDay: String
    /// The rules of the item's open problems.
    public var rules: [String]
}

extension ArchiveDatabase {
    /// Every item of the given statuses (all when nil), in intake order.
    public func recordSummaries(statuses: [ItemStatus]? = nil) throws -> [RecordSummary] {
        var filter = ItemFilter()
        filter.statuses = statuses
        let (whereClause, arguments) = filter.sql
        return try writer.read { db in
            let rules = Dictionary(grouping: try Row.fetchAll(db, sql: """
                SELECT item_id, rule FROM problems WHERE item_id IN (SELECT id FROM items \(whereClause)) ORDER BY id
                """, arguments: arguments), by: { $0["item_id"] as Int64 })
            return try Row.fetchAll(db, sql: """
                SELECT items.id, source, page, type, status, fields, substr(runs.started_at, 1, 10) AS day
                FROM items JOIN runs ON runs.id = items.run_id
                WHERE items.id IN (SELECT id FROM items \(whereClause)) ORDER BY items.id
                """, arguments: arguments).map { row in
                let id: Int64 = row["id"]
                return RecordSummary(
                    id: id, source: row["source"], page: row["page"],
                    type: DocumentType(rawValue: row["type"]) ?? .unknown,
                    status: ItemStatus(rawValue: row["status"]) ?? .review,
                    fields: try JSONText.decode([String: String].self, from: row["fields"]),
                    intakeDay: row["day"], rules: (rules[id] ?? []).map { $0["rule"] })
            }
        }
    }
}
