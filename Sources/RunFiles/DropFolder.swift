import Archive
import Foundation
import Review
import IngestCore
import Pipeline
import Logging
import Synchronization

/// The nightly drop folder: once an input's records are committed, the file leaves the folder for `done`
/// (every item accepted) or `quarantine` (failed, or waiting for review, with a `.reason.txt` beside it), at the
/// same path relative to the folder. A file is never moved before the archive holds it, so a run killed at any
/// moment leaves each file either in the folder (taken again next run, recognised by its content) or moved.
public final class DropFolder: Sendable {
    public let inbox: String
    public let done: String
    public let quarantine: String
    let archive: any IngestArchive
    let logger: Logger
    let words: ReasonWords
    private let tally = Mutex(Moved())

    public struct Moved: Sendable {
        public var done = 0, quarantined = 0, failed = 0
        /// Quarantined files whose items reviewers have since all accepted, moved on to `done`.
        public var released = 0

        /// What was moved after `before`.
        public func since(_ before: Moved) -> Moved {
            Moved(done: done - before.done, quarantined: quarantined - before.quarantined, failed: failed - before.failed,
                  released: released - before.released)
        }
    }

    /// `wording`: the language of the `.reason.txt` files (Chinese by default in `pipelines/wording.yaml`).
    public init(inbox: String, done: String, quarantine: String, archive: any IngestArchive, logger: Logger,
                wording: Wording = .english) {
        self.inbox = Intake.absolute(inbox); self.done = Intake.absolute(done)
        self.quarantine = Intake.absolute(quarantine); self.archive = archive; self.logger = logger
        self.words = ReasonWords(wording: wording)
    }

    /// A `.reason.txt`: who wrote it and when, the file, and a line per item not accepted.
    func reasonText(_ relative: String, _ disposition: InputDisposition, updated: Bool = false) -> String {
        let when = LocalTime.text(Date())
        let header = words.chinese
            ? "certarchive，\(when)（\(LocalTime.zoneName)）：\(relative)" + (updated ? "（已更新）" : "")
            : "certarchive, \(when): \(relative)" + (updated ? " (updated)" : "")
        return header + "\n" + disposition.reasons.map(words.line).joined(separator: "\n") + "\n"
    }

    public var moved: Moved { tally.withLock { $0 } }

    func count(_ change: (inout Moved) -> Void) { tally.withLock { change(&$0) } }

    /// Moves a committed input out of the folder. Failures are logged and counted, never thrown: the file stays
    /// in the folder and the next run moves it.
    public func settle(_ input: SettledInput) {
        let (source, sha256, disposition) = (input.source, input.sha256, input.disposition)
        // A file an interrupted bulk run left, finished by this run: it belongs where it is.
        let path = Intake.absolute(source)
        guard path.hasPrefix(inbox + "/") else { return }
        let relative = String(path.dropFirst(inbox.count + 1))
        do {
            let root = disposition.allAccepted ? done : quarantine
            let destination = (root as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let target = try FileMover.freeName(for: destination, sameContentAs: sha256)
            if !disposition.allAccepted {
                try FileMover.writeDurably(reasonText(relative, disposition), to: target + ".reason.txt")
            }
            try FileMover.move(source, to: target)
            // Where the scan now is, for verify and backup; the move itself is done whatever this says.
            try? archive.recordLocation(sha256: sha256, path: target)
            tally.withLock { disposition.allAccepted ? ($0.done += 1) : ($0.quarantined += 1) }
            logger.info("moved", metadata: ["source": "\(source)", "to": "\(target)"])
        } catch {
            tally.withLock { $0.failed += 1 }
            logger.error("could not move the file out of the drop folder; it stays for the next run",
                         metadata: ["source": "\(source)", "reason": "\(error)"])
        }
    }
}
