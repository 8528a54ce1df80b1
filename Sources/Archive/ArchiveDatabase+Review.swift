import Foundation
import GRDB
import IngestCore

/// A reviewer's change to one item: its fields, problems, flags and status as they now stand, and the events that
/// say what changed. Written in one transaction.
public struct ItemUpdate: Sendable {
    public var fields: [String: ExtractedField]
    public var problems: [Problem]
    public var flags: [String]
    public var status: ItemStatus
    public var events: [AuditEvent]
    /// The revision of the item this change was worked out from (`StoredItem.revision`); the change is refused
    /// with `ItemChangedError` when the item has changed since. nil: no such check.
    public var basedOn: Int64?
    /// The item's type, when a reviewer says what a page the classifier did not recognise is; nil: unchanged.
    public var type: DocumentType?

    public init(fields: [String: ExtractedField], problems: [Problem], flags: [String], status: ItemStatus,
                events: [AuditEvent], basedOn: Int64? = nil, type: DocumentType? = nil) {
        self.fields = fields; self.problems = problems; self.flags = flags; self.status = status; self.events = events
        self.basedOn = basedOn; self.type = type
    }
}

/// A change refused because the item changed after it was read: another person's change came first. Nothing of
/// the refused change was stored.
public struct ItemChangedError: Error, CustomStringConvertible, Equatable {
    public var itemID: Int64
    /// The revision the change was worked out from, and the item's revision now.
    public var basedOn: Int64
    public var current: Int64

    public init(itemID: Int64, basedOn: Int64, current: Int64) {
        self.itemID = itemID; self.basedOn = basedOn; self.current = current
    }

    public var description: String {
        "item \(itemID) changed after it was read (revision \(basedOn), now \(current)): nothing of this change was saved"
    }
}

extension ArchiveDatabase {
    public func item(id: Int64) throws -> StoredItem? {
        var filter = ItemFilter()
        filter.ids = [id]
        return try items(filter).first
    }

    public func apply(_ update: ItemUpdate, to itemID: Int64) throws {
        try writer.write { db in
            let item = ItemRecord.filter(key: itemID)
            guard let stored = try item.select(ItemRecord.Columns.type, as: DocumentType.self).fetchOne(db) else {
                throw DatabaseError(message: "no item \(itemID)")
            }
            // Sealed by the type it has from now on (a 特种作业 number holds a 身份证号).
            let type = update.type ?? stored
            if let basedOn = update.basedOn {
                let current = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM events WHERE item_id = ? AND "
                                                     + AuditEvent.changingActionsSQL, arguments: [itemID]) ?? 0
                guard current == basedOn else { throw ItemChangedError(itemID: itemID, basedOn: basedOn, current: current) }
            }
            let fields = try sealer.seal(update.fields, type: type)
            _ = try item.updateAll(db, ItemRecord.Columns.fields.set(to: try JSONText.encode(fields.mapValues(\.value))),
                                   ItemRecord.Columns.fieldDetails.set(to: try JSONText.encode(fields)),
                                   ItemRecord.Columns.flags.set(to: try JSONText.encode(update.flags)),
                                   ItemRecord.Columns.status.set(to: update.status), ItemRecord.Columns.type.set(to: type))
            _ = try ProblemRecord.filter(ProblemRecord.Columns.itemID == itemID).deleteAll(db)
            for problem in update.problems { try insertProblem(db, itemID: itemID, problem: problem) }
            for event in update.events { try sealer.seal(event, type: type).append(to: db) }
            // A step decided (accepted, submitted, approved, sent back, rejected) ends the claim of whoever had the
            // item open: the next person to act on it is free to.
            if update.events.contains(where: { $0.action != .set }) {
                try Self.releaseClaim(itemID, in: db)
            }
        }
    }

    /// Every change to the item, oldest first.
    public func history(itemID: Int64) throws -> [AuditEvent] {
        try writer.read { db in
            try AuditEvent.of(item: itemID).fetchAll(db).map(sealer.open)
        }
    }
}

extension ArchiveDatabase {
    /// The SHA-256 (hex) of the web UI's access token, nil when none is set.
    public func webTokenSHA256() throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT token_sha256 FROM web_access WHERE id = 1") }
    }

    public func setWebTokenSHA256(_ hash: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO web_access (id, token_sha256, set_at) VALUES (1, ?, ?)",
                           arguments: [hash, ISO8601DateFormatter().string(from: Date())])
        }
    }
}

extension ArchiveDatabase {
    /// The page at the width a reviewer reads it, as ingest kept it for an item in review; nil when none was kept.
    public func reviewImage(itemID: Int64) throws -> [UInt8]? {
        try writer.read { db in
            try ItemRecord.filter(key: itemID).select(ItemRecord.Columns.reviewImage, as: Data.self).fetchOne(db).map { [UInt8]($0) }
        }
    }

