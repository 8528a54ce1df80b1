import Archive
import ArgumentParser
import Foundation
import IngestCore

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every change to an item — by ingest or a reviewer — oldest first.")

    @OptionGroup var archiveOption: ExistingArchive
    @Argument var id: Int64
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() throws {
        let archive = try archiveOption.openForReading()
        guard let item = try archive.item(id: id) else { throw notFound("no item \(id) in the archive") }
        // The history is shown for one item, as its review screen is: values whole, as the reviewer saw them.
        let events = try archive.history(itemID: id)
        if json { return printJSON(events) }
        let words = TerminalWords.load()
        printText(words.pick("第 \(id) 项 — \(words.type(item.type)) — \(item.source)" + (item.page.map { " 第 \($0) 页" } ?? ""),
                             "item \(id) — \(item.type.rawValue) — \(item.source)" + (item.page.map { " page \($0)" } ?? "")))
        for event in events {
            // In the archive's time (Beijing time by default), as the pages show it; --json keeps UTC.
            guard words.chinese else {
                var line = "\(LocalTime.text(iso: event.at))  \(event.actor)  \(event.action.rawValue)"
                if let change = event.change { line += "  " + change }
                if let reason = event.reason { line += "  (\(reason))" }
                printText(line)
                continue
            }
            let said = words.wording.said(event, item: item)
            printText("\(said.at)  \(said.actor)  \(said.action)" + (said.change.isEmpty ? "" : "  " + said.change)
                + (said.reason.isEmpty ? "" : "（\(said.reason)）"))
        }
    }
}
