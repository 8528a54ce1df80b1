import Archive
import Foundation
import IngestCore
import PostgresNIO

extension PostgresArchive: RecordArchive {
    /// Every item of the given statuses (all when nil), in intake order, as the compliance answers read it.
    public func recordSummaries(statuses: [ItemStatus]?) throws -> [RecordSummary] {
        try connections.transaction(isolation: "REPEATABLE READ, READ ONLY") { session in
            let statusNames = statuses?.map(\.rawValue)
            var rules: [Int64: [String]] = [:]
            for row in try session.query("""
                SELECT p.item_id, p.rule FROM problems p JOIN items i ON i.id = p.item_id
                WHERE \(statusNames)::text[] IS NULL OR i.status = ANY(\(statusNames)) ORDER BY p.id
                """) {
                let (itemID, rule) = try row.decode((Int64, String).self)
                rules[itemID, default: []].append(rule)
            }
            return try session.query("""
                SELECT items.id, source, page, type, status, fields, flags, substr(runs.started_at, 1, 10)
                FROM items JOIN runs ON runs.id = items.run_id
                WHERE \(statusNames)::text[] IS NULL OR status = ANY(\(statusNames)) ORDER BY items.id
                """).map { row in
                let (id, source, page, type, status, fields, flags, day)
                    = try row.decode((Int64, String, Int?, String, String, String, String, String).self)
                return try sealer.summary(id: id, source: source, page: page, type: type, status: status, fields: fields,
                                          flags: flags, intakeDay: day, rules: rules[id] ?? [])
            }
        }
    }
}
