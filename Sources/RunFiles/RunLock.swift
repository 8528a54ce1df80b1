import Foundation

/// An exclusive advisory lock (flock) held for the life of a run, so two runs never work on one archive or one
/// drop folder at once. The kernel releases it when the process ends, however it ends: a killed run leaves no
/// stale lock behind. The holder's pid is written into the file for the message the next run prints.
public final class RunLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock at `path` (created if missing), or throws `RunLockError.held` at once when another
    /// process holds it.
    public init(path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RunLockError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw RunLockError.held(path: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 })
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
        self.path = path
    }

    deinit {
        close(descriptor)  // releases the lock; the file stays, empty locks are harmless
    }
}

public enum RunLockError: Error, CustomStringConvertible {
    case held(path: String, holder: String?)
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case let .held(path, holder):
            return "another certarchive run\(holder.map { " (pid \($0))" } ?? "") holds \(path); nothing was done"
        case let .cannotOpen(path, reason):
            return "cannot create the lock file \(path): \(reason)"
        }
    }
}
