import Foundation
import GRDB
import IngestCore

/// What `verify` found in the archive itself: the event chain and every item against its history.
public struct IntegrityReport: Sendable {
    public var events = 0
    /// The last event's hash: write it down (or mail it) to prove later that nothing before it changed.
    public var head: String?
    /// The first place the chain breaks; nil when it is whole.
    public var chainBreak: ChainBreak?
    /// Items whose stored state their history does not explain (added or changed outside certarchive).
    public var itemBreaks: [ItemBreak] = []
    /// The accounts' chain broken, or accounts it does not explain (`AccountChain`), in words.
    public var accountBreaks: [String] = []

    /// The chains unbroken and every item and account explained by its history.
    public var isWhole: Bool { chainBreak == nil && itemBreaks.isEmpty && accountBreaks.isEmpty }
}

/// One event of the chain, as a break names it.
public struct EventReference: Sendable, Equatable, CustomStringConvertible {
    public var id: Int64
    public var itemID: Int64
    public var action: String
    public var at: String

    public var description: String { "event \(id) (item \(itemID), \(action), \(at))" }

    init(_ event: StoredEvent) {
        id = event.id; itemID = event.itemID; action = event.action; at = event.at
    }
}

/// Where the audit chain breaks first.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The event does not follow the one before it: an event was removed or inserted before it.
        case notFollowing
        /// Its hash does not match its content: it was changed after it was written.
        case changed
    }

    public var kind: Kind
    public var event: EventReference

    public var description: String {
        switch kind {
        case .notFollowing: "\(event) does not follow the event before it: an event was removed or inserted before it"
        case .changed: "\(event) was changed after it was written: its hash does not match its content"
        }
    }
}

/// An item whose stored state its history does not explain.
public enum ItemBreak: Sendable, Equatable, CustomStringConvertible {
    /// No event names it: it was added outside certarchive.
    case noHistory(item: Int64)
    /// Its status is not the one its events leave it in.
    case status(item: Int64, stored: String, history: ItemStatus)
    /// Parts of its state (status, fields, details, flags, problems, thumbnail) differ from what its last event bound.
    case state(item: Int64, parts: [String], lastEvent: EventReference)
    /// Its history holds it, the archive does not: its row was deleted outside certarchive.
    case gone(item: Int64)

    public var item: Int64 {
        switch self {
        case let .noHistory(item), let .status(item, _, _), let .state(item, _, _), let .gone(item): item
        }
    }

    public var description: String {
        switch self {
        case let .noHistory(item): "item \(item) has no history: it was added outside certarchive"
        case let .status(item, stored, history): "item \(item) is \(stored) but its history leaves it \(history.rawValue)"
        case let .state(item, parts, lastEvent):
            "item \(item): \(parts.joined(separator: ", ")) not as its last event, \(lastEvent), left it: "
                + "changed outside certarchive, or later events were removed"
        case let .gone(item): "item \(item) is in the history but not in the archive: its row was deleted outside certarchive"
        }
    }
}

/// An input file the archive references, and where it should be now.
public struct StoredScan: Sendable {
    public var sha256: String
    public var source: String
    /// Where the file is now: absolute, or relative to the archive's folder (a backup's `scans/`).
    public var storedAt: String?

    package init(sha256: String, source: String, storedAt: String?) {
        self.sha256 = sha256; self.source = source; self.storedAt = storedAt
    }
}

extension ArchiveDatabase {
    public func checkIntegrity() throws -> IntegrityReport {
        try writer.read(Self.integrity)
    }

