import Archive
import Foundation
import IngestCore
import Review

/// The review queue: filters with their counts, an order, pages of fifty, and a selection rejected or accepted as
/// printed at once with one reason.
extension Pages {
    /// `queue`: every item in review the visitor may see; `query`: what of it to show.
    static func queue(_ queue: [StoredItem], query: QueueQuery = QueueQuery(), reviewedToday: Int,
                      today: PrintedDate = PrintedDate(year: 2000, month: 1, day: 1), reasons: [String] = [],
                      visitor: Visitor = Visitor()) -> String {
        let shown = query.filtered(queue, today: today)
        let pages = max(1, (shown.count + QueueQuery.pageSize - 1) / QueueQuery.pageSize)
        let rows = query.slice(of: shown).map { item -> String in
            """
            <tr><td><input type="checkbox" class="pick" value="\(item.id)" aria-label="select \(item.id)"></td>\
            <td><a href="/items/\(item.id)">\(item.id)</a></td><td>\(escape(visitor.words.typeName(item.type)))</td>\
            <td>\(escape(Masking.redactingIDNumbers(in: item.source)))\(item.page.map { " p.\($0)" } ?? "")</td>\
            <td>\(problemList(item.problems, type: item.type, words: visitor.words))</td><td>\(query.waited(item, today: today))</td></tr>
            """
        }.joined(separator: "\n")
        let paging = pages == 1 ? "" : "<p class=\"paging\">page \(query.page) of \(pages)"
            + (query.page > 1 ? " · <a href=\"\(escape(query.link(["page": String(query.page - 1)])))\">previous</a>" : "")
            + (query.page < pages ? " · <a href=\"\(escape(query.link(["page": String(query.page + 1)])))\">next</a>" : "") + "</p>"
        return page(title: "Review queue", visitor: visitor, body: """
            <h1>Review queue</h1>
            <form action="/search"><input name="q" placeholder="number, holder, issuer" size="30"> <button>Search the archive</button></form>
            <p id="counter"><b>\(queue.count)</b> item(s) in review · <b>\(reviewedToday)</b> decided today\
            \(shown.count == queue.count ? "" : " · <b>\(shown.count)</b> shown by the filters")</p>
            <p><a href="/report">statistics</a>\([AccountRole.auditor, .admin].contains(visitor.role ?? .viewer)
                ? " · <a href=\"/verify\">integrity</a>" : "")</p>
            \(filterForm(query))
            \(counts(shown, query: query, words: visitor.words))
            <p class="keys">Enter: open the first item</p>
            \(visitor.corrects ? bulkForm(reasons) : "")
            <table><tr><th></th><th>id</th><th>type</th><th>source</th><th>problems</th><th>days waiting</th></tr>
            \(rows)
            </table>
            \(paging)
            <script src="/assets/queue.js"></script>
            """)
    }

    private static func filterForm(_ query: QueueQuery) -> String {
        let types = DocumentType.allCases.map { type in
            "<option value=\"\(type.rawValue)\"\(query.type == type ? " selected" : "")>\(type.rawValue)</option>"
        }.joined()
        let orders = QueueQuery.Order.allCases.map { order in
            "<option\(query.order == order ? " selected" : "")>\(order.rawValue)</option>"
        }.joined()
        func input(_ name: String, _ value: String?, _ hint: String, size: Int = 14) -> String {
            "<input name=\"\(name)\" value=\"\(escape(value ?? ""))\" placeholder=\"\(hint)\" size=\"\(size)\">"
        }
        return """
            <form id="filters" action="/" class="filters"><select name="type"><option value="">every type</option>\(types)</select>
            \(input("rule", query.rule, "rule, e.g. holder")) \(input("company", query.company, "company or credit code"))
            \(input("issuer", query.issuer, "issuer")) \(input("run", query.run.map(String.init), "run", size: 4))
            \(input("age", query.olderThanDays.map(String.init), "days waiting ≥", size: 6))
            <select name="sort">\(orders)</select> <button>filter</button> <a href="/">all</a></form>
            """
    }

    /// How many of the items shown have each type and each rule family: each a link narrowing the queue to them.
    private static func counts(_ items: [StoredItem], query: QueueQuery, words: Wording) -> String {
        var byType: [DocumentType: Int] = [:], byRule: [String: Int] = [:]
        for item in items {
            byType[item.type, default: 0] += 1
            for family in Set(item.problems.map { String($0.rule.split(separator: ".").first ?? "") }) { byRule[family, default: 0] += 1 }
        }
        let types = byType.sorted { $0.key.rawValue < $1.key.rawValue }.map { type, count in
            "<a href=\"\(escape(query.link(["type": type.rawValue, "page": nil])))\">\(escape(words.typeName(type))) \(count)</a>"
        }
        let rules = byRule.sorted { $0.key < $1.key }.map { rule, count in
            "<a href=\"\(escape(query.link(["rule": rule, "page": nil])))\">\(escape(rule)) \(count)</a>"
        }
        guard !items.isEmpty else { return "" }
        return "<p class=\"counts\">by type: \(types.joined(separator: " · "))<br>by rule: \(rules.joined(separator: " · "))</p>"
    }

    /// A selection rejected, or accepted as printed, with one reason: a preset one (`pipelines/reasons.yaml`) or typed.
    private static func bulkForm(_ reasons: [String]) -> String {
        let options = reasons.map { "<option>\(escape($0))</option>" }.joined()
        return """
            <p id="bulk">selected: <span id="picked">0</span> · reason <select id="preset"><option value="">—</option>\(options)</select>
            <input id="bulk-reason" size="30" placeholder="or type why"> <button type="button" id="bulk-reject">reject selected</button>
            <button type="button" id="bulk-as-printed">accept selected as printed</button> <span id="bulk-said"></span></p>
            """
    }

    /// The queue page's keys and its selection: Enter opens the first item; the bulk buttons send the selection.
    static let queueScript = """
        document.addEventListener('keydown', e => {
          const first = document.querySelector('td a');
          if (e.key === 'Enter' && first && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) location.href = first.getAttribute('href');
        });
        const picks = () => [...document.querySelectorAll('.pick:checked')].map(b => Number(b.value));
        document.querySelectorAll('.pick').forEach(b => b.addEventListener('change', () => { document.getElementById('picked').textContent = picks().length; }));
        const csrf = document.querySelector('meta[name=csrf-token]');
        async function bulk(action) {
          const reason = (document.getElementById('bulk-reason').value || document.getElementById('preset').value).trim();
          const said = document.getElementById('bulk-said');
          if (!picks().length || !reason) { said.textContent = 'select items and give a reason'; return; }
          const r = await fetch('/api/bulk', {method: 'POST', body: JSON.stringify({ids: picks(), action, reason}),
            headers: Object.assign({'Content-Type': 'application/json'}, csrf ? {'X-CSRF-Token': csrf.content} : {})});
          if (!r.ok) { said.textContent = await r.text(); return; }
          const answer = await r.json();
          said.textContent = answer.done.length + ' done' + (answer.refused.length ? ', ' + answer.refused.length + ' refused' : '');
          if (!answer.refused.length) location.reload();
        }
        const button = document.getElementById('bulk-reject');
        if (button) {
          button.onclick = () => bulk('reject');
          document.getElementById('bulk-as-printed').onclick = () => bulk('accept_as_printed');
        }
        """
}
