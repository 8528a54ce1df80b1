import Crypto
import Foundation
import GRDB
import IngestCore

/// What an item is as stored: its status, fields (as stored, sealed values too), flags, problems and thumbnail, each
/// as a digest. Every audit event carries the state its item was left in, inside the event's hash, so `verify` can
/// tell an item changed in the database, or whose last events were removed, from one its history explains.
package struct ItemState: Equatable {
    /// The parts by name, in a fixed order, each a SHA-256 prefix (128 bits: no forgery, short enough to read).
    var parts: [(name: String, digest: String)]

    package static func == (lhs: ItemState, rhs: ItemState) -> Bool { lhs.text == rhs.text }

    /// `status=… fields=… details=… flags=… problems=… thumbnail=…`: the form stored in `events.state`.
    package var text: String { parts.map { "\($0.name)=\($0.digest)" }.joined(separator: " ") }

    init(parts: [(name: String, digest: String)]) { self.parts = parts }

    init?(text: String) {
        let parts = text.split(separator: " ").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        guard !parts.isEmpty, parts.allSatisfy({ $0.count == 2 }) else { return nil }
        self.parts = parts.map { ($0[0], $0[1]) }
    }

    /// The item's state as it stands in `db`; nil when there is no such item.
    static func current(of itemID: Int64, in db: Database) throws -> ItemState? {
        // A migration that binds items before the review image's column exists binds them as it then could.
        let columns = Set(try db.columns(in: "items").map(\.name))
        guard columns.contains("review_image") else { return try earlyState(of: itemID, in: db) }
        let noted = columns.contains("noted") ? "i.noted" : "0"
        guard let row = try Row.fetchOne(db, sql: """
            SELECT i.status, i.fields, i.field_details, i.flags, i.thumbnail, i.review_image, i.type, i.source, i.page,
                   i.run_id, i.input_id, n.sha256, \(noted) AS noted
            FROM items i LEFT JOIN inputs n ON n.id = i.input_id WHERE i.id = ?
            """, arguments: [itemID]) else { return nil }
        let problems = try problems(of: itemID, in: db)
        return ItemState(status: row["status"], fields: row["fields"], details: row["field_details"], flags: row["flags"],
                         problems: problems, thumbnail: row["thumbnail"],
                         identity: Identity(type: row["type"], source: row["source"], page: row["page"], runID: row["run_id"],
                                            inputID: row["input_id"], sha256: row["sha256"]),
                         reviewImage: row["review_image"], noted: row["noted"])
    }

    /// The item's problems as the state binds them: each `[rule, field, message]`, ordered.
    private static func problems(of itemID: Int64, in db: Database) throws -> [OrderedJSON] {
        try Row.fetchAll(db, sql: "SELECT rule, field, message FROM problems WHERE item_id = ? ORDER BY rule, field, message",
                         arguments: [itemID]).map { OrderedJSON.array([.string($0["rule"]), .optional($0["field"]), .string($0["message"])]) }
    }

    /// The state without what is bound since issue 31 (identity, review image), for the schema before them.
    private static func earlyState(of itemID: Int64, in db: Database) throws -> ItemState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT status, fields, field_details, flags, thumbnail FROM items WHERE id = ?",
                                         arguments: [itemID]) else { return nil }
        let problems = try problems(of: itemID, in: db)
        return ItemState(status: row["status"], fields: row["fields"], details: row["field_details"], flags: row["flags"],
                         problems: problems, thumbnail: row["thumbnail"])
    }

    /// What an item is of: its type, the input (file, content, page) and run it came from. Bound since issue 31:
    /// a type changed (which turns masking off), a source, page or run moved, a scan swapped with its hash.
    package struct Identity {
        var type: String, source: String, page: Int?, runID: Int64, inputID: Int64, sha256: String?

        package init(type: String, source: String, page: Int?, runID: Int64, inputID: Int64, sha256: String?) {
            self.type = type; self.source = source; self.page = page; self.runID = runID; self.inputID = inputID
            self.sha256 = sha256
        }

        var text: String {
            OrderedJSON.array([.string(type), .string(source), .string(page.map(String.init) ?? ""), .string(String(runID)),
                               .string(String(inputID)), .string(sha256 ?? "")]).text
        }
    }

    /// The state of an item whose columns are these (`problems`: each `[rule, field, message]`, in that order).
    package init(status: String, fields: String, details: String, flags: String, problems: [OrderedJSON],
                 thumbnail: Data?, identity: Identity? = nil, reviewImage: Data? = nil, noted: Int = 0) {
        var parts = [
            ("status", status),
            ("fields", Self.digest(fields)),
            ("details", Self.digest(details)),
            ("flags", Self.digest(flags)),
            ("problems", Self.digest(OrderedJSON.array(problems).text)),
            ("thumbnail", thumbnail.map { Self.digest($0) } ?? "none"),
        ]
        if let identity {
            parts.append(("identity", Self.digest(identity.text)))
            parts.append(("image", reviewImage.map { Self.digest($0) } ?? "none"))
            parts.append(("noted", String(noted)))
        }
        self.init(parts: parts)
    }

    /// The parts of `self` that differ from `other`, by name ("fields", "thumbnail"…). Only parts both hold count:
    /// an event written before a part was bound does not bind it.
    func differences(from other: ItemState) -> [String] {
        let theirs = Dictionary(other.parts.map { ($0.name, $0.digest) }, uniquingKeysWith: { first, _ in first })
        return parts.filter { part in theirs[part.name].map { $0 != part.digest } ?? false }.map(\.name)
    }

    private static func digest(_ text: String) -> String { digest(Data(text.utf8)) }
    private static func digest(_ data: Data) -> String { Hex.string(SHA256.hash(data: data).prefix(16)) }
}
