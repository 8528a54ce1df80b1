import Archive
import Foundation
import IngestCore
import Review

/// `/runs/N`: a run's items ingest did not accept, as they stand now — the live counterpart of the run's
/// rejected.html, which shows the run as it ended. (Templates/run.mustache)
extension Pages {
    static func run(_ standing: RunStanding, visitor: Visitor = Visitor()) -> String {
        page(title: "\(visitor.say("run")) \(standing.runID)", visitor: visitor,
             body: PageTemplates.render(RunView(standing, v: visitor), "run"))
    }
}

/// What run.mustache shows, every text in the visitor's words.
struct RunView {
    struct Row {
        var id: Int64, type: String, name: String, problems: [ProblemLine]
        var status = "", who = "", what = "", when = "", why = ""
    }

    var runID: Int64
    var words: [String: String]
    var waiting: [Row], failed: [Row], decided: [Row]
    var waitingCount: Int, failedCount: Int, decidedCount: Int

    init(_ standing: RunStanding, v: Visitor) {
        runID = standing.runID
        words = PageTemplates.words(v, [
            "queue": "queue", "desk": "administrator's desk", "run": "run", "heading": "items not accepted, as they stand now",
            "waiting": "waiting for review", "failed": "failed", "decided": "decided by reviewers since", "status": "status",
            "who": "who", "what": "what", "when": "when", "why": "why", "id": "id", "type": "type",
            "holderOrNumber": "holder or number", "problems": "problems",
        ])
        func row(_ item: StoredItem) -> Row {
            let problems = item.problems.filter { !$0.rule.hasPrefix("review.") }
            return Row(id: item.id, type: v.words.typeName(item.type), name: Pages.holderOrNumber(item),
                       problems: ProblemLine.lines(problems, type: item.type, words: v.words))
        }
        waiting = standing.waiting.map(row)
        failed = standing.failed.map(row)
        decided = standing.decided.map { item, decision in
            var decided = row(item)
            decided.status = v.say(item.status.rawValue)
            decided.who = EventActor(decision.actor).name
            decided.what = v.say(decision.action.rawValue)
            decided.when = decision.at
            decided.why = decision.reason ?? ""
            return decided
        }
        (waitingCount, failedCount, decidedCount) = (waiting.count, failed.count, decided.count)
    }
}
