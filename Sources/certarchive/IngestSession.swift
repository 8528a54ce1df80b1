import Archive
import Extraction
import Foundation
import Review
import IngestCore
import Logging
import Pipeline
import PostgresArchive
import RunFiles
import Rules

/// One `ingest` invocation: the archive (and drop folder) locked for its whole life, signals turned into a
/// graceful stop, progress shown, and one run — or, with --watch, a run each time the folder has something new.
final class IngestSession {
    let options: Ingest
    let archive: any IngestArchive
    let runner: IngestRunner
    let settings: PipelineSettings
    let wording: Wording
    let logger: Logger
    let dropFolder: DropFolder?
    private let locks: [RunLock]
    private let stop = StopSignal()

    init(options: Ingest) throws {
        self.options = options
        let root = try DataFolders.root(explicit: options.data)
        let settingsURL = try options.settings.map { try DataFolders.file($0, root: root) }
            ?? root.appendingPathComponent("pipelines/settings.yaml")
        settings = try PipelineSettings.load(from: settingsURL)
        let format = options.logFormat ?? settings.run?.logFormat.flatMap(LogOutput.Format.init) ?? .text
        var logger = Logger(label: "certarchive") { label in LogOutput(format: format, label: label) }
        logger.logLevel = options.verbose ? .info : .notice
        self.logger = logger

        // The archive's lock first: with it held, pages marked running can only be a dead run's.
        let archivePath = options.archiveOption.archive
        let hint = options.archiveOption.isPostgres
            ? "check the URL, that the server runs and that its user may connect and create tables"
            : "check that its folder exists and is writable, or pass another --archive"
        let unusable = { (reason: String) in
            options.archiveOption.isPostgres
                ? ConfigurationError("\(reason); \(hint)")
                : ConfigurationError("cannot open the archive \(options.archiveOption.displayName) (\(reason)); \(hint)")
        }
        var locks: [RunLock] = []
        // A PostgreSQL archive is shared: its runs coordinate through leased page claims, not a lock.
        let isPostgres = options.archiveOption.isPostgres
        do {
            if !isPostgres { locks.append(try RunLock(path: archivePath + ".lock")) }
        } catch let RunLockError.cannotOpen(_, reason) {
            throw unusable(reason)
        }
        if let inbox = options.dropFolder {
            guard FileManager.default.fileExists(atPath: inbox) else {
                throw ConfigurationError("the drop folder \(inbox) does not exist")
            }
            // On a shared archive several machines take files from one drop folder: each file is claimed in the
            // database instead.
            if !isPostgres {
                locks.append(try RunLock(path: (inbox as NSString).appendingPathComponent(".certarchive.lock")))
            }
        }
        self.locks = locks
        do {
            let key = try options.archiveOption.key()
            archive = isPostgres ? try PostgresArchive(url: archivePath, key: key, lease: options.leaseSeconds)
                                 : try ArchiveDatabase(path: archivePath, key: key)
        } catch let error as PersonalDataError {
            throw ConfigurationError("\(error)")
        } catch {
            throw unusable("\(error)")
        }
        guard archive.hasPersonalDataKey else { throw ConfigurationError("\(PersonalDataError.keyNeeded)") }
        // An archive that encrypts personal numbers keeps none in clear in its thumbnails either.
        var settings = settings
        settings.pages.paintsOverPersonalNumbers = archive.encryptsPersonalData
        let models = try ExtractionModel.loadAll(from: root.appendingPathComponent("models"))
        let rules = try RuleSet.load(from: root.appendingPathComponent("pipelines/rules.yaml"))
        let validator = try Validator(rules: rules)
        // The language of the files people read: rejected.html and the quarantine's .reason.txt.
        wording = try Wording.load(from: root.appendingPathComponent("pipelines/wording.yaml"), rules: rules)
        var runner = IngestRunner(
            archive: archive, settings: settings,
            extractor: PageExtractor(models: models, authorities: rules.issuingAuthorities,
                                     issuerProvinces: { validator.issuerProvinceNames(forNumber: $1, type: $0) },
                                     classificationThreshold: settings.classification.threshold),
            validator: validator, logger: logger)
        runner.readerTrace = try options.readerTrace.map { try ReaderTrace(path: $0) }
        self.runner = runner
        if let inbox = options.dropFolder, let done = options.done, let quarantine = options.quarantine {
            dropFolder = DropFolder(inbox: inbox, done: done, quarantine: quarantine, archive: archive, logger: logger,
                                    wording: wording)
        } else {
            dropFolder = nil
        }
    }

