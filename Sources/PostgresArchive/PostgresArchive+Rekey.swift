import Archive
import Foundation
import IngestCore
import PostgresNIO

extension PostgresArchive: RekeyableArchive {
    /// Re-seals every personal number under `newKey` (nil: in clear again), as the SQLite archive's rekey does, in
    /// one transaction: the items' fields and page text, pages read but not yet committed, the audit events (the
    /// chain hashed again, each item's last event binding its re-sealed state), the change kept in `key_changes`.
    /// The tables are locked for the while: ingest and review on other machines wait, then go on under the new key
    /// (a process still holding the old key is refused its next write to a personal number: restart it with the
    /// new one). Refused when the archive fails `verify`: a rekey never launders a break.
    public func rekey(to newKey: PersonalDataKey?) throws -> RekeyReport {
        let (target, change) = try sealer.rekeying(to: newKey)
        return try connections.transaction { session in
            // personal_data first: writers check the key (ensureKeyUnchanged) before they lock anything else.
            try session.execute("LOCK TABLE personal_data, items, page_jobs, events, chain_head IN EXCLUSIVE MODE")
            let before = try integrity(in: session)
            if let broken = before.chainBreak?.description ?? before.itemBreaks.first?.description {
                throw RekeyError("the archive fails verify, so its chain is not rewritten: \(broken)")
            }
            let items = try resealItems(to: target, in: session)
            try resealStoredPages(to: target, in: session)
            try session.execute("ALTER TABLE events DISABLE TRIGGER events_never_change")
            try session.execute("ALTER TABLE events DISABLE TRIGGER events_chained")
            try resealEvents(to: target, in: session)
            let head = try rehashChain(in: session)
            try session.execute("UPDATE chain_head SET last_id = \(head.id), hash = \(head.hash) WHERE id = 1")
            try session.execute("ALTER TABLE events ENABLE TRIGGER events_never_change")
            try session.execute("ALTER TABLE events ENABLE TRIGGER events_chained")
            try resealSecondFactors(to: target, change: change, in: session)
            try session.execute("DELETE FROM personal_data")
            let now = Self.now()
            if let newKey {
                try session.execute("INSERT INTO personal_data (id, key_check, since) VALUES (1, \(newKey.check), \(now))")
            }
            let after = try integrity(in: session)
            try session.execute("""
                INSERT INTO key_changes (at, change, head_before, head_after) VALUES (\(now), \(change), \(before.head), \(after.head))
                """)
            return RekeyReport(change: change, items: items, events: after.events, headBefore: before.head, headAfter: after.head)
        }
    }

    /// Every second-factor secret sealed with the new key (or put in clear), each change an event of the accounts'
    /// chain binding the account's new state.
    private func resealSecondFactors(to target: PersonalDataSealer, change: String, in session: PostgresSession) throws {
        for account in try Self.accounts(in: session) where account.totpSecret != nil {
            let resealed = try target.sealed(sealer.opened(account))
            try session.execute("UPDATE accounts SET totp_secret = \(resealed.totpSecret) WHERE id = \(account.id)")
            try Self.insert(AccountEvent(actor: "certarchive", account: account.name, action: "second factor re-sealed",
                                         detail: "rekey: \(change)"), in: session)
        }
    }

    /// Each item's sealed columns opened with the old key and sealed with the new, as ingest seals a page.
    private func resealItems(to target: PersonalDataSealer, in session: PostgresSession) throws -> Int {
        let rows = try session.query("SELECT id, type, field_details, page_text FROM items ORDER BY id").map {
            try $0.decode((Int64, String, String, String?).self)
        }
        for (id, type, details, text) in rows {
            var page = PageOutcome(page: 1, type: DocumentType(rawValue: type) ?? .unknown, origin: .ocr,
                                   fields: try JSONText.decode([String: ExtractedField].self, from: details),
                                   problems: [], flags: [], thumbnailPNG: nil, text: text ?? "")
            page = try target.seal(sealer.open(page))
            try session.execute("""
                UPDATE items SET fields = \(try JSONText.encode(page.fields.mapValues(\.value))),
                    field_details = \(try JSONText.encode(page.fields)), page_text = \(text == nil ? nil : page.text)
                WHERE id = \(id)
                """)
        }
        return rows.count
    }

    /// Pages read whose file is not committed yet hold sealed items too.
    private func resealStoredPages(to target: PersonalDataSealer, in session: PostgresSession) throws {
        let rows = try session.query("SELECT job_id, page, outcome FROM page_jobs WHERE outcome IS NOT NULL").map {
            try $0.decode((Int64, Int, String).self)
        }
        for (jobID, page, outcome) in rows {
            let opened = try StoredPage.decode(outcome, legacyThumbnail: nil).map(sealer.open)
            try session.execute("""
                UPDATE page_jobs SET outcome = \(try StoredPage.encode(opened, seal: target.seal))
                WHERE job_id = \(jobID) AND page = \(page)
                """)
        }
    }

    /// Reviewers' changes to personal fields re-sealed, and each item's last event binding its state as it now is.
    private func resealEvents(to target: PersonalDataSealer, in session: PostgresSession) throws {
        let changes = try session.query("""
            SELECT events.id, events.field, events.old_value, events.new_value, items.type FROM events
            JOIN items ON items.id = events.item_id WHERE events.field IS NOT NULL
            """).map { try $0.decode((Int64, String, String?, String?, String).self) }
        for (id, field, oldValue, newValue, type) in changes
        where PersonalDataSealer.isPersonal(field, DocumentType(rawValue: type) ?? .unknown) {
            let reseal = { (value: String?) throws -> String? in try value.map { try target.sealValue(sealer.openValue($0)) } }
            try session.execute("UPDATE events SET old_value = \(try reseal(oldValue)), new_value = \(try reseal(newValue)) WHERE id = \(id)")
        }
        let lastEvents = try session.query("SELECT item_id, max(id) FROM events GROUP BY item_id").map {
            try $0.decode((Int64, Int64).self)
        }
        for (itemID, last) in lastEvents {
            try session.execute("UPDATE events SET state = \(try ItemStates.current(of: itemID, in: session)?.text) WHERE id = \(last)")
        }
    }

    /// Hashes every event again in id order, a thousand at a time; the new head.
    private func rehashChain(in session: PostgresSession) throws -> (id: Int64, hash: String) {
        var previous = EventChain.genesis, lastID: Int64 = 0
        while true {
            let batch = try session.query("""
                SELECT \(unescaped: Self.eventColumns) FROM events WHERE id > \(lastID) ORDER BY id LIMIT 1000
                """).map(Self.event)
            guard !batch.isEmpty else { return (lastID, previous) }
            for event in batch {
                let id = event.id ?? 0
                let hash = EventChain.hash(id: id, itemID: event.itemID, at: event.at, actor: event.actor,
                                           action: event.action.rawValue, field: event.field, oldValue: event.oldValue,
                                           newValue: event.newValue, reason: event.reason, state: event.state,
                                           previous: previous)
                try session.execute("UPDATE events SET prev_hash = \(previous), hash = \(hash) WHERE id = \(id)")
                previous = hash
                lastID = id
            }
        }
    }
}
