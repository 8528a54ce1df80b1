import Archive
import ArgumentParser
import Extraction
import Foundation
import IngestCore
import Logging
import PageImaging
import Pipeline
import RunFiles
import Rules

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read certificates (PDF, JPEG, PNG, TIFF, BMP, WebP; folders walked recursively) into the archive.",
        discussion: """
            Bulk: certarchive ingest FOLDER --archive A.sqlite. Stopped (Ctrl-C) or killed, it resumes where it \
            was on the next run. Nightly: certarchive ingest --drop-folder IN --done DIR --quarantine DIR \
            --archive A.sqlite [--watch].

            Exit status: 0 completed (with detailed statuses: everything accepted, or nothing new); 1 some items \
            need review; 2 some inputs could not be read or moved; 3 the run could not proceed; 4 stopped before \
            every page was read (run again to resume); 5 another run holds the archive or the drop folder, \
            nothing was done; 64 bad arguments. 1 and 2 only with --detailed-exit-status, which --drop-folder \
            implies.
            """)

    @Argument(help: "Files and folders to read (not with --drop-folder).")
    var paths: [String] = []

    @OptionGroup var archiveOption: ArchiveOption

    @Option(help: ArgumentHelp("Where rejected.html and rejected.json go (default: beside the archive).",
                               valueName: "dir"))
    var reportDir: String?

    @Option(help: "Parallel workers, each with its own OCR engine (default: settings' run.jobs, else one per core).")
    var jobs: Int?

    @Option(help: ArgumentHelp("On a PostgreSQL archive: how long a claimed page stays this process's without renewal "
                                + "(renewed every third of it while read); a dead machine's pages go to others after it (default 60).",
                               valueName: "seconds"))
    var leaseSeconds: Double = 60

    @Option(help: ArgumentHelp("Take the finished files of this folder, and move each one out once it is archived.",
                               valueName: "dir"))
    var dropFolder: String?

    @Option(help: ArgumentHelp("With --drop-folder: where files whose every item was accepted go.", valueName: "dir"))
    var done: String?

    @Option(help: ArgumentHelp("With --drop-folder: where failed files and files waiting for review go, each with a .reason.txt.",
                               valueName: "dir"))
    var quarantine: String?

    @Option(help: ArgumentHelp("With --drop-folder: take only files unchanged for this long (default: settings' run.settle_seconds, else 60).",
                               valueName: "seconds"))
    var settleSeconds: Double?

    @Flag(help: "With --drop-folder: keep running, looking at the folder again every --poll-seconds, until stopped.")
    var watch = false

    @Option(help: ArgumentHelp("With --watch: how often to look at the folder (default: settings' run.poll_seconds, else 30).",
                               valueName: "seconds"))
    var pollSeconds: Double?

    @Option(help: ArgumentHelp("Off a terminal: a progress line this often (default: settings' run.progress_seconds, else 60).",
                               valueName: "seconds"))
    var progressSeconds: Double?

    @Option(help: "Log lines as text or json (default: settings' run.log_format, else text).")
    var logFormat: LogOutput.Format?

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

    @Option(help: ArgumentHelp("For measurement: write each key field's readings by every recogniser (JSON Lines, "
                               + "personal numbers left out) to this file.", valueName: "file", visibility: .hidden))
    var readerTrace: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let asOf, PrintedDate(iso: asOf)?.isReal != true {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, e.g. 2026-01-31")
        }
        guard let dropFolder else {
            if paths.isEmpty { throw ValidationError("name the files or folders to read, or use --drop-folder") }
            if done != nil || quarantine != nil || watch {
                throw ValidationError("--done, --quarantine and --watch go with --drop-folder")
            }
            return
        }
        guard paths.isEmpty else { throw ValidationError("with --drop-folder, name no other files or folders") }
        guard let done, let quarantine else { throw ValidationError("--drop-folder needs --done and --quarantine") }
        let inbox = Intake.absolute(dropFolder) + "/"
        for (name, dir) in [("--done", done), ("--quarantine", quarantine)]
        where (Intake.absolute(dir) + "/").hasPrefix(inbox) || inbox.hasPrefix(Intake.absolute(dir) + "/") {
            throw ValidationError("\(name) must be outside the drop folder (its files would be taken again)")
        }
    }

    func run() throws {
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
        ImageReader.silenceLibraryMessages()
        let session: IngestSession
        do {
            session = try IngestSession(options: self)
        } catch let error as RunLockError {
            guard case .held = error else {
                printError("certarchive: cannot start: \(error)")
                throw RunStatus.runFailed.exitCode
            }
            printError("certarchive: \(error)")
            throw RunStatus.busy.exitCode
        } catch {
            printError("certarchive: cannot start: \(error)")
            throw RunStatus.runFailed.exitCode
        }
        let status: RunStatus
        do {
            status = try session.run()
        } catch {
            printError("certarchive: the run stopped: " + ArchiveDatabase.plainWords(error, archivePath: archiveOption.archive))
            throw RunStatus.runFailed.exitCode
        }
        let detailed = detailedExitStatus || dropFolder != nil
        if status >= .runFailed || (detailed && status != .allAccepted) { throw status.exitCode }
    }

    static func today() -> PrintedDate {
        let c = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        return PrintedDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }
}

extension LogOutput.Format: ExpressibleByArgument {}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
