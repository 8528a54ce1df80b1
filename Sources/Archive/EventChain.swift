import Crypto
import Foundation
import IngestCore

/// The audit events as a hash chain: each event's hash covers its content and the hash before it, so changing,
/// removing or inserting an event anywhere breaks every hash after it. `verify` walks the chain.
enum EventChain {
    /// The `prev_hash` of the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 (hex) of the previous hash and the event's columns, in a fixed order (JSON, so no two contents
    /// serialise alike).
    static func hash(id: Int64, itemID: Int64, at: String, actor: String, action: String, field: String?,
                     oldValue: String?, newValue: String?, reason: String?, previous: String) -> String {
        let content = OrderedJSON.array([
            .string(previous), .int(Int(id)), .int(Int(itemID)), .string(at), .string(actor), .string(action),
            .optional(field), .optional(oldValue), .optional(newValue), .optional(reason),
        ]).text
        return SHA256.hash(data: Data(content.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
