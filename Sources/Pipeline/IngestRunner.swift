import Archive
import Extraction
import Foundation
import IngestCore
import Logging
import PageImaging
import Rules
import Synchronization

/// Runs intake into the archive's durable job queue, then N workers (each with its own OCR engine) over the
/// queued pages — pages of one PDF spread over workers. Each read page is stored at once; a file's items are
/// committed in the transaction that stores its last page, so the archive never holds half a file and a killed
/// run loses at most the pages in hand.
public struct IngestRunner: Sendable {
    let archive: any IngestArchive
    let settings: PipelineSettings
    let extractor: PageExtractor
    let validator: Validator
    let logger: Logger
    /// Each worker's recognisers: the engines the settings name, unless a caller hands in others.
    let makeRecognizers: RecognizerMaker

    public init(archive: any IngestArchive, settings: PipelineSettings, extractor: PageExtractor,
                validator: Validator, logger: Logger, recognizers: RecognizerMaker? = nil) {
        self.archive = archive; self.settings = settings; self.extractor = extractor
        self.validator = validator; self.logger = logger
        makeRecognizers = recognizers ?? EngineRecognizers.maker(settings)
    }

    public func run(_ request: IngestRequest, observer: RunObserver = RunObserver()) throws -> IngestResult {
        let started = Date()
        let clock = RecognitionClock()
        let runID = try archive.beginRun(asOf: request.asOf.iso, arguments: request.paths.joined(separator: " "))
        let requeued = try archive.requeueInterruptedPages()
        if requeued > 0 { logger.notice("resuming pages an interrupted run left unread", metadata: ["pages": "\(requeued)"]) }

        var intake = try takeIn(request, runID: runID, observer: observer)
        // A shared queue hands out every process's pages, an interrupted run's among them; otherwise this run
        // reads what it queued and what an interrupted run left.
        let shared = archive as? any SharedWorkQueue
        if shared == nil { intake.jobs += try leftoverJobs(besides: intake.jobs, runID: runID) }
        let work: any PageSupply = try shared.map { try SharedPages($0, shouldStop: observer.shouldStop) } ?? PageQueue(intake.jobs)
        let workers = max(1, min(request.jobs, work.count))
        let writer = RunWriter(archive: archive, runID: runID, summary: intake.summary, pagesTotal: work.count,
                               backlog: 2 * workers, started: started, observer: observer, logger: logger)
        let renewer = shared.map { LeaseRenewer($0, logger: logger) }
        defer { renewer?.stop() }
        // The cores the workers leave idle go to each worker's PP-OCR sessions (two cores, one worker: two threads).
        let recognizerThreads = max(1, ProcessInfo.processInfo.activeProcessorCount / workers)
        let knownCompanyNames = try archive.knownCompanyNames()
        WorkerThreads.run(count: workers, stackSize: Self.stackSize) { [self] in
            let processor = PageProcessor(settings: settings, extractor: extractor, validator: validator,
                                          asOf: request.asOf, recognizers: makeRecognizers(recognizerThreads, clock),
                                          knownCompanyNames: knownCompanyNames)
            readPages(from: work, with: processor, into: writer, finishesAside: recognizerThreads > 1,
                      shouldStop: observer.shouldStop)
        }
        let written = try writer.finish()
        try work.rethrow()

        // Copies of content another file of this run brought in: settled once that file is committed.
        for (source, sha256) in intake.copies {
            guard let disposition = written.committed[sha256] else { continue }
            observer.inputSettled(SettledInput(source: source, sha256: sha256, disposition: disposition))
        }
        var summary = written.summary
        summary.seconds = Date().timeIntervalSince(started)
        let pagesLeft = try shared?.pagesWaiting() ?? work.count - written.pagesDone
        let stopped = pagesLeft > 0 && observer.shouldStop()
        try archive.finishRun(runID, summary: summary, stopped: stopped)
        let result = IngestResult(runID: runID, summary: summary, unreadablePaths: intake.unreadable,
                                  stopped: stopped, pagesLeft: pagesLeft, workers: workers,
                                  recognitionSeconds: clock.totalSeconds)
        if result.foundNothing && work.count == 0 { try archive.discardRun(runID) }
        return result
    }

    /// tesseract's recursion wants more than a secondary thread's default stack.
    static let stackSize = 16 << 20

    /// One worker: takes pages until none is left, a stop is asked for or the archive fails, and hands each
    /// page read to the writer. A worker with a core of its own beside its page recogniser's first
    /// (`finishesAside`) recognises a page while its finisher extracts, re-reads and hands over the one before;
    /// when the workers fill the machine, the worker finishes each page itself.
    private func readPages(from work: any PageSupply, with processor: PageProcessor, into writer: RunWriter,
                           finishesAside: Bool, shouldStop: () -> Bool) {
        let finisher = finishesAside ? PageFinisher(stackSize: Self.stackSize) : nil
        defer { finisher?.finishAll() }
        while !writer.hasFailed, !shouldStop(), let (job, page) = work.next() {
            if writer.isFailed(jobID: job.id) { continue }
            let pageStarted = Date()
            writer.claim(page: page, of: job)
            let inHand = processor.recognize(InputFile(source: job.source, sha256: job.sha256, byteCount: job.byteCount,
                                                       format: job.format), page: page)
            let finish = { writer.store(processor.finish(inHand), page: page, of: job, started: pageStarted) }
            if let finisher { finisher.hand(finish) } else { finish() }
        }
    }
}

/// Threads with a stack of the given size, each running `body`; returns when all have.
enum WorkerThreads {
    static func run(count: Int, stackSize: Int, _ body: @escaping @Sendable () -> Void) {
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                body()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        group.wait()
    }
}
