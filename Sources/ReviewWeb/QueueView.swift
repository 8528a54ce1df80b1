import Archive
import Foundation
import IngestCore
import Review

/// What queue.mustache shows: the counter, the filters, the counts by type, rule and reviewer (each a link
/// narrowing the queue), the bulk line, a page of rows and the paging. Stored properties only (mustache reads them).
struct QueueView {
    struct Option { var value: String, label: String, selected: Bool }
    struct Input { var name: String, value: String, hint: String, size: Int }
    struct Link { var href: String, text: String, count: Int, last: Bool }
    struct Row { var id: Int64, type: String, name: String, problems: [ProblemLine], waited: Int, assignee: String }
    struct Paging { var page: Int, pages: Int, previous: String?, next: String? }

    var words: [String: String]
    var total: Int, reviewedToday: Int, shownCount: Int, filtered: Bool, showsIntegrity: Bool
    /// Filter values that mean nothing, said rather than ignored.
    var unknownFilters: String?
    var types: [Option], orders: [Option], inputs: [Input]
    var hasCounts: Bool, byType: [Link], byRule: [Link], byReviewer: [Link], hasReviewers: Bool
    var corrects: Bool, reasons: [String], gives: Bool, reviewers: [String]
    var rows: [Row]
    var paging: Paging?

    init(_ queue: [StoredItem], query: QueueQuery, reviewedToday: Int, today: PrintedDate, reasons: [String],
         team: Pages.QueueTeam, v: Visitor) {
        let shown = query.filtered(queue, today: today, assignees: team.assignees, me: v.name, words: v.words)
        words = Self.words(v)
        total = queue.count
        self.reviewedToday = reviewedToday
        shownCount = shown.count
        filtered = shown.count != queue.count
        unknownFilters = query.unknown.isEmpty ? nil
            : v.say("not understood, not applied:") + " " + query.unknown.map { "\($0.name)=\($0.value)" }.joined(separator: v.words.language == .zh ? "、" : ", ")
        showsIntegrity = [AccountRole.auditor, .admin].contains(v.role ?? .viewer)
        types = DocumentType.allCases.map { Option(value: $0.rawValue, label: v.words.typeName($0), selected: query.type == $0) }
        orders = QueueQuery.Order.allCases.map { Option(value: $0.rawValue, label: v.say($0.rawValue), selected: query.order == $0) }
        inputs = Self.inputs(query, v)
        (byType, byRule, byReviewer) = Self.counts(shown, query: query, team: team, v)
        hasCounts = !shown.isEmpty
        hasReviewers = !team.assignees.isEmpty
        corrects = v.corrects
        self.reasons = reasons
        gives = !team.reviewers.isEmpty
        reviewers = team.reviewers
        rows = query.slice(of: shown).map { item in
            Row(id: item.id, type: v.words.typeName(item.type), name: Pages.holderOrNumber(item),
                problems: ProblemLine.lines(item.problems, type: item.type, words: v.words),
                waited: QueueQuery.waited(item, today: today), assignee: team.assignees[item.id] ?? "")
        }
        let pages = max(1, (shown.count + QueueQuery.pageSize - 1) / QueueQuery.pageSize)
        paging = pages == 1 ? nil : Paging(
            page: query.page, pages: pages,
            previous: query.page > 1 ? query.link(["page": String(query.page - 1)]) : nil,
            next: query.page < pages ? query.link(["page": String(query.page + 1)]) : nil)
    }

    private static func inputs(_ query: QueueQuery, _ v: Visitor) -> [Input] {
        [
            Input(name: "rule", value: query.rule ?? "", hint: v.say("rule, e.g. holder"), size: 14),
            Input(name: "company", value: query.company ?? "", hint: v.say("company or credit code"), size: 14),
            Input(name: "issuer", value: query.issuer ?? "", hint: v.say("issuer"), size: 14),
            Input(name: "run", value: query.run.map(String.init) ?? "", hint: v.say("run"), size: 4),
            Input(name: "age", value: query.age ?? "", hint: v.say("days waiting ≥"), size: 6),
            Input(name: "assignee", value: query.assignee ?? "", hint: v.say("given to (me, none)"), size: 10),
        ]
    }

    /// How many of the items shown have each type, each rule family and each reviewer.
    private static func counts(_ items: [StoredItem], query: QueueQuery, team: Pages.QueueTeam, _ v: Visitor)
        -> (types: [Link], rules: [Link], reviewers: [Link]) {
        var byType: [DocumentType: Int] = [:], byRule: [String: Int] = [:], byReviewer: [String: Int] = [:]
        for item in items {
            byType[item.type, default: 0] += 1
            for family in Set(item.problems.map { String($0.rule.split(separator: ".").first ?? "") }) { byRule[family, default: 0] += 1 }
            byReviewer[team.assignees[item.id] ?? "none", default: 0] += 1
        }
        func links(_ name: String, _ pairs: [(value: String, text: String, count: Int)]) -> [Link] {
            pairs.enumerated().map { index, pair in
                Link(href: query.link([name: pair.value, "page": nil]), text: pair.text, count: pair.count, last: index == pairs.count - 1)
            }
        }
        return (links("type", byType.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, v.words.typeName($0.key), $0.value) }),
                links("rule", byRule.sorted { $0.key < $1.key }.map { ($0.key, v.words.ruleFamilyName($0.key), $0.value) }),
                links("assignee", byReviewer.sorted { $0.key < $1.key }.map { name, count in
                    (name == v.name ? "me" : name, name == "none" ? v.say("nobody") : name, count)
                }))
    }

    private static func words(_ v: Visitor) -> [String: String] {
        PageTemplates.words(v, [
            "title": "Review queue", "searchHint": "number, holder, issuer, credit code", "search": "Search the archive",
            "inReview": "item(s) in review", "decidedToday": "decided today", "shown": "shown by the filters",
            "desk": "administrator's desk", "statistics": "statistics", "integrity": "integrity", "everyType": "every type",
            "filter": "filter", "all": "all", "byType": "by type:", "byRule": "by rule:", "byReviewer": "by reviewer:",
            "enterOpens": "Enter: open the first item", "skipToList": "skip to the list", "order": "order", "selected": "selected:", "reason": "reason", "orTypeWhy": "or type why",
            "rejectSelected": "reject selected", "acceptSelected": "accept selected as printed", "giveTo": "give to",
            "nobody": "nobody", "giveSelected": "give selected to", "id": "id", "type": "type",
            "holderOrNumber": "holder or number", "problems": "problems", "daysWaiting": "days waiting", "givenTo": "given to",
            "select": "select", "page": "page", "previous": "previous", "next": "next",
        ])
    }
}
