import Archive
import Foundation
import IngestCore
import Review

/// `/runs/N`: a run's items ingest did not accept, as they stand now — the live counterpart of the run's
/// rejected.html, which shows the run as it ended.
extension Pages {
    static func run(_ standing: RunStanding, visitor: Visitor = Visitor()) -> String {
        let v = visitor
        func row(_ item: StoredItem, _ extra: String = "") -> String {
            "<tr><td><a href=\"/items/\(item.id)\">\(item.id)</a></td><td>\(escape(v.words.typeName(item.type)))</td>"
                + "<td>\(escape(holderOrNumber(item)))</td>"
                + "<td>\(problemList(item.problems.filter { !$0.rule.hasPrefix("review.") }, type: item.type, words: v.words))</td>\(extra)</tr>"
        }
        let decided = standing.decided.map { item, decision in
            row(item, "<td>\(escape(v.say(item.status.rawValue)))</td><td>\(escape(EventActor(decision.actor).name))</td>"
                + "<td>\(escape(v.say(decision.action.rawValue)))</td><td>\(escape(decision.at))</td><td>\(escape(decision.reason ?? ""))</td>")
        }.joined()
        let head = "<tr><th>\(v.say("id"))</th><th>\(v.say("type"))</th><th>\(v.say("holder or number"))</th><th>\(v.say("problems"))</th>"
        return page(title: "\(v.say("run")) \(standing.runID)", visitor: visitor, body: """
            <p><a href="/">\(v.say("queue"))</a> · <a href="/desk">\(v.say("administrator's desk"))</a></p>
            <h1>\(v.say("run")) \(standing.runID): \(v.say("items not accepted, as they stand now"))</h1>
            <p class="tiles"><span class="tile">\(v.say("waiting for review")) <a class="n" href="/?run=\(standing.runID)">\(standing.waiting.count)</a></span>\
            <span class="tile">\(v.say("failed")) <a class="n" href="#failed">\(standing.failed.count)</a></span>\
            <span class="tile">\(v.say("decided by reviewers since")) <a class="n" href="#decided">\(standing.decided.count)</a></span></p>
            <section id="waiting"><h2>\(v.say("waiting for review"))</h2><table>\(head)</tr>\(standing.waiting.map { row($0) }.joined())</table></section>
            <section id="failed"><h2>\(v.say("failed"))</h2><table>\(head)</tr>\(standing.failed.map { row($0) }.joined())</table></section>
            <section id="decided"><h2>\(v.say("decided by reviewers since"))</h2><table>\(head)<th>\(v.say("status"))</th>\
            <th>\(v.say("who"))</th><th>\(v.say("what"))</th><th>\(v.say("when"))</th><th>\(v.say("why"))</th></tr>\(decided)</table></section>
            """)
    }
}
