import Archive
import Foundation
import IngestCore
import PostgresNIO

/// Reading items back, as the SQLite archive reads them: the same order, the same fields opened, each with its
/// problems and its revision.
extension PostgresArchive {
    public var encryptsPersonalData: Bool { sealer.encrypted }
    public var hasPersonalDataKey: Bool { !sealer.encrypted || sealer.key != nil }

    /// Items in source and page order; all of them, or those of one run with the given statuses.
    public func items(runID: Int64?, statuses: [ItemStatus]?) throws -> [StoredItem] {
        var filter = ItemFilter()
        filter.runID = runID
        filter.statuses = statuses
        return try items(filter)
    }

    /// One item; nil when there is none with that id.
    public func item(id: Int64) throws -> StoredItem? {
        var filter = ItemFilter()
        filter.ids = [id]
        return try items(filter).first
    }

    /// Items matching every condition of the filter, in source and page order.
    public func items(_ filter: ItemFilter) throws -> [StoredItem] {
        try connections.withSession { session in
            let rows = try session.query(Self.matching(filter, select: """
                SELECT id, source, page, type, status, field_details, flags, thumbnail, page_width, page_height,
                       region, back_region, run_id, (SELECT substr(started_at, 1, 10) FROM runs WHERE runs.id = items.run_id),
                       (SELECT coalesce(max(e.id), 0) FROM events e WHERE e.item_id = items.id AND
                           e.\(AuditEvent.changingActionsSQL))
                FROM items
                """, then: "ORDER BY source COLLATE \"C\", page NULLS FIRST, id"))
            // Every matching item's problems in one query, as the SQLite store reads them.
            var problemsByItem: [Int64: [Problem]] = [:]
            for row in try session.query(Self.matching(filter, select: """
                SELECT p.item_id, p.rule, p.field, p.message FROM problems p JOIN items ON items.id = p.item_id
                """, then: "ORDER BY p.id")) {
                let (itemID, rule, field, message) = try row.decode((Int64, String, String?, String).self)
                problemsByItem[itemID, default: []].append(Problem(rule: rule, field: field, message: message))
            }
            return try rows.map { row in try storedItem(row, problems: problemsByItem) }
        }
    }

    /// The ids of the items matching the filter, in source and page order.
    public func itemIDs(_ filter: ItemFilter) throws -> [Int64] {
        try connections.withSession { session in
            try session.values(Self.matching(filter, select: "SELECT id FROM items",
                                             then: "ORDER BY source COLLATE \"C\", page NULLS FIRST, id"), as: Int64.self)
        }
    }

    private func storedItem(_ row: PostgresRow, problems: [Int64: [Problem]]) throws -> StoredItem {
        let (id, source, page, typeName, statusName, details, flags, thumbnail, width, height, region, back, runID, day,
             revision) = try row.decode((Int64, String, Int?, String, String, String, String, ByteBuffer?, Int?, Int?, String?,
                                         String?, Int64, String?, Int64).self)
        let type = DocumentType(rawValue: typeName) ?? .unknown
        return StoredItem(
            id: id, source: source, page: page, type: type, status: ItemStatus(rawValue: statusName) ?? .review,
            fields: sealer.open(try JSONText.decode([String: ExtractedField].self, from: details), type: type),
            problems: problems[id] ?? [], flags: try JSONText.decode([String].self, from: flags),
            thumbnailPNG: thumbnail.map { Array($0.readableBytesView) }, pageWidth: width, pageHeight: height,
            region: try region.map { try JSONText.decode(Box.self, from: $0) },
            backRegion: try back.map { try JSONText.decode(Box.self, from: $0) },
            runID: runID, intakeDay: day, revision: revision)
    }

    /// `select`, restricted to the items the filter matches (it names the items table `items`), then `then`.
    /// A condition not given is bound as NULL and drops out when the statement is planned.
    static func matching(_ filter: ItemFilter, select: String, then tail: String) -> PostgresQuery {
        let statuses = filter.statuses?.map(\.rawValue)
        let type = filter.type?.rawValue
        return """
            \(unescaped: select)
            WHERE (\(filter.ids)::bigint[] IS NULL OR items.id = ANY(\(filter.ids)))
                AND (\(filter.runID)::bigint IS NULL OR items.run_id = \(filter.runID))
                AND (\(statuses)::text[] IS NULL OR items.status = ANY(\(statuses)))
                AND (\(type)::text IS NULL OR items.type = \(type))
                AND (\(filter.rule)::text IS NULL OR items.id IN (SELECT item_id FROM problems
                     WHERE rule = \(filter.rule) OR starts_with(rule, \(filter.rule) || '.')))
                AND (\(filter.sourceContains)::text IS NULL OR strpos(items.source, \(filter.sourceContains)) > 0)
            \(unescaped: tail)
            """
    }
}
