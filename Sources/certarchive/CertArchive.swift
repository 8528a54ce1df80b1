import ArgumentParser

struct CertArchive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certarchive",
        abstract: "Turns scanned certificates into a trusted SQLite archive, with a review queue for the doubtful.",
        version: "0.1.0",
        subcommands: [Ingest.self, Export.self, Review.self, History.self, Serve.self, Expiring.self, ShowCertificate.self, HolderCommand.self, AnomaliesCommand.self, Verify.self, Backup.self, ReportCommand.self])
}

/// `--archive FILE.sqlite`, shared by every command that opens an archive.
struct ArchiveOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite archive (created if missing).", valueName: "file.sqlite"))
    var archive: String
}
