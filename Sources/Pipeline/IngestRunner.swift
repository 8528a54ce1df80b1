import Archive
import Extraction
import Foundation
import IngestCore
import Logging
import PageImaging
import Rules
import Synchronization
import TesseractOCR

/// What one `ingest` run is asked to do.
public struct IngestRequest: Sendable {
    public var paths: [String]
    public var jobs: Int
    public var asOf: PrintedDate
    /// Files in folders that are never inputs (the archive's own files).
    public var excluded: Set<String>
    /// Take only files nothing has written to for this many seconds (drop folders); nil: take every file.
    public var settleSeconds: Double?

    public init(paths: [String], jobs: Int, asOf: PrintedDate, excluded: Set<String> = [], settleSeconds: Double? = nil) {
        self.paths = paths; self.jobs = jobs; self.asOf = asOf; self.excluded = excluded
        self.settleSeconds = settleSeconds
    }
}

/// What a run did.
public struct IngestResult: Sendable {
    public var runID: Int64
    public var summary: RunSummary
    /// Paths named on the command line that do not exist, and files that could not be opened.
    public var unreadablePaths: [String]
    /// The run was asked to stop before every page was read; the rest stays queued for the next run.
    public var stopped: Bool
    public var pagesLeft: Int
    /// Nothing was taken, read, refused or queued: the run was not recorded.
    public var foundNothing: Bool {
        summary.inputs == 0 && unreadablePaths.isEmpty && summary.pages == 0 && pagesLeft == 0
    }
    /// Workers the run used, and the seconds they spent inside tesseract: the rest of workers × wall time is the
    /// pipeline's own overhead (rendering, preparation, extraction, rules, the archive, idle workers).
    public var workers: Int
    public var recognitionSeconds: Double

    /// tesseract's share of the workers' time, 0...1.
    public var recognitionShare: Double {
        let capacity = summary.seconds * Double(workers)
        return capacity > 0 ? min(1, recognitionSeconds / capacity) : 0
    }
}

/// Pages done out of the pages this run set out to read.
public struct RunProgress: Sendable {
    public var pagesDone: Int
    public var pagesTotal: Int
    public var elapsed: Double
}

/// What the caller hears while a run goes on. Called from worker threads.
public struct RunObserver: Sendable {
    /// An input's records are committed (or it was in the archive already): the file may be moved now.
    public var inputSettled: @Sendable (_ source: String, _ sha256: String) -> Void
    public var progress: @Sendable (RunProgress) -> Void
    /// Asked before each page: true once a stop was requested (pages in hand are finished and committed).
    public var shouldStop: @Sendable () -> Bool

    public init(inputSettled: @escaping @Sendable (String, String) -> Void = { _, _ in },
                progress: @escaping @Sendable (RunProgress) -> Void = { _ in },
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.inputSettled = inputSettled; self.progress = progress; self.shouldStop = shouldStop
    }
}

