import Archive
import ArgumentParser
import Compliance
import Foundation
import IngestCore
import Rules

/// What the compliance commands (expiring, show, holder, anomalies, report) share: the archive, the day to judge
/// against, the data folder with pipelines/compliance.yaml and rules.yaml.
struct ComplianceOptions: ParsableArguments {
    @OptionGroup var archiveOption: ExistingArchive

    @Option(help: ArgumentHelp("The day to count from, YYYY-MM-DD (default: today).", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Folder holding pipelines/ (default: found beside the program).", valueName: "dir"))
    var data: String?

    @OptionGroup var actingAs: ActingAs

    func validate() throws {
        if let asOf, PrintedDate(iso: asOf)?.isReal != true {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, e.g. 2026-01-31")
        }
    }

    var day: PrintedDate { asOf.flatMap(PrintedDate.init(iso:)) ?? Ingest.today() }

    func root() throws -> URL { try DataFolders.root(explicit: data) }

    func settings() throws -> ComplianceSettings { try Self.settings(root: try root()) }

    /// The register of companies: `explicit` (a path), else the settings' file (relative to pipelines/), else none.
    static func register(explicit: String?, configured: String?, root: URL) throws -> CompanyRegister? {
        let path: String
        if let explicit {
            path = explicit
        } else if let configured {
            path = configured.hasPrefix("/") ? configured
                : root.appendingPathComponent("pipelines").appendingPathComponent(configured).path
        } else {
            return nil
        }
        do {
            return try CompanyRegister.parse(try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw ValidationErrorText("cannot read the register of companies \(path): \(error)")
        }
    }

    /// pipelines/compliance.yaml under `root`, checked; the standard settings when there is none.
    /// `pipelines/compliance.yaml`, with each type's 复审 period from `pipelines/rules.yaml`.
    static func settings(root: URL) throws -> ComplianceSettings {
        do {
            var settings = try ComplianceSettings.load(from: root.appendingPathComponent("pipelines/compliance.yaml"))
            let rules = try RuleSet.load(from: root.appendingPathComponent("pipelines/rules.yaml"))
            for type in DocumentType.allCases {
                settings.reviewEveryYears[type] = rules.rules(for: type)?.validity?.reviewEveryYears
            }
            return settings
        } catch let error as ComplianceSettingsError {
            throw ValidationErrorText(error.description)
        }
    }

    func rules() throws -> RuleSet {
        try RuleSet.load(from: try root().appendingPathComponent("pipelines/rules.yaml"))
    }

    /// Read-only unless acting as an account (`--as`): its sign-in attempt is counted, a write.
    func openArchive() throws -> any WholeArchive {
        actingAs.name == nil ? try archiveOption.openForReading() : try archiveOption.open()
    }

    /// What the command may see: the `--as` account (password checked once) and its companies; everything
    /// without `--as`. `--reveal` is refused to an account whose role may not see whole numbers (a viewer).
    func scope(_ archive: any WholeArchive, reveal: Bool = false) throws -> CompanyScope {
        let account = try actingAs.account(on: archive)
        if reveal, let account, !account.role.revealsNumbers {
            throw ValidationError("a \(account.role.rawValue) may not see whole numbers: --reveal refused")
        }
        return try CompanyScope(account, archive: archive)
    }

    /// The archive's records of these statuses as compliance sees them, within `scope`.
    func records(_ archive: any WholeArchive, _ scope: CompanyScope, statuses: [ItemStatus]? = [.accepted]) throws
        -> [ArchivedCertificate] {
        try summaries(archive, scope, statuses: statuses).map(ArchivedCertificate.init)
    }

    /// The archive's records of these statuses, within `scope`.
    func summaries(_ archive: any WholeArchive, _ scope: CompanyScope, statuses: [ItemStatus]? = nil) throws -> [RecordSummary] {
        try archive.recordSummaries(statuses: statuses).filter { scope.admits($0.id) }
    }
}
