import Archive
import Foundation

/// Decided items leave quarantine: a file quarantined because its items needed a person moves on to `done` once
/// reviewers have accepted every item of it; while one is still waiting or was rejected, it stays, its
/// `.reason.txt` saying where its items stand now. Done at the start of each drop-folder run; the move is recorded
/// in the history of each of its items.
extension DropFolder {
    public func releaseDecided() {
        let scans: [StoredScan]
        do {
            scans = try archive.storedScans()
        } catch {
            logger.error("could not look for decided files in quarantine", metadata: ["reason": "\(error)"])
            return
        }
        // Machines sharing the folder through a PostgreSQL archive: one of them releases each file.
        let shared = archive as? any SharedWorkQueue
        for scan in scans {
            guard let path = scan.storedAt, path.hasPrefix(quarantine + "/"),
                  FileManager.default.fileExists(atPath: path) else { continue }
            guard (try? shared?.claimFile(path)) ?? true else { continue }
            release(scan, at: path)
            try? shared?.releaseFile(path)
        }
    }

    private func release(_ scan: StoredScan, at path: String) {
        let relative = String(path.dropFirst(quarantine.count + 1))
        do {
            guard let disposition = try archive.disposition(sha256: scan.sha256) else { return }
            guard disposition.allAccepted else {
                try updateReason(disposition, for: path, relative: relative)
                return
            }
            let destination = (done as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let target = try FileMover.freeName(for: destination, sameContentAs: scan.sha256)
            try FileMover.move(path, to: target)
            try? FileManager.default.removeItem(atPath: path + ".reason.txt")
            try archive.recordMove(sha256: scan.sha256, to: target,
                                   reason: "every item accepted by reviewers: moved from quarantine to done")
            count { $0.released += 1 }
            logger.info("released from quarantine", metadata: ["source": "\(path)", "to": "\(target)"])
        } catch {
            count { $0.failed += 1 }
            logger.error("could not move a decided file out of quarantine; it stays for the next run",
                         metadata: ["source": "\(path)", "reason": "\(error)"])
        }
    }

    /// The reason file says where the items stand now (a rejected item, one still waiting), rewritten only when
    /// that changed.
    private func updateReason(_ disposition: InputDisposition, for path: String, relative: String) throws {
        let file = path + ".reason.txt"
        let reasons = disposition.reasons.map(words.line).joined(separator: "\n") + "\n"
        let current = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard !current.hasSuffix("\n" + reasons) else { return }
        try FileMover.writeDurably(reasonText(relative, disposition, updated: true), to: file)
    }
}