/// Runs intake into the archive's durable job queue, then N workers (each with its own OCR engine) over the
/// queued pages — pages of one PDF spread over workers. Each read page is stored at once; a file's items are
/// committed in the transaction that stores its last page, so the archive never holds half a file and a killed
/// run loses at most the pages in hand.
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

    public func run(_ request: IngestRequest, observer: RunObserver = RunObserver()) throws -> IngestResult {
        let started = Date()
        let recognitionBefore = RecognitionClock.totalSeconds
        let runID = try archive.beginRun(asOf: request.asOf.iso, arguments: request.paths.joined(separator: " "))
        let requeued = try archive.requeueInterruptedPages()
        if requeued > 0 { logger.notice("resuming pages an interrupted run left unread", metadata: ["pages": "\(requeued)"]) }

        var intake = try takeIn(request, runID: runID, observer: observer)
        intake.jobs += try leftoverJobs(besides: intake.jobs, runID: runID)
        let work = intake.jobs.flatMap { job in job.remainingPages.map { (job: job, page: $0) } }

        let tally = Mutex(intake.summary)
        let next = Mutex(0)
        let pagesDone = Mutex(0)
        let failedJobs = Mutex(Set<Int64>())
        let firstError = Mutex<(any Error)?>(nil)
        let knownCompanyNames = try archive.knownCompanyNames()
        let group = DispatchGroup()
        let workers = max(1, min(request.jobs, work.count))
        // The cores the workers leave idle go to each worker's PP-OCR sessions (two cores, one worker: two threads).
        let recognizerThreads = max(1, ProcessInfo.processInfo.activeProcessorCount / workers)
        for _ in 0..<workers {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                let processor = PageProcessor(settings: settings, extractor: extractor, validator: validator,
                                              asOf: request.asOf, knownCompanyNames: knownCompanyNames,
                                              recognizerThreads: recognizerThreads)
                // A worker with a core of its own beside its page recogniser's first recognises a page while its
                // finisher extracts, re-reads and stores the one before; when the workers fill the machine, the
                // worker finishes each page itself.
                let finisher = recognizerThreads > 1 ? PageFinisher(stackSize: Self.stackSize) : nil
                defer { finisher?.finishAll() }
                while firstError.withLock({ $0 == nil }), !observer.shouldStop() {
                    let index = next.withLock { i -> Int in defer { i += 1 }; return i }
                    guard index < work.count else { return }
                    let (job, page) = work[index]
                    if failedJobs.withLock({ $0.contains(job.id) }) { continue }
                    let pageStarted = Date()
                    let inHand: PageProcessor.PageInHand
                    do {
                        try archive.markRunning(jobID: job.id, page: page)
                        inHand = processor.recognize(InputFile(source: job.source, sha256: job.sha256, byteCount: job.byteCount,
                                                                 format: job.format), page: page)
                    } catch {
                        firstError.withLock { $0 = $0 ?? error }
                        return
                    }
                    let finish = { [self] in
                        do {
                            let finished = try store(processor.finish(inHand), page: page, of: job, started: pageStarted,
                                                     runID: runID, failedJobs: failedJobs)
                            let done = pagesDone.withLock { n -> Int in n += 1; return n }
                            observer.progress(RunProgress(pagesDone: done, pagesTotal: work.count,
                                                          elapsed: Date().timeIntervalSince(started)))
                            guard let finished else { return }
                            tally.withLock { $0.add(finished) }
                            log(finished)
                            observer.inputSettled(finished.source, finished.sha256)
                        } catch {
                            firstError.withLock { $0 = $0 ?? error }
                        }
                    }
                    if let finisher { finisher.hand(finish) } else { finish() }
                }
            }
            thread.stackSize = Self.stackSize
            thread.start()
        }
        group.wait()
        if let error = firstError.withLock({ $0 }) { throw error }

        // Copies of content another file of this run brought in: settled once that file is committed.
        for (source, sha256) in intake.copies where try archive.knownInput(sha256: sha256) != nil {
            observer.inputSettled(source, sha256)
        }
        var summary = tally.withLock { $0 }
        summary.seconds = Date().timeIntervalSince(started)
        let pagesLeft = work.count - pagesDone.withLock { $0 }
        let stopped = pagesLeft > 0 && observer.shouldStop()
        try archive.finishRun(runID, summary: summary, stopped: stopped)
        let result = IngestResult(runID: runID, summary: summary, unreadablePaths: intake.unreadable,
                            stopped: stopped, pagesLeft: pagesLeft, workers: workers,
                            recognitionSeconds: RecognitionClock.totalSeconds - recognitionBefore)
        if result.foundNothing && work.isEmpty { try archive.discardRun(runID) }
        return result
    }

    /// tesseract's recursion wants more than a secondary thread's default stack.
    static let stackSize = 16 << 20

    /// Stores one page read; returns the input when this page completed it (or failed it whole).
    private func store(_ reading: PageProcessor.PageReading, page: Int, of job: QueuedJob, started: Date, runID: Int64,
                       failedJobs: borrowing Mutex<Set<Int64>>) throws -> InputOutcome? {
        switch reading {
        case let .items(items):
            return try archive.completePage(jobID: job.id, page: page, items: items,
                                            seconds: Date().timeIntervalSince(started), runID: runID)
        case let .fileFailed(problem):
            failedJobs.withLock { _ = $0.insert(job.id) }
            return try archive.failJob(jobID: job.id, problem: problem, runID: runID)
        }
    }

    private func log(_ outcome: InputOutcome) {
        var metadata: Logger.Metadata = ["source": "\(outcome.source)",
                                         "seconds": "\(String(format: "%.2f", outcome.seconds))"]
        if let failure = outcome.failure {
            metadata["reason"] = "\(failure.message)"
            logger.warning("failed", metadata: metadata)
            return
        }
        metadata["pages"] = "\(outcome.pageCount)"
        metadata["statuses"] = "\(outcome.pages.map { "\($0.page):\($0.type.rawValue):\($0.status.rawValue)" }.joined(separator: " "))"
        logger.info("read", metadata: metadata)
    }
}

extension RunSummary {
    mutating func add(_ outcome: InputOutcome) {
        pages += outcome.pageCount
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
