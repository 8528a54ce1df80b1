import Archive
import Foundation
import IngestCore
import PostgresNIO

/// What reviewers do, on an archive several `serve` processes share: each change is one transaction that locks
/// its item's row, so two changes to one item come one after the other, and the second, worked out from what the
/// first replaced, is refused (`ItemChangedError`) rather than laid over it.
extension PostgresArchive: ReviewArchive {
    public func apply(_ update: ItemUpdate, to itemID: Int64) throws {
        try connections.transaction { session in
            try ensureKeyUnchanged(in: session)
            guard let typeName = try session.value("SELECT type FROM items WHERE id = \(itemID) FOR UPDATE", as: String.self)
            else { throw PostgresArchiveError.inconsistent("no item \(itemID)") }
            // Sealed by the type it has from now on (a 特种作业 number holds a 身份证号).
            let type = update.type ?? DocumentType(rawValue: typeName) ?? .unknown
            if let basedOn = update.basedOn {
                // Read after the row lock: a change committed while this one waited is seen here.
                let current = try session.value("""
                    SELECT coalesce(max(id), 0) FROM events WHERE item_id = \(itemID) AND \(unescaped: AuditEvent.changingActionsSQL)
                    """, as: Int64.self) ?? 0
                guard current == basedOn else { throw ItemChangedError(itemID: itemID, basedOn: basedOn, current: current) }
            }
            let fields = try sealer.seal(update.fields, type: type)
            try session.execute("""
                UPDATE items SET fields = \(try JSONText.encode(fields.mapValues(\.value))),
                    field_details = \(try JSONText.encode(fields)), flags = \(try JSONText.encode(update.flags)),
                    status = \(update.status.rawValue), type = \(type.rawValue)
                WHERE id = \(itemID)
                """)
            try session.execute("DELETE FROM problems WHERE item_id = \(itemID)")
            for problem in update.problems {
                try session.execute("""
                    INSERT INTO problems (item_id, rule, field, message)
                    VALUES (\(itemID), \(problem.rule), \(problem.field), \(problem.message))
                    """)
            }
            var chain = try EventAppender(session)
            let state = try ItemStates.current(of: itemID, in: session)
            for event in update.events { try chain.append(try sealer.seal(event, type: type), state: state) }
            // A step decided ends the claim of whoever had the item open, as on SQLite.
            if update.events.contains(where: { $0.action != .set }) {
                try session.execute("DELETE FROM item_claims WHERE item_id = \(itemID)")
            }
        }
    }

    /// Records an event that changes nothing of its item (a number shown, an item given to someone).
    public func note(_ event: AuditEvent) throws {
        try connections.transaction { session in
            try ensureKeyUnchanged(in: session)
            guard let typeName = try session.value("SELECT type FROM items WHERE id = \(event.itemID)", as: String.self)
            else { throw PostgresArchiveError.inconsistent("no item \(event.itemID)") }
            // Counted on the item, bound in its state: its last events cut off the chain's end show.
            try session.execute("UPDATE items SET noted = noted + 1 WHERE id = \(event.itemID)")
            var chain = try EventAppender(session)
            try chain.append(try sealer.seal(event, type: DocumentType(rawValue: typeName) ?? .unknown),
                             state: try ItemStates.current(of: event.itemID, in: session))
        }
    }

    public func reviewImage(itemID: Int64) throws -> [UInt8]? {
        try connections.withSession { session in
            try session.query("SELECT review_image FROM items WHERE id = \(itemID)").first { _ in true }
                .flatMap { try $0.decode(ByteBuffer?.self) }.map { Array($0.readableBytesView) }
        }
    }

