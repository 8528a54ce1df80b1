import Archive
import Compliance
import ArgumentParser
import Foundation
import IngestCore
import Rules
import Review

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every item of the archive as JSON Lines or CSV (UTF-8 with BOM, for Excel).")

    @OptionGroup var archiveOption: ExistingArchive

    @Option(help: "jsonl or csv.")
    var format: Exporter.Format = .jsonl

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(help: "Write 身份证号 and 特种作业操作证 numbers whole (masked otherwise; an encrypted archive also needs its key).")
    var reveal = false

    @Flag(help: "CSV: headings, types, statuses and problems as the JSON Lines' ids (otherwise in pipelines/wording.yaml's language, Chinese by default).")
    var ids = false

    @Option(help: "The folder holding pipelines/ (default: found beside the program, or CERTARCHIVE_DATA).")
    var data: String?

    func run() throws {
        let archive = try archiveOption.openForReading()
        let superseded = Self.supersededItems(try archive.recordSummaries(statuses: [.accepted]))
        let items = try archive.items(runID: nil, statuses: nil).map { item in
            var shown = reveal ? item : item.masked
            if superseded.contains(item.id) { shown.flags.append("superseded") }
            return shown
        }
        var text = ""
        Exporter.write(items, format: format, labels: ids || format != .csv ? .ids : try Self.labels(data: data)) { text += $0 }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension Export {
    /// The CSV's headings and values in the wording's language (`pipelines/wording.yaml`).
    static func labels(data: String?) throws -> CSVLabels {
        let pipelines = try DataFolders.root(explicit: data).appendingPathComponent("pipelines")
        let wording = try Wording.load(from: pipelines.appendingPathComponent("wording.yaml"),
                                       rules: try RuleSet.load(from: pipelines.appendingPathComponent("rules.yaml")))
        guard wording.language == .zh else { return .ids }
        return CSVLabels(
            column: { id in
                let heading = wording.say("column: \(id)")
                return heading != "column: \(id)" ? heading : wording.fieldName(id, type: .unknown)
            },
            type: wording.typeName, status: { wording.say("status: \($0.rawValue)") }, flag: { wording.say("flag: \($0)") },
            problem: { problem, type in "\(wording.words(for: problem, type: type))（\(problem.rule)）" })
    }

    /// Accepted items of a certificate's older versions: a renewal supersedes them (flagged `superseded`).
    static func supersededItems(_ accepted: [RecordSummary]) -> Set<Int64> {
        CertificateLifecycle.supersededItemIDs(accepted.map(ArchivedCertificate.init))
    }
}

extension Exporter.Format: ExpressibleByArgument {}
