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
        guard let row = try Row.fetchOne(db, sql: """
            SELECT status, fields, field_details, flags, thumbnail FROM items WHERE id = ?
            """, arguments: [itemID]) else { return nil }
        let problems = try Row.fetchAll(db, sql: """
            SELECT rule, field, message FROM problems WHERE item_id = ? ORDER BY rule, field, message
            """, arguments: [itemID]).map { OrderedJSON.array([.string($0["rule"]), .optional($0["field"]), .string($0["message"])]) }
        return ItemState(status: row["status"], fields: row["fields"], details: row["field_details"], flags: row["flags"],
                         problems: problems, thumbnail: row["thumbnail"])
    }

    /// The state of an item whose columns are these (`problems`: each `[rule, field, message]`, in that order).
    package init(status: String, fields: String, details: String, flags: String, problems: [OrderedJSON],
                 thumbnail: Data?) {
        self.init(parts: [
            ("status", status),
            ("fields", Self.digest(fields)),
            ("details", Self.digest(details)),
            ("flags", Self.digest(flags)),
            ("problems", Self.digest(OrderedJSON.array(problems).text)),
            ("thumbnail", thumbnail.map { Self.digest($0) } ?? "none"),
        ])
    }

    /// The parts of `self` that differ from `other`, by name ("fields", "thumbnail"…).
    func differences(from other: ItemState) -> [String] {
        let theirs = Dictionary(other.parts.map { ($0.name, $0.digest) }, uniquingKeysWith: { first, _ in first })
        return parts.filter { theirs[$0.name] != $0.digest }.map(\.name)
    }

    private static func digest(_ text: String) -> String { digest(Data(text.utf8)) }
    private static func digest(_ data: Data) -> String { Hex.string(SHA256.hash(data: data).prefix(16)) }
}
