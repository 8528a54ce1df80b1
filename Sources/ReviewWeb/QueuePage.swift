import Archive
import Foundation
import IngestCore
import Review

/// The review queue: filters with their counts, an order, pages of fifty, and a selection rejected or accepted as
/// printed at once with one reason.
extension Pages {
    /// Who is shown the queue and what he may do with it: who each item is given to, and to whom he may give items.
    struct QueueTeam {
        var assignees: [Int64: String] = [:]
        var reviewers: [String] = []
    }

    /// `queue`: every item in review the visitor may see; `query`: what of it to show.
    static func queue(_ queue: [StoredItem], query: QueueQuery = QueueQuery(), reviewedToday: Int,
                      today: PrintedDate = PrintedDate(year: 2000, month: 1, day: 1), reasons: [String] = [],
                      team: QueueTeam = QueueTeam(), visitor: Visitor = Visitor()) -> String {
        let v = visitor
        let shown = query.filtered(queue, today: today, assignees: team.assignees, me: visitor.name)
        let pages = max(1, (shown.count + QueueQuery.pageSize - 1) / QueueQuery.pageSize)
        let rows = query.slice(of: shown).map { item -> String in
            """
            <tr><td><input type="checkbox" class="pick" value="\(item.id)" aria-label="\(v.say("select")) \(item.id)"></td>\
            <td><a href="/items/\(item.id)">\(item.id)</a></td><td>\(escape(visitor.words.typeName(item.type)))</td>\
            <td>\(escape(holderOrNumber(item)))</td>\
            <td>\(problemList(item.problems, type: item.type, words: visitor.words))</td><td>\(query.waited(item, today: today))</td>\
            <td>\(escape(team.assignees[item.id] ?? ""))</td></tr>
            """
        }.joined(separator: "\n")
        let paging = pages == 1 ? "" : "<p class=\"paging\">\(v.say("page")) \(query.page) / \(pages)"
            + (query.page > 1 ? " · <a href=\"\(escape(query.link(["page": String(query.page - 1)])))\">\(v.say("previous"))</a>" : "")
            + (query.page < pages ? " · <a href=\"\(escape(query.link(["page": String(query.page + 1)])))\">\(v.say("next"))</a>" : "") + "</p>"
        return page(title: v.say("Review queue"), visitor: visitor, body: """
            <h1>\(v.say("Review queue"))</h1>
            <form action="/search"><input name="q" placeholder="\(v.say("number, holder, issuer, credit code"))" size="30"> \
            <button>\(v.say("Search the archive"))</button></form>
            <p id="counter"><b>\(queue.count)</b> \(v.say("item(s) in review")) · <b>\(reviewedToday)</b> \(v.say("decided today"))\
            \(shown.count == queue.count ? "" : " · <b>\(shown.count)</b> \(v.say("shown by the filters"))")</p>
            <p><a href="/desk">\(v.say("administrator's desk"))</a> · <a href="/report">\(v.say("statistics"))</a>\
            \([AccountRole.auditor, .admin].contains(visitor.role ?? .viewer) ? " · <a href=\"/verify\">\(v.say("integrity"))</a>" : "")</p>
            \(filterForm(query, v))
            \(counts(shown, query: query, team: team, v))
            <p class="keys">\(v.say("Enter: open the first item"))</p>
            \(visitor.corrects ? bulkForm(reasons, reviewers: team.reviewers, v) : "")
            <table><tr><th></th><th>\(v.say("id"))</th><th>\(v.say("type"))</th><th>\(v.say("holder or number"))</th>\
            <th>\(v.say("problems"))</th><th>\(v.say("days waiting"))</th><th>\(v.say("given to"))</th></tr>
            \(rows)
            </table>
            \(paging)
            <script src="/assets/queue.js"></script>
            """)
    }

    /// What a queue row names the item by: its holder, else its number, else its file's name (ID numbers never whole).
    static func holderOrNumber(_ item: StoredItem) -> String {
        let named = [FieldName.holder, FieldName.certificateNumber].lazy.compactMap { item.fields[$0]?.value }.first { !$0.isEmpty }
        return Masking.redactingIDNumbers(in: named ?? (item.source as NSString).lastPathComponent + (item.page.map { " p.\($0)" } ?? ""))
    }

    private static func filterForm(_ query: QueueQuery, _ v: Visitor) -> String {
        let types = DocumentType.allCases.map { type in
            "<option value=\"\(type.rawValue)\"\(query.type == type ? " selected" : "")>\(escape(v.words.typeName(type)))</option>"
        }.joined()
        let orders = QueueQuery.Order.allCases.map { order in
            "<option value=\"\(order.rawValue)\"\(query.order == order ? " selected" : "")>\(v.say(order.rawValue))</option>"
        }.joined()
        func input(_ name: String, _ value: String?, _ hint: String, size: Int = 14) -> String {
            "<input name=\"\(name)\" value=\"\(escape(value ?? ""))\" placeholder=\"\(escape(v.say(hint)))\" size=\"\(size)\">"
        }
        return """
            <form id="filters" action="/" class="filters"><select name="type"><option value="">\(v.say("every type"))</option>\(types)</select>
            \(input("rule", query.rule, "rule, e.g. holder")) \(input("company", query.company, "company or credit code"))
            \(input("issuer", query.issuer, "issuer")) \(input("run", query.run.map(String.init), "run", size: 4))
            \(input("age", query.olderThanDays.map { String($0) + (query.waitedAtMost.map { "-\($0)" } ?? "") }, "days waiting ≥", size: 6))
            \(input("assignee", query.assignee, "given to (me, none)", size: 10))
            <select name="sort">\(orders)</select> <button>\(v.say("filter"))</button> <a href="/">\(v.say("all"))</a></form>
            """
    }

