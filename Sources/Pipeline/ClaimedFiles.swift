import Archive
import Foundation
import Logging
import Synchronization

/// The files of a shared drop folder this process claimed: it alone moves them out. Any machine may commit such
/// a file (its pages are shared), so the settling the run hears is kept to this process's files; at the run's end
/// those not settled yet (committed by another machine, or copies of content archived before) are settled from
/// the archive's disposition, and every claim is let go.
final class ClaimedFiles: Sendable {
    private let queue: any SharedWorkQueue
    private let logger: Logger
    /// Absolute path → content hash, once examined.
    private let claimed = Mutex<[String: String?]>([:])
    private let settled = Mutex<Set<String>>([])

    init(_ queue: any SharedWorkQueue, logger: Logger) {
        self.queue = queue; self.logger = logger
    }

    /// Claims the file; false when another process holds it.
    func claim(_ path: String) throws -> Bool {
        guard try queue.claimFile(Intake.absolute(path)) else { return false }
        claimed.withLock { $0[Intake.absolute(path)] = .some(nil) }
        return true
    }

    func holds(_ path: String) -> Bool {
        claimed.withLock { $0[Intake.absolute(path)] != nil }
    }

    func examined(_ path: String, sha256: String) {
        claimed.withLock { $0[Intake.absolute(path)] = sha256 }
    }

    /// The observer the run's parts call: settling only what this process claimed.
    func filtering(_ observer: RunObserver) -> RunObserver {
        RunObserver(inputSettled: { [self] input in
            let path = Intake.absolute(input.source)
            guard claimed.withLock({ $0[path] != nil }) else { return }
            guard settled.withLock({ $0.insert(path).inserted }) else { return }
            observer.inputSettled(input)
        }, progress: observer.progress, shouldStop: observer.shouldStop)
    }

    /// Settles the claimed files the run did not (the archive holds them), then lets every claim go. `settling`:
    /// the run's observer as `filtering` made it, so nothing is settled twice.
    func finish(archive: any IngestArchive, settling: RunObserver) {
        for (path, sha256) in claimed.withLock({ $0 }) {
            if let sha256, let disposition = try? archive.disposition(sha256: sha256) {
                settling.inputSettled(SettledInput(source: path, sha256: sha256, disposition: disposition))
            }
            do {
                try queue.releaseFile(path)
            } catch {
                logger.warning("could not let a claimed file go; its claim runs out by itself",
                               metadata: ["source": "\(path)", "reason": "\(error)"])
            }
        }
    }
}
