import Foundation
import Pipeline

/// Moves files so that a crash at any moment leaves a whole file in one place or the other, never none.
enum FileMover {
    /// A rename within one filesystem; across filesystems a copy beside the destination, flushed to disk and
    /// renamed into place, then the original removed.
    static func move(_ source: String, to destination: String) throws {
        if rename(source, destination) == 0 { return syncDirectory(of: destination) }
        guard errno == EXDEV else { throw MoveError(source: source, reason: String(cString: strerror(errno))) }
        let partial = destination + ".certarchive-partial"
        try? FileManager.default.removeItem(atPath: partial)
        try FileManager.default.copyItem(atPath: source, toPath: partial)
        try sync(partial)
        guard rename(partial, destination) == 0 else {
            throw MoveError(source: source, reason: String(cString: strerror(errno)))
        }
        syncDirectory(of: destination)
        try FileManager.default.removeItem(atPath: source)
    }

    /// `path` when it is free or already holds this content (a move a crash interrupted after the copy);
    /// otherwise `name (2).ext`, `name (3).ext`, …: nothing already there is ever overwritten.
    static func freeName(for path: String, sameContentAs sha256: String) throws -> String {
        let fm = FileManager.default
        let base = (path as NSString).deletingPathExtension, ext = (path as NSString).pathExtension
        var candidate = path, n = 1
        while fm.fileExists(atPath: candidate) {
            if (try? Intake.examine(candidate))?.sha256 == sha256 { return candidate }
            n += 1
            candidate = "\(base) (\(n))" + (ext.isEmpty ? "" : ".\(ext)")
        }
        return candidate
    }

    static func writeDurably(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        try sync(path)
    }

    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw MoveError(source: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        fsync(fd)
    }

    private static func syncDirectory(of path: String) {
        let fd = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

struct MoveError: Error, CustomStringConvertible {
    var source: String
    var reason: String
    var description: String { "cannot move \(source): \(reason)" }
}
