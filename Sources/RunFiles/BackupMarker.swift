import Archive
import Foundation
import IngestCore
import Pipeline

/// What a finished backup holds, written last (`backup.json`) before its folder is renamed into place: `verify`
/// of a backup compares the copy with it, so that a copy cut short (a killed `backup`) is never called whole.
public struct BackupMarker: Codable, Sendable, Equatable {
    public var events: Int
    public var head: String?
    public var items: Int
    public var scans: Int
    public var made: String

    public static let fileName = "backup.json"

    public init(events: Int, head: String?, items: Int, scans: Int, made: String) {
        self.events = events; self.head = head; self.items = items; self.scans = scans; self.made = made
    }

    /// The counts the copy holds now.
    public static func of(_ copy: ArchiveDatabase, made: Date = Date()) throws -> BackupMarker {
        let integrity = try copy.checkIntegrity()
        return BackupMarker(events: integrity.events, head: integrity.head, items: try copy.items().count,
                            scans: try copy.storedScans().count, made: ISO8601DateFormatter().string(from: made))
    }

    public func write(into folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(Self.fileName)))
    }

    /// The marker beside an archive file; nil when there is none (an archive, or a backup cut short).
    public static func beside(archive path: String) -> BackupMarker? {
        let folder = (Intake.absolute(path) as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(fileName)) else {
            return nil
        }
        return try? JSONDecoder().decode(BackupMarker.self, from: data)
    }

    /// Whether an archive file lies in what looks like a backup's folder (a `scans` folder beside it).
    public static func looksLikeABackup(archive path: String) -> Bool {
        let folder = (Intake.absolute(path) as NSString).deletingLastPathComponent
        return FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("scans"))
            && (path as NSString).lastPathComponent == "archive.sqlite"
    }

    /// How the copy differs from what the finished backup held; empty when it holds all of it.
    public func differences(from now: BackupMarker) -> [String] {
        var found: [String] = []
        if now.events != events { found.append("\(now.events) events where the backup held \(events)") }
        if now.head != head { found.append("the chain's head is \(now.head ?? "none") where the backup's was \(head ?? "none")") }
        if now.items != items { found.append("\(now.items) items where the backup held \(items)") }
        if now.scans != scans { found.append("\(now.scans) scans where the backup held \(scans)") }
        return found
    }
}
