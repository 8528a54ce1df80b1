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
    /// Where every key field's readings by each recogniser go (`ingest --reader-trace`); nil: nowhere.
    public var readerTrace: ReaderTrace?

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

        // A shared queue hands out every process's pages, an interrupted run's among them; otherwise this run
        // reads what it queued and what an interrupted run left. A drop folder on a shared queue is shared too:
        // each file is claimed before it is read, and moved by the process that claimed it.
        let shared = archive as? any SharedWorkQueue
        let renewer = shared.map { LeaseRenewer($0, logger: logger) }
        defer { renewer?.stop() }
        let claims = request.settleSeconds == nil ? nil : shared.map { ClaimedFiles($0, logger: logger) }
        let observer = claims?.filtering(observer) ?? observer
        var intake = try takeIn(request, runID: runID, observer: observer, claims: claims)
        if shared == nil { intake.jobs += try leftoverJobs(besides: intake.jobs, runID: runID) }
        let work: any PageSupply = try shared.map { try SharedPages($0, shouldStop: observer.shouldStop) } ?? PageQueue(intake.jobs)
        let workers = max(1, min(request.jobs, work.count))
        let writer = RunWriter(archive: archive, runID: runID, summary: intake.summary, pagesTotal: work.count,
                               backlog: 2 * workers, started: started, observer: observer, logger: logger)
        // The cores the workers leave idle go to each worker's PP-OCR sessions (two cores, one worker: two threads).
        let recognizerThreads = max(1, MachineCores.available / workers)
        let knownCompanyNames = try archive.knownCompanyNames()
        WorkerThreads.run(count: workers, stackSize: Self.stackSize) { [self] in
            let processor = PageProcessor(settings: settings, extractor: extractor, validator: validator,
                                          asOf: request.asOf, recognizers: makeRecognizers(recognizerThreads, clock),
                                          knownCompanyNames: knownCompanyNames, readerTrace: readerTrace)
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
        if let claims, !observer.shouldStop() { takeAbandoned(request, claims: claims) }
        claims?.finish(archive: archive, settling: observer)
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

    /// Files of a shared drop folder that another process claimed and died holding: once its claim has run out
    /// (the queue is empty by now, so its pages were read), this run claims them, and those the archive holds
    /// are moved with this run's own. Others, new since intake, are left for the next run.
    private func takeAbandoned(_ request: IngestRequest, claims: ClaimedFiles) {
        for path in Intake.files(under: request.paths, excluding: request.excluded).files where !claims.holds(path) {
            guard (try? claims.claim(path)) == true, let file = try? Intake.examine(path) else { continue }
            claims.examined(path, sha256: file.sha256)
        }
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
