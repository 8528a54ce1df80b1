import Crypto
import Foundation
import IngestCore

/// One file handed to the pipeline, identified by its content.
public struct InputFile: Sendable {
    /// The path as given, or as found under a given folder.
    public var source: String
    public var sha256: String
    public var byteCount: Int
    /// Recognised from the bytes; nil when the file is none of the formats certarchive reads.
    public var format: InputFormat?
}

/// Intake: finds the files under the given paths, hashes them and recognises their format by their bytes.
public enum Intake {
    /// Every regular file named or found (recursively, in name order) under the given paths. Inside folders,
    /// hidden files and folders (a name starting with ".", e.g. a lock or an editor's temporary file) and the
    /// `excluded` files (the archive and its companions) are left out. Paths that do not exist are returned
    /// separately so the run can say so.
    public static func files(under paths: [String], excluding excluded: Set<String> = []) -> (files: [String], missing: [String]) {
        var files: [String] = [], missing: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { missing.append(path); continue }
            guard isDirectory.boolValue else { files.append(path); continue }
            let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .filter { relative in !relative.split(separator: "/").contains { $0.hasPrefix(".") } }
                .map { (path as NSString).appendingPathComponent($0) }
                .filter { !excluded.contains(absolute($0)) }
                .filter { (try? fm.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeRegular }
                .sorted()
            files += found
        }
        return (files, missing)
    }

    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The archive's own files, never inputs: the database, its journal files and its lock.
    public static func archiveFiles(_ archivePath: String) -> Set<String> {
        let path = absolute(archivePath)
        return Set(["", "-wal", "-shm", "-journal", ".lock"].map { path + $0 })
    }

    /// Whether nothing has written to the file for `seconds`: files still being copied or scanned into a drop
    /// folder are left for a later run.
    public static func isSettled(_ path: String, seconds: Double, now: Date = Date()) -> Bool {
        guard let modified = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        else { return false }
        return now.timeIntervalSince(modified) >= seconds
    }

    /// Hashes the file in chunks (memory stays flat whatever its size) and sniffs its format. A file whose size
    /// or modification time changed while it was read is still being written: `IntakeError.stillChanging`.
    public static func examine(_ path: String) throws -> InputFile {
        let before = signature(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IntakeError("cannot open the file for reading")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var head: [UInt8] = []
        var count = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if head.count < InputFormat.signatureLength { head += chunk.prefix(InputFormat.signatureLength - head.count) }
            hasher.update(data: chunk)
            count += chunk.count
        }
        guard signature(path) == before, before.size == count else { throw IntakeError.stillChanging }
        let digest = Hex.string(hasher.finalize())
        return InputFile(source: path, sha256: digest, byteCount: count, format: InputFormat.sniff(head))
    }

    private static func signature(_ path: String) -> (size: Int, modified: Date?) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return ((attributes?[.size] as? NSNumber)?.intValue ?? -1, attributes?[.modificationDate] as? Date)
    }
}

public struct IntakeError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = description }

    public static let stillChanging = IntakeError("the file changed while it was read: it is still being written")
}