    static func integrity(_ db: Database) throws -> IntegrityReport {
        var auditor = IntegrityAuditor()
        let events = try Row.fetchCursor(db, sql: "SELECT * FROM events ORDER BY id")
        while let row = try events.next() {
            auditor.see(StoredEvent(
                id: row["id"], itemID: row["item_id"], at: row["at"], actor: row["actor"], action: row["action"],
                field: row["field"], oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
                state: row["state"], prevHash: row["prev_hash"], hash: row["hash"]))
        }
        let items = try Row.fetchAll(db, sql: "SELECT id, status FROM items ORDER BY id").map { ($0["id"] as Int64, $0["status"] as String) }
        var report = try auditor.report(items: items) { try ItemState.current(of: $0, in: db) }
        report.accountBreaks = AccountChain.breaks(events: try AccountEvent.order(Column("id")).fetchAll(db),
                                                   accounts: try Account.fetchAll(db))
        return report
    }

    /// The status an event leaves an item in; nil for events that do not change it.
    package static func status(after action: AuditEvent.Action?, newValue: String?, reason: String?) -> ItemStatus? {
        switch action {
        case .created:
            if let status = newValue.flatMap(ItemStatus.init(rawValue:)) { return status }
            // Events written before the created event carried the status: read it from the verdict.
            let verdict = reason.flatMap { $0.split(separator: ":", maxSplits: 1).dropFirst().first }?
                .trimmingCharacters(in: .whitespaces) ?? ""
            return verdict.hasPrefix("accepted") ? .accepted : verdict.hasPrefix("failed") ? .failed : .review
        case .accepted, .approved: return .accepted
        case .rejected: return .failed
        case .reopened: return .review
        default: return nil
        }
    }

    /// Every input file the archive references.
    public func storedScans() throws -> [StoredScan] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT sha256, source, stored_at FROM inputs ORDER BY id").map {
                StoredScan(sha256: $0["sha256"], source: $0["source"], storedAt: $0["stored_at"])
            }
        }
    }

    /// Records that a scan was moved, with why, in the history of each of its items: where it is now and the
    /// `moved` events are written in one transaction.
    public func recordMove(sha256: String, to path: String, reason: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE inputs SET stored_at = ? WHERE sha256 = ?", arguments: [path, sha256])
            let items = try Int64.fetchAll(db, sql: """
                SELECT items.id FROM items JOIN inputs ON inputs.id = items.input_id WHERE inputs.sha256 = ? ORDER BY items.id
                """, arguments: [sha256])
            for item in items {
                try AuditEvent(itemID: item, actor: EventActor.archive.text, action: .moved, newValue: path, reason: reason)
                    .append(to: db)
            }
        }
    }

    /// Records where an input file is now (the drop folder moved it, a backup copied it).
    public func recordLocation(sha256: String, path: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE inputs SET stored_at = ? WHERE sha256 = ?", arguments: [path, sha256])
        }
    }

    /// A consistent copy of the archive, taken while other processes may be writing to it (SQLite's online
    /// backup, from one read transaction). `destination` must not exist.
    public func backup(to destination: String) throws -> ArchiveDatabase {
        let copy = try DatabaseQueue(path: destination)
        try writer.backup(to: copy)
        try copy.close()
        return try ArchiveDatabase(path: destination)
    }
}

/// A stored value as another store hands it over, to be written as it is.
package enum CopiedValue: Sendable {
    case null, integer(Int64), real(Double), text(String), blob(Data)

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case let .integer(value): value.databaseValue
        case let .real(value): value.databaseValue
        case let .text(value): value.databaseValue
        case let .blob(value): value.databaseValue
        }
    }
}

extension ArchiveDatabase {
    /// A new, empty SQLite archive at `path` (which must not exist) to copy another store's rows into.
    package static func emptyCopy(at path: String) throws -> ArchiveDatabase {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw DatabaseError(message: "\(path) exists already")
        }
        return try ArchiveDatabase(path: path)
    }

    /// Writes rows of a table as another store holds them, ids and hashes included, in one transaction: events
    /// must come in chain order, after the items they name (the chain's trigger checks each follows the last).
    package func insertCopied(table: String, columns: [String], rows: [[CopiedValue]]) throws {
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        try writer.write { db in
            let statement = try db.cachedStatement(sql: sql)
            for row in rows {
                try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
            }
        }
    }
}
