import ArgumentParser
import Foundation
import PostgresArchive

/// `certarchive queue`: a PostgreSQL archive's shared work queue, per run and per machine.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Show a PostgreSQL archive's shared work queue: pages queued, running, done and failed, per run and per machine.",
        discussion: """
            Running pages whose lease ran out belong to a process that died or stalled: the next worker to ask \
            takes them. A SQLite archive's queue belongs to the one run that holds it; its run's progress shows it.
            """)

    @OptionGroup var archiveOption: ArchiveOption

    func run() throws {
        guard archiveOption.isPostgres else {
            printError("certarchive: queue shows a PostgreSQL archive's shared queue; \(archiveOption.archive) is a SQLite file")
            throw ExitCode(64)
        }
        let archive = try PostgresArchive(url: archiveOption.archive, key: try archiveOption.key())
        let standing = try archive.queueStanding()
        print("queue of \(archive.location)")
        print("pages: " + Self.counts(standing.total))
        print("")
        print("by run (the run that queued the file):")
        print(Self.table(header: ["run", "machine", "started", "finished"] + Self.columns,
                         rows: standing.runs.map { run in
                             ["\(run.id)", run.machine, run.startedAt,
                              run.finishedAt ?? (run.interrupted ? "interrupted" : "running")] + Self.cells(run.pages)
                         }))
        print("")
        print("by machine (the one that read the page):")
        print(Self.table(header: ["machine", "processes"] + Self.columns,
                         rows: standing.machines.map { ["\($0.name)", "\($0.processes)"] + Self.cells($0.pages) }))
    }

    static let columns = ["queued", "running", "expired", "done", "failed", "set aside"]

    static func cells(_ pages: PageCounts) -> [String] {
        [pages.queued, pages.running, pages.expired, pages.done, pages.failed, pages.setAside].map(String.init)
    }

    static func counts(_ pages: PageCounts) -> String {
        zip(columns, cells(pages)).map { "\($0) \($1)" }.joined(separator: ", ")
    }

    static func table(header: [String], rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "  (none)" }
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            let line = "  " + row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n")
    }
}
