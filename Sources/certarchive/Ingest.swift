import Archive
import ArgumentParser
import Extraction
import Foundation
import IngestCore
import Logging
import PageImaging
import Pipeline
import Rules

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read certificates (PDF, JPEG, PNG, TIFF, BMP, WebP; folders walked recursively) into the archive.",
        discussion: """
            Exit status: 0 the run completed (items in review and unreadable inputs are in the report), \
            3 the run could not proceed, 64 bad arguments. With --detailed-exit-status: 0 all accepted, \
            1 some items need review, 2 some inputs could not be read.
            """)

    @Argument(help: "Files and folders to read.")
    var paths: [String]

    @OptionGroup var archiveOption: ArchiveOption

    @Option(help: ArgumentHelp("Where rejected.html and rejected.json go (default: beside the archive).",
                               valueName: "dir"))
    var reportDir: String?

    @Option(help: "Parallel workers, each with its own OCR engine; the default is the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Exit 1 when items need review and 2 when inputs could not be read (for cron and scripts).")
    var detailedExitStatus = false

    @Option(help: ArgumentHelp("The day expiry is judged against, YYYY-MM-DD (default: today).", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Folder holding models/ and pipelines/ (default: found beside the program).",
                               valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Pipeline settings file (default: pipelines/settings.yaml).", valueName: "file"))
    var settings: String?

    @Flag(help: "Log every file, not only problems.")
    var verbose = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let asOf, PrintedDate(iso: asOf)?.isReal != true {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, e.g. 2026-01-31")
        }
    }

    func run() throws {
        ImageReader.silenceLibraryMessages()
        var logger = Logger(label: "certarchive")
        logger.logLevel = verbose ? .info : .notice
        let prepared: (IngestRunner, ArchiveDatabase)
        do {
            prepared = try prepare(logger: logger)
        } catch {
            printError("certarchive: cannot start: \(error)")
            throw RunStatus.runFailed.exitCode
        }
        let (runner, archive) = prepared
        let day = asOf.flatMap(PrintedDate.init(iso:)) ?? Self.today()
        let result: IngestResult
        let report: RejectedReport.Written
        do {
            result = try runner.run(IngestRequest(paths: paths, jobs: jobs, asOf: day))
            let items = try archive.items(runID: result.runID, statuses: [.review, .failed])
            let dir = reportDir ?? URL(fileURLWithPath: archiveOption.archive).deletingLastPathComponent().path
            let corrected = try archive.items(runID: result.runID, statuses: [.accepted]).filter { !$0.corrections.isEmpty }
            report = try RejectedReport.write(items: items, corrected: corrected, summary: result.summary,
                                              runID: result.runID, to: dir)
        } catch {
            printError("certarchive: the run stopped: \(error)")
            throw RunStatus.runFailed.exitCode
        }
        let s = result.summary
        let pagesPerSecond = s.seconds > 0 ? Double(s.pages) / s.seconds : 0
        let failed = s.failed + result.unreadablePaths.count
        print("""
            inputs \(s.inputs + result.unreadablePaths.count) (skipped as already archived \(s.skipped)), \
            pages \(s.pages), accepted \(s.accepted), review \(s.review), failed \(failed), \
            \(String(format: "%.1f", s.seconds)) s, \(String(format: "%.2f", pagesPerSecond)) pages/s, \
            peak memory \(Self.peakMemoryMegabytes()) MB
            report: \(report.html)
            """)
        guard detailedExitStatus else { return }
        let status: RunStatus = failed > 0 ? .inputsFailed
            : s.review > 0 ? .needsReview : .allAccepted
        if status != .allAccepted { throw status.exitCode }
    }

    private func prepare(logger: Logger) throws -> (IngestRunner, ArchiveDatabase) {
        let root = try DataFolders.root(explicit: data)
        let settingsURL = settings.map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("pipelines/settings.yaml")
        let pipelineSettings = try PipelineSettings.load(from: settingsURL)
        let models = try ExtractionModel.loadAll(from: root.appendingPathComponent("models"))
        let rules = try RuleSet.load(from: root.appendingPathComponent("pipelines/rules.yaml"))
        let archive: ArchiveDatabase
        do {
            archive = try ArchiveDatabase(path: archiveOption.archive)
        } catch {
            throw ValidationErrorText("cannot open the archive \(archiveOption.archive) (\(error)); check that its "
                + "folder exists and is writable, or pass another --archive")
        }
        let runner = IngestRunner(
            archive: archive, settings: pipelineSettings,
            extractor: PageExtractor(models: models, classificationThreshold: pipelineSettings.classification.threshold),
            validator: try Validator(rules: rules), logger: logger)
        return (runner, archive)
    }

    /// The process's peak resident memory (Linux reports ru_maxrss in kilobytes).
    static func peakMemoryMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    static func today() -> PrintedDate {
        let c = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        return PrintedDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
