import Archive
import Notify
import ArgumentParser
import Foundation
import PostgresArchive

struct CertArchive: ParsableCommand {
    /// ArgumentParser's own main, except that a PostgreSQL archive lost while a command runs (other than
    /// `ingest`, which says so itself) ends it with plain words and exit 3, not `Error: …` and exit 1 — `verify`'s
    /// status for a break in the chain.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as PostgresArchiveError {
            printError("certarchive: \(error)")
            Foundation.exit(3)
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "certarchive",
        abstract: "Turns scanned certificates into a trusted SQLite archive, with a review queue for the doubtful.",
        version: "0.1.0",
        subcommands: [Ingest.self, Export.self, Review.self, History.self, Serve.self, Expiring.self, ShowCertificate.self, HolderCommand.self, AnomaliesCommand.self, Verify.self, QueueCommand.self, Backup.self, ReportCommand.self, NotifyCommand.self, Rekey.self, UserCommand.self])
}

/// `--archive FILE.sqlite|postgres://… [--key-file FILE]`, shared by every command that opens an archive.
struct ArchiveOption: ParsableArguments {
    @Option(name: .customLong("archive"),
            help: ArgumentHelp("The archive: a SQLite file (ingest creates it; every other command needs it to exist), or postgres://USER@HOST:PORT/DATABASE "
                                + "for one PostgreSQL archive shared by many machines (default: $CERTARCHIVE_ARCHIVE).",
                               valueName: "file.sqlite|url"))
    var archiveArgument: String?

    /// The archive given, or named by the environment.
    var archive: String {
        archiveArgument ?? ProcessInfo.processInfo.environment["CERTARCHIVE_ARCHIVE"].flatMap { $0.isEmpty ? nil : $0 } ?? ""
    }

    /// The archive as messages and pages name it: a PostgreSQL URL without its password.
    var displayName: String {
        guard isPostgres else { return archive }
        return PostgresLocation.masked(archive)
    }

    /// Whether the archive is a PostgreSQL database rather than a SQLite file.
    var isPostgres: Bool { PostgresLocation.isURL(archive) }

    func validate() throws {
        guard !archive.isEmpty else {
            throw ValidationError("which archive? Give --archive FILE.sqlite or postgres://…, or set CERTARCHIVE_ARCHIVE")
        }
    }

    @Option(help: ArgumentHelp("The key of an archive whose personal numbers are encrypted (default: "
                                + "$CERTARCHIVE_KEY_FILE); without it they show masked and cannot be changed.",
                               valueName: "file"))
    var keyFile: String?

    /// The key file given, or named by the environment.
    var keyPath: String? {
        keyFile ?? ProcessInfo.processInfo.environment["CERTARCHIVE_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func key() throws -> PersonalDataKey? {
        try keyPath.map { try PersonalDataKey(file: $0) }
    }

    /// Opens the archive, SQLite or PostgreSQL, with its key if one is given; a key that is not the archive's is
    /// refused (exit 3).
    /// `readOnly`: the command only reads (a SQLite archive is then opened without writing anything).
    func open(readOnly: Bool = false) throws -> any WholeArchive {
        do {
            if isPostgres { return try PostgresArchive(url: archive, key: try key()) }
            return try ArchiveDatabase(path: archive, key: try key(), readOnly: readOnly)
        } catch let error as PersonalDataError {
            printError("certarchive: \(error)")
            throw ExitCode(3)
        } catch let error as ExitCode {
            throw error
        } catch {
            // Cannot start: said in plain words with what to do, exit 3 (README's exit statuses), for every command.
            let hint = isPostgres ? "check the URL, that the server runs and that its user may connect"
                                  : "check that the file is an archive and its folder readable"
            printError("certarchive: cannot open the archive \(displayName): \(error); \(hint)")
            throw ExitCode(3)
        }
    }
}

/// Everything the commands ask of an archive, whichever store holds it.
typealias WholeArchive = IngestArchive & ReviewArchive & RecordArchive & AccountStore & NoticeLog & RekeyableArchive
    & CopiedArchive

/// `--archive FILE [--key-file FILE]` of an archive that must exist already: every command but `ingest`, which
/// creates one. Its check is here once.
struct ExistingArchive: ParsableArguments {
    @OptionGroup var option: ArchiveOption

    var archive: String { option.archive }
    var keyPath: String? { option.keyPath }

    func validate() throws {
        guard !option.isPostgres else { return }
        guard FileManager.default.fileExists(atPath: option.archive) else {
            throw ValidationError("no archive at \(option.archive); run 'certarchive ingest' first")
        }
    }

    func key() throws -> PersonalDataKey? { try option.key() }
    func open() throws -> any WholeArchive { try option.open() }
    /// For commands that only read: nothing is written when the archive opens (see `ArchiveDatabase`).
    func openForReading() throws -> any WholeArchive { try option.open(readOnly: true) }
}

/// Nothing matched what the command was asked for: said on standard error, exit 2 (README's exit statuses).
func notFound(_ message: String) -> ExitCode {
    printError("certarchive: " + message)
    return ExitCode(2)
}
