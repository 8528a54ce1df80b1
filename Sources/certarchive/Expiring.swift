import Archive
import ArgumentParser
import Compliance
import Foundation
import IngestCore
import Yams

struct Expiring: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certificates in the archive that are expired or expire soon, most urgent first.",
        discussion: """
            Levels come from pipelines/compliance.yaml (expiry_warning_days, default 7, 15, 30): expired, \
            within_7, within_15, within_30. Exit status: 0 nothing expired or within the first level, 1 something \
            is (for cron), 64 bad arguments.
            """)

    @OptionGroup var archiveOption: ArchiveOption

    @Option(help: "List certificates expiring within this many days (expired ones always).")
    var within: Int = 30

    @Option(help: ArgumentHelp("The day to count from, YYYY-MM-DD (default: today).", valueName: "date"))
    var asOf: String?

    @Option(help: "table, csv, jsonl or ics (an iCalendar file with a reminder per certificate).")
    var format: ExpiryFormat = .table

    @Option(help: ArgumentHelp("Folder holding pipelines/ (default: found beside the program).", valueName: "dir"))
    var data: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: archiveOption.archive) else {
            throw ValidationError("no archive at \(archiveOption.archive); run 'certarchive ingest' first")
        }
        if let asOf, PrintedDate(iso: asOf)?.isReal != true {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, e.g. 2026-01-31")
        }
        guard within >= 0 else { throw ValidationError("--within must be 0 or more days") }
    }

    func run() throws {
        let thresholds = try Self.thresholds(root: try DataFolders.root(explicit: data))
        let expiry = ExpiryWarnings(thresholds: thresholds)
        let day = asOf.flatMap(PrintedDate.init(iso:)) ?? Ingest.today()
        let archive = try ArchiveDatabase(path: archiveOption.archive)
        let certificates = try archive.items(statuses: [.accepted]).map {
            ArchivedCertificate(type: $0.type, fields: $0.fields.mapValues(\.value))
        }
        let warnings = expiry.warnings(certificates, asOf: day, within: within)
        FileHandle.standardOutput.write(Data(format.render(warnings, asOf: day, reminderDays: thresholds.last ?? 30).utf8))
        if warnings.contains(where: expiry.isUrgent) { throw ExitCode(1) }
    }

    struct Settings: Decodable {
        var expiryWarningDays: [Int]
        enum CodingKeys: String, CodingKey { case expiryWarningDays = "expiry_warning_days" }
    }

    static func thresholds(root: URL) throws -> [Int] {
        let file = root.appendingPathComponent("pipelines/compliance.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else { return ExpiryWarnings.defaultThresholds }
        let days = try YAMLDecoder().decode(Settings.self, from: try String(contentsOf: file, encoding: .utf8)).expiryWarningDays
        guard !days.isEmpty, days.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("\(file.path): expiry_warning_days must list days, e.g. [7, 15, 30]")
        }
        return days.sorted()
    }
}

extension ExpiryFormat: ExpressibleByArgument {}
