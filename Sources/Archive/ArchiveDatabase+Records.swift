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
        let rows: [CompanyLinks.StoredFields] = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, fields, status FROM items").map { row in
                CompanyLinks.StoredFields(id: row["id"], fields: row["fields"], accepted: row["status"] == ItemStatus.accepted.rawValue)
            }
        }
        return CompanyLinks.codes(rows, sealer: sealer)
    }

    /// Records an event that changes nothing of its item's fields (a whole number shown to someone, the item given
    /// to a reviewer), sealed like others. The item counts it (`noted`, bound in its state): such events cut off
    /// the chain's end show.
    public func note(_ event: AuditEvent) throws {
        try writer.write { db in
            guard let type = try String.fetchOne(db, sql: "SELECT type FROM items WHERE id = ?", arguments: [event.itemID])
                .flatMap(DocumentType.init) else { throw DatabaseError(message: "no item \(event.itemID)") }
            try db.execute(sql: "UPDATE items SET noted = noted + 1 WHERE id = ?", arguments: [event.itemID])
            try sealer.seal(event, type: type).append(to: db)
        }
    }
}

/// How items link to companies, whichever store holds them (`itemCompanyCodes`).
package enum CompanyLinks {
    /// One item's stored `fields` JSON, and whether it is in the archive.
    package struct StoredFields {
        package var id: Int64, fields: String, accepted: Bool
        package init(id: Int64, fields: String, accepted: Bool) { self.id = id; self.fields = fields; self.accepted = accepted }
    }

    /// Each item's companies: its own credit code, the codes of the companies it names, and its person's. A name
    /// or a person is linked to a company only by accepted records: a value still in review may be anything a
    /// reviewer typed, and must not hand him another company's items.
    package static func codes(_ stored: [StoredFields], sealer: PersonalDataSealer) -> [Int64: Set<String>] {
        let rows = stored.map { ($0.id, (try? JSONText.decode([String: String].self, from: $0.fields)) ?? [:], $0.accepted) }
        var codeByName: [String: String] = [:]
        for (_, fields, accepted) in rows where accepted {
            if let code = fields["credit_code"], let holder = fields["holder"] { codeByName[holder] = code }
        }
        // A person is linked by the whole number only: masks (an encrypted archive opened without its key) may be
        // alike for two people.
        let wholePerson = { (fields: [String: String]) -> String? in
            fields["id_number"].map(sealer.openValue).flatMap { $0.contains("*") ? nil : $0 }
        }
        var codes: [Int64: Set<String>] = [:]
        var byPerson: [String: Set<String>] = [:]
        for (id, fields, accepted) in rows {
            var mine = Set([fields["credit_code"]].compactMap { $0 })
            for name in [FieldName.company, FieldName.holder] {
                if let value = fields[name], let code = codeByName[value] { mine.insert(code) }
            }
            codes[id] = mine
            if accepted, let person = wholePerson(fields) { byPerson[person, default: []].formUnion(mine) }
        }
        for (id, fields, _) in rows {
            if let person = wholePerson(fields), let theirs = byPerson[person] {
                codes[id, default: []].formUnion(theirs)
            }
        }
        return codes
    }
}
