import Crypto
import Foundation
import GRDB
import IngestCore

/// The audit events as a hash chain: each event's hash covers its content and the hash before it, so changing,
/// removing or inserting an event anywhere breaks every hash after it. `verify` walks the chain.
package enum EventChain {
    /// The `prev_hash` of the first event.
    package static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 (hex) of the previous hash and the event's columns, in a fixed order (JSON, so no two contents
    /// serialise alike). The item's state is covered when the event carries one (events written before v8 do not,
    /// and keep the hashes they had).
    package static func hash(id: Int64, itemID: Int64, at: String, actor: String, action: String, field: String?,
                     oldValue: String?, newValue: String?, reason: String?, state: String?, previous: String) -> String {
        var content: [OrderedJSON] = [
            .string(previous), .int(Int(id)), .int(Int(itemID)), .string(at), .string(actor), .string(action),
            .optional(field), .optional(oldValue), .optional(newValue), .optional(reason),
        ]
        if let state { content.append(.string(state)) }
        return Hex.string(SHA256.hash(data: Data(OrderedJSON.array(content).text.utf8)))
    }

    /// The hash of a stored event row (`SELECT *` from events) after `previous`.
    static func hash(of row: Row, previous: String) -> String {
        hash(id: row["id"], itemID: row["item_id"], at: row["at"], actor: row["actor"], action: row["action"],
             field: row["field"], oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
             state: row["state"], previous: previous)
    }
}
