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
    /// Who the record is about, when it names a person: the 身份证号, or — in an encrypted archive opened without
    /// its key — `link:` and a keyed digest of it, the same on every record of that person.
    public var personKey: String?
}

extension ArchiveDatabase {
    private func personKey(stored: [String: String], opened: [String: String], type: DocumentType) -> String? {
        let field = stored[FieldName.idNumber] != nil ? FieldName.idNumber
            : type.numberContainsIDNumber ? FieldName.certificateNumber : nil
        guard let field, let value = stored[field] else { return nil }
        if let link = PersonalDataSealer.link(value), sealer.key == nil { return "link:" + link }
        let number = opened[field] ?? value
        return field == FieldName.certificateNumber ? (number.hasPrefix("T") ? String(number.dropFirst()) : nil) : number
    }

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
                let type = DocumentType(rawValue: row["type"]) ?? .unknown
                let stored = try JSONText.decode([String: String].self, from: row["fields"])
                var fields = stored
                for (name, value) in stored where PersonalDataSealer.isPersonal(name, type) {
                    fields[name] = sealer.openValue(value)
                }
                return RecordSummary(
                    id: id, source: row["source"], page: row["page"], type: type,
                    status: ItemStatus(rawValue: row["status"]) ?? .review, fields: fields,
                    intakeDay: row["day"], rules: (rules[id] ?? []).map { $0["rule"] },
                    personKey: personKey(stored: stored, opened: fields, type: type))
            }
        }
    }
}
