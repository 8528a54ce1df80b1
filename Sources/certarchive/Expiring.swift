import ArgumentParser
import Compliance
import Foundation
import Review
import IngestCore

struct Expiring: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certificates in the archive that are expired or expire soon, most urgent first.",
        discussion: """
            Levels come from pipelines/compliance.yaml (expiry_warning_days, default 7, 15, 30): expired, \
            within_7, within_15, within_30. Exit status: 0 nothing expired or within the first level, 1 something \
            is (for cron), 64 bad arguments.
            """)

    @OptionGroup var options: ComplianceOptions

    @Option(help: "List certificates expiring (or due a 复审) within this many days, expired ones always (default 30; for ics every certificate, so a calendar reminds of each as it comes).")
    var within: Int?

    @Option(help: "table, csv, jsonl or ics (an iCalendar file with a reminder per certificate).")
    var format: ExpiryFormat = .table

    @Flag(help: "table and CSV: headings, types and levels as ids (otherwise in Chinese).")
    var ids = false

    func validate() throws {
        guard (within ?? 0) >= 0 else { throw ValidationError("--within must be 0 or more days") }
    }

    func run() throws {
        let settings = try options.settings()
        let thresholds = settings.expiryWarningDays.sorted()
        let expiry = ExpiryWarnings(settings)
        let day = options.day
        let archive = try options.openArchive()
        let warnings = expiry.warnings(try options.records(archive, try options.scope(archive)), asOf: day, within: within ?? (format == .ics ? Int.max : 30))
        let rules = try options.rules()
        var typeNames: [DocumentType: String] = [:]
        for type in DocumentType.allCases { typeNames[type] = rules.rules(for: type)?.name }
        let rendered = format.render(warnings, asOf: day, reminders: thresholds, typeNames: typeNames,
                                     ids: ids || TerminalWords.englishRequested)
        // A table is for a terminal; the other formats are files whose own quoting holds any character.
        FileHandle.standardOutput.write(Data((format == .table ? TypedText.forTerminal(rendered) : rendered).utf8))
        if warnings.contains(where: expiry.isUrgent) { throw ExitCode(1) }
    }
}

extension ExpiryFormat: ExpressibleByArgument {}