    public func scan(ofItem itemID: Int64) throws -> ItemScan? {
        try connections.withSession { session in
            guard let input = try session.query("""
                SELECT inputs.id, inputs.sha256, inputs.source, inputs.stored_at FROM items
                JOIN inputs ON inputs.id = items.input_id WHERE items.id = \(itemID)
                """).first(where: { _ in true }) else { return nil }
            let (inputID, sha256, source, storedAt) = try input.decode((Int64, String, String, String?).self)
            let items = try session.query("SELECT id, page FROM items WHERE input_id = \(inputID) ORDER BY page, id").map { row in
                let (id, page) = try row.decode((Int64, Int?).self)
                return (id: id, page: page)
            }
            return ItemScan(scan: StoredScan(sha256: sha256, source: source, storedAt: storedAt), items: items)
        }
    }

    /// Items of any status whose certificate number, holder, company or issuer contains `text`, newest first.
    public func search(_ text: String, limit: Int) throws -> [StoredItem] {
        let ids = try connections.withSession { session in
            try session.values("""
                SELECT id FROM items WHERE strpos(fields::jsonb ->> 'certificate_number', \(text)) > 0
                    OR strpos(fields::jsonb ->> 'holder', \(text)) > 0 OR strpos(fields::jsonb ->> 'company', \(text)) > 0
                    OR strpos(fields::jsonb ->> 'issuer', \(text)) > 0 OR strpos(fields::jsonb ->> 'credit_code', \(text)) > 0
                    OR strpos(fields::jsonb ->> 'id_number', \(text)) > 0
                ORDER BY id DESC LIMIT \(limit)
                """, as: Int64.self)
        }
        guard !ids.isEmpty else { return [] }
        var filter = ItemFilter()
        filter.ids = ids
        return try items(filter)
    }

    /// For each field value, the correction reviewers made most often to that same value elsewhere.
    public func reviewerCorrections(for item: StoredItem) throws -> [ReviewerCorrection] {
        try connections.withSession { session in
            try item.fields.sorted { $0.key < $1.key }.compactMap { name, field -> ReviewerCorrection? in
                try session.query("""
                    SELECT new_value, count(*) AS times FROM events
                    WHERE action = 'set' AND actor LIKE 'reviewer:%' AND field = \(name) AND old_value = \(field.value)
                        AND new_value <> old_value AND item_id <> \(item.id)
                    GROUP BY new_value ORDER BY times DESC, max(id) DESC LIMIT 1
                    """).first { _ in true }.map { row in
                    let (value, times) = try row.decode((String, Int64).self)
                    return ReviewerCorrection(field: name, from: field.value, value: value, times: Int(times))
                }
            }
        }
    }

    /// The items reviewers decided today (UTC).
    public func itemsDecidedToday() throws -> [Int64] {
        let today = AuditEvent.utcDay(of: Date())
        let decisions = AuditEvent.decisions.map(\.rawValue)
        return try connections.withSession { session in
            try session.values("""
                SELECT DISTINCT item_id FROM events
                WHERE at COLLATE "C" >= \(today.start) AND at COLLATE "C" < \(today.end)
                    AND actor LIKE 'reviewer:%' AND action = ANY(\(decisions))
                """, as: Int64.self)
        }
    }