    /// How many of the items shown have each type, each rule family and each reviewer: each a link narrowing the
    /// queue to them.
    private static func counts(_ items: [StoredItem], query: QueueQuery, team: QueueTeam, _ v: Visitor) -> String {
        var byType: [DocumentType: Int] = [:], byRule: [String: Int] = [:], byReviewer: [String: Int] = [:]
        for item in items {
            byType[item.type, default: 0] += 1
            for family in Set(item.problems.map { String($0.rule.split(separator: ".").first ?? "") }) { byRule[family, default: 0] += 1 }
            byReviewer[team.assignees[item.id] ?? "none", default: 0] += 1
        }
        func link(_ name: String, _ value: String, _ text: String, _ count: Int) -> String {
            "<a href=\"\(escape(query.link([name: value, "page": nil])))\">\(escape(text)) \(count)</a>"
        }
        let types = byType.sorted { $0.key.rawValue < $1.key.rawValue }.map { link("type", $0.key.rawValue, v.words.typeName($0.key), $0.value) }
        let rules = byRule.sorted { $0.key < $1.key }.map { link("rule", $0.key, v.words.ruleFamilyName($0.key), $0.value) }
        let reviewers = byReviewer.sorted { $0.key < $1.key }.map { name, count in
            link("assignee", name == v.name ? "me" : name, name == "none" ? v.say("nobody") : name, count)
        }
        guard !items.isEmpty else { return "" }
        return "<p class=\"counts\">\(v.say("by type:")) \(types.joined(separator: " · "))<br>"
            + "\(v.say("by rule:")) \(rules.joined(separator: " · "))"
            + (team.assignees.isEmpty ? "" : "<br>\(v.say("by reviewer:")) \(reviewers.joined(separator: " · "))") + "</p>"
    }

    /// A selection rejected, or accepted as printed, with one reason (a preset one, `pipelines/reasons.yaml`, or
    /// typed); or given to a reviewer.
    private static func bulkForm(_ reasons: [String], reviewers: [String], _ v: Visitor) -> String {
        let options = reasons.map { "<option>\(escape($0))</option>" }.joined()
        let people = ([""] + reviewers).map { "<option value=\"\(escape($0))\">\(escape($0.isEmpty ? v.say("nobody") : $0))</option>" }.joined()
        let give = reviewers.isEmpty ? "" : """
             · <select id="bulk-to" aria-label="\(v.say("give to"))">\(people)</select> \
            <button type="button" id="bulk-assign">\(v.say("give selected to"))</button>
            """
        return """
            <p id="bulk">\(v.say("selected:")) <span id="picked">0</span> · \(v.say("reason")) <select id="preset"><option value="">—</option>\(options)</select>
            <input id="bulk-reason" size="30" placeholder="\(v.say("or type why"))"> <button type="button" id="bulk-reject">\(v.say("reject selected"))</button>
            <button type="button" id="bulk-as-printed">\(v.say("accept selected as printed"))</button>\(give) <span id="bulk-said"></span></p>
            """
    }

    /// The queue page's keys and its selection: Enter opens the first item; the bulk buttons send the selection.
    static let queueScript = """
        document.addEventListener('keydown', e => {
          const first = document.querySelector('td a');
          if (e.key === 'Enter' && first && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) location.href = first.getAttribute('href');
        });
        const zh = document.documentElement.lang.startsWith('zh');
        const picks = () => [...document.querySelectorAll('.pick:checked')].map(b => Number(b.value));
        document.querySelectorAll('.pick').forEach(b => b.addEventListener('change', () => { document.getElementById('picked').textContent = picks().length; }));
        const csrf = document.querySelector('meta[name=csrf-token]');
        async function bulk(action) {
          const reason = (document.getElementById('bulk-reason').value || document.getElementById('preset').value).trim();
          const said = document.getElementById('bulk-said');
          if (!picks().length || (!reason && action !== 'assign')) { said.textContent = zh ? '请先勾选项目并写明原因' : 'select items and give a reason'; return; }
          const to = action === 'assign' ? document.getElementById('bulk-to').value : undefined;
          const r = await fetch('/api/bulk', {method: 'POST', body: JSON.stringify({ids: picks(), action, reason, to}),
            headers: Object.assign({'Content-Type': 'application/json'}, csrf ? {'X-CSRF-Token': csrf.content} : {})});
          if (!r.ok) { said.textContent = await r.text(); return; }
          const answer = await r.json();
          said.textContent = zh ? '完成 ' + answer.done.length + (answer.refused.length ? '，未执行 ' + answer.refused.length + '：' + answer.refused.map(x => x.id + ' ' + x.reason).join('；') : '')
            : answer.done.length + ' done' + (answer.refused.length ? ', ' + answer.refused.length + ' refused: ' + answer.refused.map(x => x.id + ' ' + x.reason).join('; ') : '');
          if (!answer.refused.length) location.reload();
        }
        const button = document.getElementById('bulk-reject');
        if (button) {
          button.onclick = () => bulk('reject');
          document.getElementById('bulk-as-printed').onclick = () => bulk('accept_as_printed');
          const give = document.getElementById('bulk-assign'); if (give) give.onclick = () => bulk('assign');
        }
        """
}
