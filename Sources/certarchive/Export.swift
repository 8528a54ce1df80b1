import Archive
import Compliance
import ArgumentParser
import Foundation
import IngestCore

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

    func run() throws {
        let archive = try archiveOption.openForReading()
        let superseded = Self.supersededItems(try archive.recordSummaries(statuses: [.accepted]))
        let items = try archive.items(runID: nil, statuses: nil).map { item in
            var shown = reveal ? item : item.masked
            if superseded.contains(item.id) { shown.flags.append("superseded") }
            return shown
        }
        var text = ""
        Exporter.write(items, format: format) { text += $0 }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension Export {
    /// Accepted items of a certificate's older versions: a renewal supersedes them (flagged `superseded`).
    static func supersededItems(_ accepted: [RecordSummary]) -> Set<Int64> {
        CertificateLifecycle.supersededItemIDs(accepted.map(ArchivedCertificate.init))
    }
}

extension Exporter.Format: ExpressibleByArgument {}
