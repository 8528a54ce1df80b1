import Foundation
import GRDB
import IngestCore

/// What `verify` found in the archive itself: the event chain and every item against its history.
public struct IntegrityReport: Sendable {
    public var events = 0
    /// The last event's hash: write it down (or mail it) to prove later that nothing before it changed.
    public var head: String?
    /// The first place the chain breaks, in plain words; nil when it is whole.
    public var chainBreak: String?
    /// Items whose stored state their history does not explain (added or changed outside certarchive).
    public var itemBreaks: [String] = []
}

/// An input file the archive references, and where it should be now.
public struct StoredScan: Sendable {
    public var sha256: String
    public var source: String
    /// Where the file is now: absolute, or relative to the archive's folder (a backup's `scans/`).
    public var storedAt: String?
}

extension ArchiveDatabase {
    public func checkIntegrity() throws -> IntegrityReport {
        try writer.read(Self.integrity)
    }

    static func integrity(_ db: Database) throws -> IntegrityReport {
        do {
            var report = IntegrityReport()
            var previous = EventChain.genesis
            var statusByItem: [Int64: String] = [:]
            var lastEventByItem: [Int64: (described: String, state: String?)] = [:]
            let events = try Row.fetchCursor(db, sql: "SELECT * FROM events ORDER BY id")
            while let row = try events.next() {
                let itemID: Int64 = row["item_id"], action: String = row["action"]
                report.events += 1
                if report.chainBreak == nil {
                    let expected = EventChain.hash(of: row, previous: previous)
                    let described = Self.described(row)
                    if row["prev_hash"] as String? != previous {
                        report.chainBreak = "\(described) does not follow the event before it: an event was removed or inserted before it"
                    } else if row["hash"] as String? != expected {
                        report.chainBreak = "\(described) was changed after it was written: its hash does not match its content"
                    }
                    previous = row["hash"] as String? ?? ""
                }
                lastEventByItem[itemID] = (Self.described(row), row["state"])
                if let status = Self.status(after: action, newValue: row["new_value"], reason: row["reason"],
                                            before: statusByItem[itemID]) {
                    statusByItem[itemID] = status
                }
            }
            report.head = report.events > 0 ? previous : nil
            for row in try Row.fetchAll(db, sql: "SELECT id, status FROM items ORDER BY id") {
                let id: Int64 = row["id"], status: String = row["status"]
                guard let expected = statusByItem[id] else {
                    report.itemBreaks.append("item \(id) has no history: it was added outside certarchive")
                    continue
                }
                if expected != status {
                    report.itemBreaks.append("item \(id) is \(status) but its history leaves it \(expected)")
                } else if let last = lastEventByItem[id], let bound = last.state.flatMap(ItemState.init(text:)),
                          let stored = try ItemState.current(of: id, in: db), stored != bound {
                    report.itemBreaks.append("""
                        item \(id): \(stored.differences(from: bound).joined(separator: ", ")) not as its last event, \
                        \(last.described), left it: changed outside certarchive, or later events were removed
                        """)
                }
            }
            return report
        }
    }

    private static func described(_ event: Row) -> String {
        "event \(event["id"] as Int64) (item \(event["item_id"] as Int64), \(event["action"] as String), \(event["at"] as String))"
    }

    /// The status an event leaves an item in; nil for events that do not change it.
    static func status(after action: String, newValue: String?, reason: String?, before: String?) -> String? {
        switch action {
        case "created":
            if let newValue { return newValue }
            // Events written before the created event carried the status: read it from the verdict.
            let verdict = reason.flatMap { $0.split(separator: ":", maxSplits: 1).dropFirst().first }?
                .trimmingCharacters(in: .whitespaces) ?? ""
            return verdict.hasPrefix("accepted") ? "accepted" : verdict.hasPrefix("failed") ? "failed" : "review"
        case "accepted", "approved": return "accepted"
        case "rejected": return "failed"
        case "reopened": return "review"
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
