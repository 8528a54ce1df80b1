import Foundation
import GRDB
import IngestCore

/// An item reduced to what compliance questions need: no page text, boxes or thumbnail.
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
                SELECT items.id, source, page, type, status, fields, flags, substr(runs.started_at, 1, 10) AS day
                FROM items JOIN runs ON runs.id = items.run_id
                WHERE items.id IN (SELECT id FROM items \(whereClause)) ORDER BY items.id
                """, arguments: arguments).map { row in
                let id: Int64 = row["id"]
                return try sealer.summary(id: id, source: row["source"], page: row["page"], type: row["type"],
                                          status: row["status"], fields: row["fields"], flags: row["flags"],
                                          intakeDay: row["day"], rules: (rules[id] ?? []).map { $0["rule"] })
            }
        }
    }
}

extension ArchiveDatabase {
    /// Each item's companies (统一社会信用代码), for accounts limited to some: the code printed on it, the code of
    /// the company its `company` or `holder` names (as another item of the archive prints both), and for a
    /// person's certificate the companies of the person's other certificates (by ID number). An item linked to
    /// no company has none.
    public func itemCompanyCodes() throws -> [Int64: Set<String>] {
        let rows: [(id: Int64, fields: String)] = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, fields FROM items").map { row in (row["id"], row["fields"]) }
        }
        return CompanyLinks.codes(rows, sealer: sealer)
    }

    /// Records an event that changes nothing of its item (a whole number shown to someone), sealed like others.
    public func note(_ event: AuditEvent) throws {
        try writer.write { db in
            guard let type = try String.fetchOne(db, sql: "SELECT type FROM items WHERE id = ?", arguments: [event.itemID])
                .flatMap(DocumentType.init) else { throw DatabaseError(message: "no item \(event.itemID)") }
            try sealer.seal(event, type: type).append(to: db)
        }
    }
}

/// How items link to companies, whichever store holds them (`itemCompanyCodes`).
package enum CompanyLinks {
    /// Each item's companies, from every item's id and stored `fields` JSON.
    package static func codes(_ stored: [(id: Int64, fields: String)], sealer: PersonalDataSealer) -> [Int64: Set<String>] {
        let rows = stored.map { ($0.id, (try? JSONText.decode([String: String].self, from: $0.fields)) ?? [:]) }
        var codeByName: [String: String] = [:]
        for (_, fields) in rows {
            if let code = fields["credit_code"], let holder = fields["holder"] { codeByName[holder] = code }
        }
        // A person is linked by the whole number only: masks (an encrypted archive opened without its key) may be
        // alike for two people.
        let wholePerson = { (fields: [String: String]) -> String? in
            fields["id_number"].map(sealer.openValue).flatMap { $0.contains("*") ? nil : $0 }
        }
        var codes: [Int64: Set<String>] = [:]
        var byPerson: [String: Set<String>] = [:]
        for (id, fields) in rows {
            var mine = Set([fields["credit_code"]].compactMap { $0 })
            for name in [FieldName.company, FieldName.holder] {
                if let value = fields[name], let code = codeByName[value] { mine.insert(code) }
            }
            codes[id] = mine
            if let person = wholePerson(fields) { byPerson[person, default: []].formUnion(mine) }
        }
        for (id, fields) in rows {
            if let person = wholePerson(fields), let theirs = byPerson[person] {
                codes[id, default: []].formUnion(theirs)
            }
        }
        return codes
    }
}
