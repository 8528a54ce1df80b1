import Foundation
import Synchronization

/// Sign-in failures for names no account has, counted as an account's are, so that the answer to the sixth wrong
/// attempt (429, locked) does not tell a real name from an invented one. Kept in this process's memory (the
/// names are nobody's), at most `capacity` names: the oldest are forgotten first.
final class UnknownNameLocks: Sendable {
    private struct Standing { var failures = 0; var lockedUntil: Date?; var lastSeen: Date }
    private let names = Mutex([String: Standing]())
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Counts a failed attempt for `name` at `time`; the time it is locked until, if it is (or now becomes) locked.
    func fail(_ name: String, at time: Date, maxFailures: Int, lockFor: TimeInterval) -> Date? {
        names.withLock { names in
            var standing = names[name] ?? Standing(lastSeen: time)
            standing.lastSeen = time
            if let until = standing.lockedUntil, until > time { return until }
            standing.lockedUntil = nil
            standing.failures += 1
            if standing.failures >= maxFailures {
                standing.failures = 0
                standing.lockedUntil = time.addingTimeInterval(lockFor)
            }
            names[name] = standing
            if names.count > capacity, let oldest = names.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key {
                names[oldest] = nil
            }
            return nil
        }
    }

    /// Whether `name` is locked at `time`, and until when.
    func lockedUntil(_ name: String, at time: Date) -> Date? {
        names.withLock { $0[name]?.lockedUntil.flatMap { $0 > time ? $0 : nil } }
    }
}