    /// The last decision a reviewer made on each of a run's items.
    public func reviewerDecisions(runID: Int64) throws -> [Int64: AuditEvent] {
        let decisions = [AuditEvent.Action.accepted, .rejected, .submitted, .approved, .sentBack].map(\.rawValue)
        let events = try connections.withSession { session in
            try session.query("""
                SELECT \(unescaped: Self.eventColumns) FROM events
                WHERE actor LIKE 'reviewer:%' AND action = ANY(\(decisions))
                    AND item_id IN (SELECT id FROM items WHERE run_id = \(runID))
                ORDER BY id
                """).map(Self.event)
        }
        return Dictionary(events.map { ($0.itemID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// An item's events, oldest first, sealed values opened.
    public func history(itemID: Int64) throws -> [AuditEvent] {
        try connections.withSession { session in
            try session.query("SELECT \(unescaped: Self.eventColumns) FROM events WHERE item_id = \(itemID) ORDER BY id")
                .map { sealer.open(try Self.event($0)) }
        }
    }

    static let eventColumns = "id, item_id, at, actor, action, field, old_value, new_value, reason, state, prev_hash, hash"

    static func event(_ row: PostgresRow) throws -> AuditEvent {
        let (id, itemID, at, actor, action, field, oldValue, newValue, reason, state, prevHash, hash)
            = try row.decode((Int64, Int64, String, String, String, String?, String?, String?, String?, String?,
                              String, String).self)
        guard let kind = AuditEvent.Action(rawValue: action) else {
            throw PostgresArchiveError.inconsistent("event \(id) has an unknown action \(action)")
        }
        var event = AuditEvent(itemID: itemID, actor: actor, action: kind, field: field, oldValue: oldValue,
                               newValue: newValue, reason: reason)
        event.id = id; event.at = at; event.state = state; event.prevHash = prevHash; event.hash = hash
        return event
    }

    /// Each item's companies, for accounts limited to some (as the SQLite archive links them).
    public func itemCompanyCodes() throws -> [Int64: Set<String>] {
        let rows = try connections.withSession { session in
            try session.query("SELECT id, fields, status FROM items").map { row in
                let (id, fields, status) = try row.decode((Int64, String, String).self)
                return CompanyLinks.StoredFields(id: id, fields: fields, accepted: status == ItemStatus.accepted.rawValue)
            }
        }
        return CompanyLinks.codes(rows, sealer: sealer)
    }
}

/// Items held while a reviewer works on them, and items given to reviewers (their history's `assigned` events).
extension PostgresArchive {
    /// Claims the item for `reviewer` until `until`, unless another person holds it at `now`: then that claim is
    /// returned and nothing changes. One statement, so two servers never both take it.
    public func claim(itemID: Int64, by reviewer: String, until: Date, now: Date) throws -> ItemClaim? {
        try connections.transaction { session in
            let taken = try session.value("""
                INSERT INTO item_claims (item_id, reviewer, until) VALUES (\(itemID), \(reviewer), \(until))
                ON CONFLICT (item_id) DO UPDATE SET reviewer = excluded.reviewer, until = excluded.until
                    WHERE item_claims.reviewer = excluded.reviewer OR item_claims.until <= \(now)
                RETURNING item_id
                """, as: Int64.self)
            guard taken == nil else { return nil }
            return try Self.claim(itemID, in: session)
        }
    }

    /// The claim on the item at `now`; nil when nobody holds it.
    public func claim(itemID: Int64, now: Date) throws -> ItemClaim? {
        try connections.withSession { session in try Self.claim(itemID, in: session).flatMap { $0.until > now ? $0 : nil } }
    }

    public func releaseClaim(itemID: Int64) throws {
        try connections.withSession { session in try session.execute("DELETE FROM item_claims WHERE item_id = \(itemID)") }
    }

    private static func claim(_ itemID: Int64, in session: PostgresSession) throws -> ItemClaim? {
        try session.query("SELECT reviewer, until FROM item_claims WHERE item_id = \(itemID)").first { _ in true }
            .map { row in
                let (reviewer, until) = try row.decode((String, Date).self)
                return ItemClaim(reviewer: reviewer, until: until)
            }
    }

    /// Each assigned item's reviewer, by the last `assigned` event of its history (an empty one unassigns).
    public func assignees() throws -> [Int64: String] {
        try connections.withSession { session in
            var assigned: [Int64: String] = [:]
            for row in try session.query("""
                SELECT DISTINCT ON (item_id) item_id, new_value FROM events WHERE action = 'assigned'
                ORDER BY item_id, id DESC
                """) {
                let (itemID, name) = try row.decode((Int64, String?).self)
                if let name, !name.isEmpty { assigned[itemID] = name }
            }
            return assigned
        }
    }

    public func assignee(itemID: Int64) throws -> String? {
        try connections.withSession { session in
            try session.query("""
                SELECT new_value FROM events WHERE item_id = \(itemID) AND action = 'assigned' ORDER BY id DESC LIMIT 1
                """).first { _ in true }.flatMap { try $0.decode(String?.self) }
        }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
