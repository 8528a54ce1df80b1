import Archive
import Foundation
import Pipeline

/// Finds the file an archive's input came from and checks that it still holds the same bytes.
public struct ScanLocator: Sendable {
    /// The folder of the archive file: `stored_at` paths in a backup are relative to it.
    public let archiveFolder: String

    public init(archivePath: String) {
        archiveFolder = (Intake.absolute(archivePath) as NSString).deletingLastPathComponent
    }

    public enum Finding: Sendable, Equatable {
        case intact(path: String)
        /// Found, but its bytes are no longer the ones archived.
        case changed(path: String, sha256: String)
        case notFound
    }

    /// Where it was stored (moved to, or copied into a backup), else its path when taken in, else a backup's copy.
    public func candidates(_ scan: StoredScan) -> [String] {
        var paths: [String] = []
        if let stored = scan.storedAt {
            paths.append(stored.hasPrefix("/") ? stored : (archiveFolder as NSString).appendingPathComponent(stored))
        }
        paths.append(scan.source)
        paths.append((archiveFolder as NSString).appendingPathComponent(Self.backupName(scan)))
        return paths
    }

    public func check(_ scan: StoredScan) -> Finding {
        var changed: Finding?
        for found in examined(scan) {
            if found.sha256 == scan.sha256 { return .intact(path: found.source) }
            changed = changed ?? .changed(path: found.source, sha256: found.sha256)
        }
        return changed ?? .notFound
    }

    /// The file with the archived bytes, examined (its format known), for reading its pages again; nil when no
    /// candidate holds them.
    public func intactFile(_ scan: StoredScan) -> InputFile? {
        examined(scan).first { $0.sha256 == scan.sha256 }
    }

    /// Each candidate that exists and can be read, hashed, in the order of `candidates`.
    private func examined(_ scan: StoredScan) -> some Sequence<InputFile> {
        candidates(scan).lazy.filter { FileManager.default.fileExists(atPath: $0) }.compactMap { try? Intake.examine($0) }
    }

    /// Where a backup keeps the file: `scans/` + its hash + its extension, so no two files collide.
    /// A backup's own copy of the scan only (`scans/` beside the backup's archive file).
    public func checkCopy(_ scan: StoredScan) -> Finding {
        let path = (archiveFolder as NSString).appendingPathComponent(Self.backupName(scan))
        guard FileManager.default.fileExists(atPath: path), let found = try? Intake.examine(path) else { return .notFound }
        return found.sha256 == scan.sha256 ? .intact(path: path) : .changed(path: path, sha256: found.sha256)
    }

    public static func backupName(_ scan: StoredScan) -> String {
        let ext = (scan.source as NSString).pathExtension
        return "scans/" + scan.sha256 + (ext.isEmpty ? "" : "." + ext)
    }
}