    /// Runs until done (or, with --watch, until stopped) and returns the worst status of its runs.
    func run() throws -> RunStatus {
        stop.install { [logger] signal in
            logger.notice("stopping: finishing the pages in hand; the rest stays queued (again to quit at once)",
                          metadata: ["signal": "\(signal)"])
        }
        let progress = ProgressDisplay(interval: options.progressSeconds ?? settings.run?.progressSeconds ?? 60,
                                       logger: logger)
        let observer = RunObserver(
            inputSettled: { [dropFolder] settled in dropFolder?.settle(settled) },
            progress: progress.update, shouldStop: { [stop] in stop.isRequested })
        let request = IngestRequest(
            paths: options.dropFolder.map { [$0] } ?? options.paths,
            jobs: options.jobs ?? settings.run?.jobs ?? MachineCores.available,
            asOf: options.asOf.flatMap(PrintedDate.init(iso:)) ?? Ingest.today(),
            excluded: options.archiveOption.isPostgres ? [] : Intake.archiveFiles(options.archiveOption.archive),
            settleSeconds: options.dropFolder == nil ? nil : options.settleSeconds ?? settings.run?.settleSeconds ?? 60)

        var worst = RunStatus.allAccepted
        repeat {
            if options.watch, !hasFiles(request) {
                waitForNextLook()
                continue
            }
            let movedBefore = dropFolder?.moved
            // Files whose items reviewers have since decided leave quarantine before new ones come in.
            dropFolder?.releaseDecided()
            let result = try runner.run(request, observer: observer)
            progress.finish()
            // A watched folder holding only files still being written: nothing to say until something is taken.
            if options.watch, result.foundNothing {
                waitForNextLook()
                continue
            }
            let status = try report(result, movedBefore: movedBefore)
            worst = max(worst, status)
            if result.stopped || !options.watch { break }
            waitForNextLook()
        } while !stop.isRequested
        return worst
    }

    /// Writes the run's report and its one-line summary (stdout, for cron's mail); returns the run's status.
    private func report(_ result: IngestResult, movedBefore: DropFolder.Moved?) throws -> RunStatus {
        let items = try archive.items(runID: result.runID, statuses: [.review, .failed])
        let corrected = try archive.items(runID: result.runID, statuses: [.accepted]).filter { !$0.corrections.isEmpty }
        let dir = options.reportDir ?? (options.archiveOption.isPostgres
            ? FileManager.default.currentDirectoryPath
            : URL(fileURLWithPath: options.archiveOption.archive).deletingLastPathComponent().path)
        let written = try RejectedReport.write(items: items, corrected: corrected, summary: result.summary,
                                               runID: result.runID, to: dir, wording: wording)
        let failed = result.summary.failed + result.unreadablePaths.count
        let moves = movedBefore.flatMap { before in dropFolder.map { $0.moved.since(before) } }
        print(RunSummaryLine(words: TerminalWords(wording)).text(result, failed: failed, moves: moves,
                                                                 peakMegabytes: Self.peakMemoryMegabytes(), report: written.html))
        fflush(nil)  // cron mails what it captured: the summary before anything logged after it
        return .of(stopped: result.stopped, failedInputs: failed + (moves?.failed ?? 0), review: result.summary.review)
    }

    private func hasFiles(_ request: IngestRequest) -> Bool {
        !Intake.files(under: request.paths, excluding: request.excluded).files.isEmpty
    }

    private func waitForNextLook() {
        let until = Date().addingTimeInterval(options.pollSeconds ?? settings.run?.pollSeconds ?? 30)
        while Date() < until, !stop.isRequested { Thread.sleep(forTimeInterval: 0.2) }
    }

    /// The process's peak resident memory (Linux reports ru_maxrss in kilobytes).
    static func peakMemoryMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
