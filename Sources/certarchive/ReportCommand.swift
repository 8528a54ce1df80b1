import Archive
import ArgumentParser
import Compliance
import Foundation
import Review
import IngestCore
import Rules

/// `certarchive report --out DIR`: the statistics page (self-contained HTML with charts) and its numbers as CSV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Statistics: a self-contained HTML page with charts, and the same numbers as CSV files.",
        discussion: """
            Writes DIR/report.html (charts drawn as inline SVG: nothing is fetched to view it) and one CSV per \
            table (UTF-8 with BOM): by-type, by-issuer, by-province, validity, overdue-by-company, \
            intake-per-day, review-backlog. Certificates are counted once each (type and number), by their \
            current version.
            """)

    @OptionGroup var options: ComplianceOptions
    @Option(help: ArgumentHelp("Folder to write the report into (created).", valueName: "dir")) var out: String

    func run() throws {
        let rules = try options.rules()
        let archive = try options.openArchive()
        let summaries = try options.summaries(archive, try options.scope(archive))
        let stats = Self.statistics(summaries, asOf: options.day, settings: try options.settings(), rules: rules,
                                    wording: try Self.wording(root: try options.root(), rules: rules))
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = StatisticsReport.html(stats, archive: options.archiveOption.option.displayName,
                                         generated: LocalTime.text(Date()))
        try html.write(to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        for table in stats.tables {
            try StatisticsReport.csv(table).write(to: folder.appendingPathComponent("\(table.id).csv"),
                                                  atomically: true, encoding: .utf8)
        }
        print("统计报告：\(folder.appendingPathComponent("report.html").path)（\(stats.certificates) 份证书，"
            + "\(stats.waiting) 项待审核）；CSV：" + stats.tables.map { "\($0.id).csv" }.joined(separator: "、"))
    }

    /// What the report calls rule families (`pipelines/wording.yaml`).
    static func wording(root: URL, rules: RuleSet) throws -> Wording {
        try Wording.load(from: root.appendingPathComponent("pipelines/wording.yaml"), rules: rules)
    }

    /// The statistics of these records, types named as the rules name them (also the web UI's /report).
    static func statistics(_ summaries: [RecordSummary], asOf day: PrintedDate, settings: ComplianceSettings,
                           rules: RuleSet, wording: Wording) -> Statistics {
        var typeNames: [DocumentType: String] = [:]
        for type in DocumentType.allCases { typeNames[type] = wording.typeName(type) }
        return Statistics.of(summaries.map(ArchivedCertificate.init), asOf: day, settings: settings,
                             provinces: rules.provinces, typeNames: typeNames, familyName: wording.ruleFamilyName)
    }
}
