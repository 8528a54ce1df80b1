import Archive
import Foundation
import IngestCore
import PostgresNIO

/// Appends audit events to the one hash chain, inside the caller's transaction. It locks the chain's head row
/// first, so a writer on another machine appends only after this transaction ends: ids and hashes follow one
/// another across every process. The events table's trigger checks each event follows the head, and moves it.
struct EventAppender {
    private let session: PostgresSession
    private var lastID: Int64
    private var lastHash: String

    init(_ session: PostgresSession) throws {
        self.session = session
        guard let row = try session.query("SELECT last_id, hash FROM chain_head WHERE id = 1 FOR UPDATE").first(where: { _ in true })
        else { throw PostgresArchiveError.inconsistent("the audit chain's head row is missing") }
        (lastID, lastHash) = try row.decode((Int64, String).self)
    }

    /// Appends `event`, binding `state` (the item as the event leaves it) into its hash.
    mutating func append(_ event: AuditEvent, state: ItemState?) throws {
        let id = lastID + 1
        let stateText = state?.text
        let hash = EventChain.hash(id: id, itemID: event.itemID, at: event.at, actor: event.actor,
                                   action: event.action.rawValue, field: event.field, oldValue: event.oldValue,
                                   newValue: event.newValue, reason: event.reason, state: stateText, previous: lastHash)
        try session.execute("""
            INSERT INTO events (id, item_id, at, actor, action, field, old_value, new_value, reason, state, prev_hash, hash)
            VALUES (\(id), \(event.itemID), \(event.at), \(event.actor), \(event.action.rawValue), \(event.field),
                    \(event.oldValue), \(event.newValue), \(event.reason), \(stateText), \(lastHash), \(hash))
            """)
        lastID = id
        lastHash = hash
    }
}

/// An item's state (what its events bind) in the PostgreSQL archive.
enum ItemStates {
    /// The state of an item with these columns and problems: the problems ordered as the SQLite archive orders
    /// them (rule, field with none first, message; byte order), so both stores bind the same text.
    static func state(status: String, fields: String, details: String, flags: String, problems: [Problem],
                      thumbnail: Data?, identity: ItemState.Identity?, reviewImage: Data?, noted: Int = 0) -> ItemState {
        let ordered = problems.sorted { a, b in
            let left = (Array(a.rule.utf8), a.field.map { Array($0.utf8) }, Array(a.message.utf8))
            let right = (Array(b.rule.utf8), b.field.map { Array($0.utf8) }, Array(b.message.utf8))
            if left.0 != right.0 { return left.0.lexicographicallyPrecedes(right.0) }
            if left.1 != right.1 {
                guard let l = left.1 else { return true }
                guard let r = right.1 else { return false }
                return l.lexicographicallyPrecedes(r)
            }
            return left.2.lexicographicallyPrecedes(right.2)
        }
        return ItemState(status: status, fields: fields, details: details, flags: flags,
                         problems: ordered.map { .array([.string($0.rule), .optional($0.field), .string($0.message)]) },
                         thumbnail: thumbnail, identity: identity, reviewImage: reviewImage, noted: noted)
    }

    /// The item's state as it stands in the database; nil when there is no such item.
    static func current(of itemID: Int64, in session: PostgresSession) throws -> ItemState? {
        guard let row = try session.query("""
            SELECT i.status, i.fields, i.field_details, i.flags, i.thumbnail, i.review_image, i.type, i.source, i.page,
                   i.run_id, i.input_id, n.sha256, i.noted
            FROM items i LEFT JOIN inputs n ON n.id = i.input_id WHERE i.id = \(itemID)
            """).first(where: { _ in true }) else { return nil }
        let (status, fields, details, flags, thumbnail, image, type, source, page, runID, inputID, sha256, noted) = try row.decode(
            (String, String, String, String, ByteBuffer?, ByteBuffer?, String, String, Int?, Int64, Int64, String?, Int).self)
        let problems = try session.query("SELECT rule, field, message FROM problems WHERE item_id = \(itemID)").map { row in
            let (rule, field, message) = try row.decode((String, String?, String).self)
            return Problem(rule: rule, field: field, message: message)
        }
        return state(status: status, fields: fields, details: details, flags: flags, problems: problems,
                     thumbnail: thumbnail.map { Data($0.readableBytesView) },
                     identity: ItemState.Identity(type: type, source: source, page: page, runID: runID, inputID: inputID,
                                                  sha256: sha256),
                     reviewImage: image.map { Data($0.readableBytesView) }, noted: noted)
    }
}
