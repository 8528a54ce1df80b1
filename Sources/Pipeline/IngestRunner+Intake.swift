import Archive
import Foundation
import IngestCore
import Logging

/// What intake queued, and what it settled without reading.
struct IntakeResult {
    var jobs: [QueuedJob] = []
    var summary = RunSummary()
    var unreadable: [String] = []
    /// Files whose content another file of this run brought in: (source, sha256).
    var copies: [(String, String)] = []
}

extension IngestRunner {
    /// Finds, hashes and queues the run's files. Content the archive holds is skipped; content an interrupted run
    /// queued is taken up where it was left; a file that cannot be read at all is committed as failed at once.
    func takeIn(_ request: IngestRequest, runID: Int64, observer: RunObserver, claims: ClaimedFiles?) throws -> IntakeResult {
        var result = IntakeResult()
        let found = Intake.files(under: request.paths, excluding: request.excluded)
        for path in found.missing { logger.error("no such file or folder", metadata: ["path": "\(path)"]) }
        for (path, reason) in found.skipped {
            logger.error("not read: \(reason)", metadata: ["path": "\(path)"])
        }
        result.unreadable = found.missing + found.skipped.map(\.path)
        let paths = found.files
        var seen: [String: String] = [:]  // sha256 -> source, within this run
        for path in paths {
            if let settle = request.settleSeconds, !Intake.isSettled(path, seconds: settle) {
                logger.info("left for a later run: written to in the last \(Int(settle)) s", metadata: ["source": "\(path)"])
                result.summary.waiting += 1
                continue
            }
            if let claims, try !claims.claim(path) {
                logger.info("left to another machine, which claimed it", metadata: ["source": "\(path)"])
                continue
            }
            let file: InputFile
            do {
                file = try Intake.examine(path)
                claims?.examined(path, sha256: file.sha256)
            } catch let error as IntakeError where error == .stillChanging {
                logger.info("left for a later run: \(error)", metadata: ["source": "\(path)"])
                result.summary.waiting += 1
                continue
            } catch {
                logger.error("cannot read file", metadata: ["source": "\(path)", "reason": "\(error)"])
                result.unreadable.append(path)
                continue
            }
            result.summary.inputs += 1
            if let first = seen[file.sha256] {
                logger.notice("skipped: same content as another file of this run",
                              metadata: ["source": "\(path)", "same_as": "\(first)"])
                result.summary.skipped += 1
                result.copies.append((path, file.sha256))
            } else if let known = try archive.knownInput(sha256: file.sha256) {
                logger.notice("skipped: already in the archive",
                              metadata: ["source": "\(path)", "recorded_as": "\(known.source)", "run": "\(known.runID)"])
                result.summary.skipped += 1
                if let disposition = try archive.disposition(sha256: file.sha256) {
                    observer.inputSettled(SettledInput(source: path, sha256: file.sha256, disposition: disposition))
                }
            } else {
                seen[file.sha256] = path
                if let job = try queue(file, runID: runID, summary: &result.summary, observer: observer) {
                    result.jobs.append(job)
                }
            }
        }
        return result
    }

    /// Queues a file (or takes up its unfinished job); nil when it cannot be read at all, committed as failed.
    private func queue(_ file: InputFile, runID: Int64, summary: inout RunSummary,
                       observer: RunObserver) throws -> QueuedJob? {
        if let unfinished = try archive.unfinishedJob(sha256: file.sha256) {
            logger.notice("resuming a file an interrupted run left",
                          metadata: ["source": "\(file.source)", "pages_left": "\(unfinished.remainingPages.count)"])
            return try archive.enqueue(jobFile(file, pageCount: unfinished.pageCount), runID: runID)
        }
        switch FilePages.count(of: file) {
        case let .pages(count):
            return try archive.enqueue(jobFile(file, pageCount: count), runID: runID)
        case let .unreadable(problem):
            let outcome = InputOutcome(source: file.source, sha256: file.sha256, format: file.format,
                                       byteCount: file.byteCount, pages: [], failure: problem, seconds: 0)
            try archive.record(outcome, runID: runID)
            summary.add(outcome)
            logger.warning("failed", metadata: ["source": "\(file.source)", "reason": "\(problem.message)"])
            observer.inputSettled(SettledInput(source: file.source, sha256: file.sha256,
                                               disposition: InputDisposition(outcome)))
            return nil
        }
    }

    private func jobFile(_ file: InputFile, pageCount: Int) -> JobFile {
        JobFile(sha256: file.sha256, source: file.source, format: file.format, byteCount: file.byteCount,
                pageCount: pageCount)
    }

    /// Jobs an interrupted run left that this run's paths did not bring up again: resumed from where they were
    /// queued while the same content is still there; otherwise set aside until it is handed in again.
    func leftoverJobs(besides jobs: [QueuedJob], runID: Int64) throws -> [QueuedJob] {
        let taken = Set(jobs.map(\.id))
        var resumed: [QueuedJob] = []
        for job in try archive.unfinishedJobs() where !taken.contains(job.id) {
            guard let file = try? Intake.examine(job.source), file.sha256 == job.sha256 else {
                let reason = "queued by an earlier run, but the file is no longer at \(job.source) with the same content"
                logger.warning("set aside: \(reason)", metadata: ["source": "\(job.source)"])
                try archive.setAside(jobID: job.id, reason: reason)
                continue
            }
            logger.notice("resuming a file an interrupted run left",
                          metadata: ["source": "\(job.source)", "pages_left": "\(job.remainingPages.count)"])
            resumed.append(job)
        }
        return resumed
    }
}