    public func scan(ofItem itemID: Int64) throws -> ItemScan? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT inputs.id, inputs.sha256, inputs.source, inputs.stored_at FROM items
                JOIN inputs ON inputs.id = items.input_id WHERE items.id = ?
                """, arguments: [itemID]) else { return nil }
            let inputID: Int64 = row["id"]
            let items = try Row.fetchAll(db, sql: "SELECT id, page FROM items WHERE input_id = ? ORDER BY page, id",
                                         arguments: [inputID]).map { (id: $0["id"] as Int64, page: $0["page"] as Int?) }
            return ItemScan(scan: StoredScan(sha256: row["sha256"], source: row["source"], storedAt: row["stored_at"]),
                            items: items)
        }
    }
}

extension ArchiveDatabase {
    /// The items reviewers decided today (UTC), for the reviewer's progress on the queue page: today's events
    /// found by the index on their time (v13), not by reading the whole history on every queue page.
    public func itemsDecidedToday() throws -> [Int64] {
        let today = AuditEvent.utcDay(of: Date())
        return try writer.read { db in
            try AuditEvent
                .filter(AuditEvent.Columns.at >= today.start && AuditEvent.Columns.at < today.end)
                .filter(AuditEvent.Columns.actor.like("reviewer:%") && AuditEvent.decisions.contains(AuditEvent.Columns.action))
                .select(AuditEvent.Columns.itemID, as: Int64.self).distinct().fetchAll(db)
        }
    }
}

extension ArchiveDatabase {
    /// Items of any status whose certificate number, holder, company or issuer contains `text`, newest first.
    public func search(_ text: String, limit: Int = 200) throws -> [StoredItem] {
        let ids = try writer.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM items WHERE instr(json_extract(fields, '$.certificate_number'), ?) > 0
                    OR instr(json_extract(fields, '$.holder'), ?) > 0 OR instr(json_extract(fields, '$.company'), ?) > 0
                    OR instr(json_extract(fields, '$.issuer'), ?) > 0 OR instr(json_extract(fields, '$.credit_code'), ?) > 0
                    OR instr(json_extract(fields, '$.id_number'), ?) > 0
                ORDER BY id DESC LIMIT ?
                """, arguments: [text, text, text, text, text, text, limit])
        }
        guard !ids.isEmpty else { return [] }
        var filter = ItemFilter()
        filter.ids = ids
        return try items(filter)
    }
}

/// What reviewers made of a value elsewhere: the same field read the same way, corrected to `value`.
public struct ReviewerCorrection: Sendable, Equatable {
    public var field: String
    public var from: String
    public var value: String
    public var times: Int

    package init(field: String, from: String, value: String, times: Int) {
        self.field = field; self.from = from; self.value = value; self.times = times
    }
}

extension ArchiveDatabase {
    /// For each of the item's field values, the correction reviewers made most often to that same value of that
    /// field on other items (a misreading that recurs: the same issuer misread alike on many pages).
    public func reviewerCorrections(for item: StoredItem) throws -> [ReviewerCorrection] {
        try writer.read { db in
            try item.fields.sorted { $0.key < $1.key }.compactMap { name, field -> ReviewerCorrection? in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT new_value, count(*) AS times FROM events
                    WHERE action = 'set' AND actor LIKE 'reviewer:%' AND field = ? AND old_value = ? AND new_value != old_value
                        AND item_id != ?
                    GROUP BY new_value ORDER BY times DESC, max(id) DESC LIMIT 1
                    """, arguments: [name, field.value, item.id]) else { return nil }
                return ReviewerCorrection(field: name, from: field.value, value: row["new_value"], times: row["times"])
            }
        }
    }
}

extension ArchiveDatabase {
    /// The last decision a reviewer made on each of a run's items (accepted, rejected, submitted, approved, sent back).
    public func reviewerDecisions(runID: Int64) throws -> [Int64: AuditEvent] {
        try writer.read { db in
            let decisions: [AuditEvent.Action] = [.accepted, .rejected, .submitted, .approved, .sentBack]
            let events = try AuditEvent
                .filter(AuditEvent.Columns.actor.like("reviewer:%") && decisions.contains(AuditEvent.Columns.action))
                .filter(sql: "item_id IN (SELECT id FROM items WHERE run_id = ?)", arguments: [runID])
                .order(AuditEvent.Columns.id).fetchAll(db)
            return Dictionary(events.map { ($0.itemID, $0) }, uniquingKeysWith: { _, last in last })
        }
    }
}
