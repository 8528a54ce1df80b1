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
    /// What intake found under the paths given.
    public struct Found: Sendable {
        /// Every regular file named or found, in name order within each folder.
        public var files: [String] = []
        /// Paths given that do not exist.
        public var missing: [String] = []
        /// Paths that are not files to read, each with its reason: a named pipe, a socket, a device, a symbolic
        /// link to nothing or in a loop, a link to a folder (not followed).
        public var skipped: [(path: String, reason: String)] = []
    }

    /// Every regular file named or found (recursively, in name order) under the given paths. Inside folders,
    /// hidden files and folders (a name starting with ".", e.g. a lock or an editor's temporary file) and the
    /// `excluded` files (the archive and its companions) are left out. A symbolic link to a file is read as the
    /// file. Nothing found is left without a reason: paths that do not exist and paths that are no file to read
    /// are returned apart, for the run to say so; none of them is ever opened (a named pipe would block).
    public static func files(under paths: [String], excluding excluded: Set<String> = []) -> Found {
        var found = Found()
        let fm = FileManager.default
        for path in paths {
            switch kind(of: path) {
            case nil: found.missing.append(path)
            case .file?: found.files.append(path)
            case let .other(reason)?: found.skipped.append((path, reason))
            case .folder?:
                let entries = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                    .filter { relative in !relative.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .map { (path as NSString).appendingPathComponent($0) }
                    .filter { !excluded.contains(absolute($0)) }
                    .sorted()
                for entry in entries {
                    switch kind(of: entry, inFolder: true) {
                    case .file?: found.files.append(entry)
                    case let .other(reason)?: found.skipped.append((entry, reason))
                    case .folder?, nil: break  // a folder is walked by the enumerator; nil: gone since
                    }
                }
            }
        }
        return found
    }

    enum PathKind: Equatable {
        case file, folder
        case other(String)
    }

    /// What a path is, following symbolic links; nil when nothing is there. Inside a folder a link to a folder
    /// is not followed (a link may point back up: a loop).
    static func kind(of path: String, inFolder: Bool = false) -> PathKind? {
        var link = stat()
        guard lstat(path, &link) == 0 else { return nil }
        let isLink = link.st_mode & S_IFMT == S_IFLNK
        var target = stat()
        guard stat(path, &target) == 0 else {
            if errno == ELOOP { return .other("a symbolic link in a loop") }
            return isLink ? .other("a symbolic link to nothing") : .other(String(cString: strerror(errno)))
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return inFolder && isLink ? .other("a symbolic link to a folder: not followed") : .folder
        case S_IFIFO: return .other("a named pipe, not a file")
        case S_IFSOCK: return .other("a socket, not a file")
        case S_IFCHR, S_IFBLK: return .other("a device, not a file")
        default: return .other("not a regular file")
        }
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
        // Opened without blocking and checked to be a regular file: a named pipe put in its place since it was
        // found would otherwise wait for a writer for ever.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw IntakeError("cannot open the file for reading") }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw IntakeError("not a regular file")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
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
