import Archive
import ArgumentParser
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every item of the archive as JSON Lines or CSV (UTF-8 with BOM, for Excel).")

    @OptionGroup var archiveOption: ArchiveOption

    @Option(help: "jsonl or csv.")
    var format: Exporter.Format = .jsonl

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: archiveOption.archive) else {
            throw ValidationError("no archive at \(archiveOption.archive); run 'certarchive ingest' first")
        }
    }

    func run() throws {
        let archive = try ArchiveDatabase(path: archiveOption.archive)
        let items = try archive.items()
        var text = ""
        Exporter.write(items, format: format) { text += $0 }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension Exporter.Format: ExpressibleByArgument {}
