import Archive
import Extraction
import Foundation
import IngestCore
import Logging
import PageImaging
import Rules
import Synchronization

/// What one `ingest` run is asked to do.
public struct IngestRequest: Sendable {
    public var paths: [String]
    public var jobs: Int
    public var asOf: PrintedDate

    public init(paths: [String], jobs: Int, asOf: PrintedDate) {
        self.paths = paths; self.jobs = jobs; self.asOf = asOf
    }
}

/// What a run did.
public struct IngestResult: Sendable {
    public var runID: Int64
    public var summary: RunSummary
    /// Paths named on the command line that do not exist, and files that could not be opened.
    public var unreadablePaths: [String]
}

/// Runs intake, then N workers (each with its own OCR engine) over the new files; each finished file is
/// committed to the archive in one transaction, so the database is its single point of serialisation.
public struct IngestRunner: Sendable {
    let archive: ArchiveDatabase
    let settings: PipelineSettings
    let extractor: PageExtractor
    let validator: Validator
    let logger: Logger

    public init(archive: ArchiveDatabase, settings: PipelineSettings, extractor: PageExtractor,
                validator: Validator, logger: Logger) {
        self.archive = archive; self.settings = settings; self.extractor = extractor
        self.validator = validator; self.logger = logger
    }

    public func run(_ request: IngestRequest) throws -> IngestResult {
        let started = Date()
        let runID = try archive.beginRun(asOf: request.asOf.iso, arguments: request.paths.joined(separator: " "))
        let (paths, missing) = Intake.files(under: request.paths)
        for path in missing { logger.error("no such file or folder", metadata: ["path": "\(path)"]) }
        var unreadable = missing
        var summary = RunSummary()
        summary.inputs = paths.count

        var todo: [InputFile] = []
        var seen: [String: String] = [:]  // sha256 -> source, within this run
        for path in paths {
            let file: InputFile
            do {
                file = try Intake.examine(path)
            } catch {
                logger.error("cannot read file", metadata: ["source": "\(path)", "reason": "\(error)"])
                unreadable.append(path)
                continue
            }
            if let first = seen[file.sha256] {
                logger.notice("skipped: same content as another file of this run",
                              metadata: ["source": "\(path)", "same_as": "\(first)"])
                summary.skipped += 1
            } else if let known = try archive.knownInput(sha256: file.sha256) {
                logger.notice("skipped: already in the archive",
                              metadata: ["source": "\(path)", "recorded_as": "\(known.source)",
                                         "run": "\(known.runID)"])
                summary.skipped += 1
            } else {
                seen[file.sha256] = path
                todo.append(file)
            }
        }

        let queue = todo
        let knownCompanyNames = try archive.knownCompanyNames()
        let tally = Mutex(summary)
        let next = Mutex(0)
        let firstError = Mutex<(any Error)?>(nil)
        let workers = max(1, min(request.jobs, queue.count))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                let processor = PageProcessor(settings: settings, extractor: extractor, validator: validator,
                                              asOf: request.asOf, knownCompanyNames: knownCompanyNames)
                while firstError.withLock({ $0 == nil }) {
                    let index = next.withLock { i -> Int in defer { i += 1 }; return i }
                    guard index < queue.count else { return }
                    let outcome = processor.process(queue[index])
                    do {
                        try archive.record(outcome, runID: runID)
                    } catch {
                        firstError.withLock { $0 = $0 ?? error }
                        return
                    }
                    let done = tally.withLock { s -> Int in
                        s.add(outcome)
                        return s.accepted + s.review + s.failed
                    }
                    log(outcome, done: index + 1, of: queue.count, items: done)
                }
            }
            thread.stackSize = 16 << 20  // tesseract's recursion wants more than a secondary thread's default
            thread.start()
        }
        group.wait()
        if let error = firstError.withLock({ $0 }) { throw error }

        summary = tally.withLock { $0 }
        summary.seconds = Date().timeIntervalSince(started)
        try archive.finishRun(runID, summary: summary)
        return IngestResult(runID: runID, summary: summary, unreadablePaths: unreadable)
    }

    private func log(_ outcome: InputOutcome, done: Int, of total: Int, items: Int) {
        var metadata: Logger.Metadata = ["source": "\(outcome.source)", "file": "\(done)/\(total)",
                                         "seconds": "\(String(format: "%.2f", outcome.seconds))"]
        if let failure = outcome.failure {
            metadata["reason"] = "\(failure.message)"
            logger.warning("failed", metadata: metadata)
            return
        }
        metadata["pages"] = "\(outcome.pages.count)"
        metadata["statuses"] = "\(outcome.pages.map { "\($0.page):\($0.type.rawValue):\($0.status.rawValue)" }.joined(separator: " "))"
        logger.info("read", metadata: metadata)
    }
}

extension RunSummary {
    mutating func add(_ outcome: InputOutcome) {
        pages += outcome.pages.count
        for page in outcome.pages {
            switch page.status {
            case .accepted: accepted += 1
            case .review: review += 1
            case .failed: failed += 1
            }
        }
        if outcome.failure != nil { failed += 1 }
    }
}
