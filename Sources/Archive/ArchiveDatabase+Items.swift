import Foundation
import GRDB
import IngestCore

/// Reading items back: all of them, by run and status, or through a filter.
extension ArchiveDatabase {

    /// Items in source and page order; all of them, or those of one run with the given statuses.
    public func items(runID: Int64? = nil, statuses: [ItemStatus]? = nil) throws -> [StoredItem] {
        var filter = ItemFilter()
        filter.runID = runID
        filter.statuses = statuses
        return try items(filter)
    }

    /// Items matching every condition of the filter, in source and page order.
    public func items(_ filter: ItemFilter) throws -> [StoredItem] {
        try writer.read { db in
            let (whereClause, arguments) = filter.sql
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, source, page, type, status, field_details, flags, thumbnail, page_width, page_height,
                       region, back_region, run_id,
                       (SELECT substr(started_at, 1, 10) FROM runs WHERE runs.id = items.run_id) AS intake_day,
                       (SELECT coalesce(max(id), 0) FROM events WHERE item_id = items.id AND \(AuditEvent.changingActionsSQL))
                           AS revision
                FROM items \(whereClause)
                ORDER BY source, page, id
                """, arguments: arguments)
            let problems = try Row.fetchAll(db, sql: """
                SELECT item_id, rule, field, message FROM problems WHERE item_id IN
                (SELECT id FROM items \(whereClause)) ORDER BY id
                """, arguments: arguments)
            let problemsByItem = Dictionary(grouping: problems, by: { $0["item_id"] as Int64 })
            return try rows.map { row in
                let id: Int64 = row["id"]
                return StoredItem(
                    id: id, source: row["source"], page: row["page"],
                    type: DocumentType(rawValue: row["type"]) ?? .unknown,
                    status: ItemStatus(rawValue: row["status"]) ?? .review,
                    fields: sealer.open(try JSONText.decode([String: ExtractedField].self, from: row["field_details"]),
                                        type: DocumentType(rawValue: row["type"]) ?? .unknown),
                    problems: (problemsByItem[id] ?? []).map {
                        Problem(rule: $0["rule"], field: $0["field"], message: $0["message"])
                    },
                    flags: try JSONText.decode([String].self, from: row["flags"]),
                    thumbnailPNG: (row["thumbnail"] as Data?).map { [UInt8]($0) },
                    pageWidth: row["page_width"], pageHeight: row["page_height"],
                    region: try (row["region"] as String?).map { try JSONText.decode(Box.self, from: $0) },
                    backRegion: try (row["back_region"] as String?).map { try JSONText.decode(Box.self, from: $0) },
                    runID: row["run_id"], intakeDay: row["intake_day"], revision: row["revision"])
            }
        }
    }
}

extension ArchiveDatabase {
    /// The ids of the items matching the filter, in source and page order: what is cheap to ask per request.
    public func itemIDs(_ filter: ItemFilter) throws -> [Int64] {
        try writer.read { db in
            let (whereClause, arguments) = filter.sql
            return try Int64.fetchAll(db, sql: "SELECT id FROM items \(whereClause) ORDER BY source, page, id",
                                      arguments: arguments)
        }
    }
}

/// Which items to read: every condition given must hold.
public struct ItemFilter: Sendable {
    public var ids: [Int64]?
    public var runID: Int64?
    public var statuses: [ItemStatus]?
    public var type: DocumentType?
    /// Items with a problem of this rule (e.g. `holder.unconfirmed`), or whose rule starts with it and a dot.
    public var rule: String?
    /// Items whose source path contains this.
    public var sourceContains: String?

    public init() {}

    var sql: (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let ids {
            conditions.append("id IN (\(ids.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(ids)
        }
        if let runID { conditions.append("run_id = ?"); arguments += [runID] }
        if let statuses {
            conditions.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(statuses.map(\.rawValue))
        }
        if let type { conditions.append("type = ?"); arguments += [type.rawValue] }
        if let rule {
            conditions.append("id IN (SELECT item_id FROM problems WHERE rule = ? OR rule LIKE ? ESCAPE '\\')")
            arguments += [rule, rule.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + ".%"]
        }
        if let sourceContains { conditions.append("instr(source, ?) > 0"); arguments += [sourceContains] }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }
}
