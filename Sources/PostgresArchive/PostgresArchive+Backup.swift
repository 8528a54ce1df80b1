import Archive
import Foundation
import PostgresNIO

extension PostgresArchive: CopiedArchive {
    /// The columns each copied table holds in both stores, with the kind of each, in the order they are copied
    /// (items before the events that name them). `runs.machine` and the work queue stay behind: a backup is the
    /// archive, not the work in flight.
    static let backedUpTables: [(table: String, columns: [(name: String, kind: ColumnKind)])] = [
        ("runs", [("id", .integer), ("started_at", .text), ("finished_at", .text), ("as_of", .text), ("arguments", .text),
                  ("inputs", .integer), ("skipped", .integer), ("pages", .integer), ("accepted", .integer),
                  ("review", .integer), ("failed", .integer), ("seconds", .real), ("stopped", .boolean)]),
        ("inputs", [("id", .integer), ("sha256", .text), ("source", .text), ("format", .text), ("byte_count", .integer),
                    ("page_count", .integer), ("status", .text), ("reason", .text), ("run_id", .integer),
                    ("seconds", .real), ("stored_at", .text)]),
        ("items", [("id", .integer), ("input_id", .integer), ("run_id", .integer), ("source", .text), ("page", .integer),
                   ("type", .text), ("status", .text), ("origin", .text), ("fields", .text), ("field_details", .text),
                   ("flags", .text), ("thumbnail", .blob), ("review_image", .blob), ("page_text", .text),
                   ("page_width", .integer), ("page_height", .integer), ("region", .text), ("back_region", .text),
                   ("noted", .integer)]),
        ("problems", [("id", .integer), ("item_id", .integer), ("rule", .text), ("field", .text), ("message", .text)]),
        ("events", [("id", .integer), ("item_id", .integer), ("at", .text), ("actor", .text), ("action", .text),
                    ("field", .text), ("old_value", .text), ("new_value", .text), ("reason", .text), ("state", .text),
                    ("prev_hash", .text), ("hash", .text)]),
        ("personal_data", [("id", .integer), ("key_check", .text), ("since", .text)]),
    ]

    enum ColumnKind {
        case integer, real, text, blob, boolean
    }

    /// A consistent copy of the archive as a SQLite archive at `destination` (which must not exist): every table
    /// read in one repeatable-read snapshot, so processes writing meanwhile leave the copy at one moment; rows,
    /// ids and hashes as they are, so `verify` on the copy checks the same chain. Read a thousand rows at a time:
    /// memory stays bounded whatever the archive's size.
    public func backup(to destination: String) throws -> ArchiveDatabase {
        let copy = try ArchiveDatabase.emptyCopy(at: destination)
        try connections.transaction(isolation: "REPEATABLE READ, READ ONLY") { session in
            for (table, columns) in Self.backedUpTables {
                let selected = columns.map(\.name).joined(separator: ", ")
                var last: Int64 = 0
                while true {
                    let rows = try session.query(PostgresQuery(unsafeSQL: """
                        SELECT \(selected) FROM \(table) WHERE id > \(last) ORDER BY id LIMIT 1000
                        """)).map { row in try Self.copied(row, columns.map(\.kind)) }
                    guard let lastRow = rows.last, case let .integer(id) = lastRow[0] else { break }
                    try copy.insertCopied(table: table, columns: columns.map(\.name), rows: rows)
                    last = id
                }
            }
        }
        return copy
    }

    private static func copied(_ row: PostgresRow, _ kinds: [ColumnKind]) throws -> [CopiedValue] {
        let cells = Array(row)
        return try zip(cells, kinds).map { cell, kind in
            switch kind {
            case .integer: try cell.decode(Int64?.self).map(CopiedValue.integer) ?? .null
            case .real: try cell.decode(Double?.self).map(CopiedValue.real) ?? .null
            case .text: try cell.decode(String?.self).map(CopiedValue.text) ?? .null
            case .blob: try cell.decode(ByteBuffer?.self).map { .blob(Data($0.readableBytesView)) } ?? .null
            case .boolean: try cell.decode(Bool?.self).map { .integer($0 ? 1 : 0) } ?? .null
            }
        }
    }
}
