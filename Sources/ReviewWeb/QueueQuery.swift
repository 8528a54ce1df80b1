import Archive
import Foundation
import IngestCore
import Review

/// The review queue as asked for in its URL: filters (type, rule, company, issuer, run, age, assignee), an order and
/// a page.
/// Everything is optional; `/` alone is the whole queue, oldest first, fifty to a page.
struct QueueQuery: Sendable, Equatable {
    var type: DocumentType?
    /// A rule or its family (`holder` matches every `holder.*`).
    var rule: String?
    /// Part of the holder's or company's name, or its credit code.
    var company: String?
    var issuer: String?
    var run: Int64?
    /// Waiting at least this many days (`age=N`), and at most `waitedAtMost` (`age=N-M`).
    var olderThanDays: Int?
    var waitedAtMost: Int?
    /// Given to this reviewer; `me`: to the visitor; `none`: to nobody.
    var assignee: String?
    var order: Order = .oldest
    var page = 1
    static let pageSize = 50
    /// The highest page a URL may ask for: any number from a request is bounded before it is computed with.
    static let lastPage = 1_000_000

    enum Order: String, CaseIterable, Sendable {
        case oldest, newest, type
    }

    init() {}

    /// Filter values that mean nothing (`type=foo`, `age=abc`, `run=x`): said on the page, never silently ignored.
    var unknown: [UnknownFilter] = []

    struct UnknownFilter: Equatable, Sendable { var name: String, value: String }

    init(_ parameters: [String: String]) {
        let value = { (name: String) in parameters[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        type = value("type").flatMap(DocumentType.init(rawValue:))
        rule = value("rule").map { String($0.prefix(80)) }
        company = value("company").map { String($0.prefix(80)) }
        issuer = value("issuer").map { String($0.prefix(80)) }
        run = value("run").flatMap { Int64($0) }
        let age = value("age")?.split(separator: "-", maxSplits: 1).map { Int($0).map { min(max(0, $0), 100_000) } }
        olderThanDays = age?.first.flatMap { $0 }
        waitedAtMost = age.flatMap { $0.count == 2 ? $0[1] : nil }
        assignee = value("assignee").map { String($0.prefix(60)) }
        order = value("sort").flatMap(Order.init(rawValue:)) ?? .oldest
        page = min(Self.lastPage, max(1, value("page").flatMap { Int($0) } ?? 1))
        if let given = value("type"), type == nil { unknown.append(UnknownFilter(name: "type", value: given)) }
        if let given = value("run"), run == nil { unknown.append(UnknownFilter(name: "run", value: given)) }
        if let given = value("age"), olderThanDays == nil { unknown.append(UnknownFilter(name: "age", value: given)) }
        if let given = value("sort"), Order(rawValue: given) == nil { unknown.append(UnknownFilter(name: "sort", value: given)) }
    }

    /// The items that pass every filter, in order. `assignees`: who each item is given to; `me`: the visitor.
    /// `words`: what the page calls rule families, so `rule=持证单位` finds what the link labelled 持证单位 counts.
    func filtered(_ items: [StoredItem], today: PrintedDate, assignees: [Int64: String] = [:], me: String? = nil,
                  words: Wording = .english) -> [StoredItem] {
        let kept = items.filter { item in
            if let assignee {
                let given = assignees[item.id]
                switch assignee {
                case "none", "无", "未分配": if given != nil { return false }
                case "me", "我": if given == nil || given != me { return false }
                default: if given != assignee { return false }
                }
            }
            if let type, item.type != type { return false }
            if let rule, !item.problems.contains(where: { problem in
                problem.rule == rule || problem.rule.hasPrefix(rule + ".")
                    || words.ruleFamilyName(String(problem.rule.split(separator: ".").first ?? "")) == rule
            }) { return false }
            if let run, item.runID != run { return false }
            if let company {
                let names = [FieldName.holder, FieldName.company, FieldName.creditCode].compactMap { item.fields[$0]?.value }
                if !names.contains(where: { $0.contains(company) }) { return false }
            }
            if let issuer, item.fields[FieldName.issuer]?.value.contains(issuer) != true { return false }
            if let olderThanDays, Self.waited(item, today: today) < olderThanDays { return false }
            if let waitedAtMost, Self.waited(item, today: today) > waitedAtMost { return false }
            return true
        }
        switch order {
        case .oldest: return kept.sorted { $0.id < $1.id }
        case .newest: return kept.sorted { $0.id > $1.id }
        case .type: return kept.sorted { ($0.type.rawValue, $0.id) < ($1.type.rawValue, $1.id) }
        }
    }

    /// Days since the run that took the item in.
    static func waited(_ item: StoredItem, today: PrintedDate) -> Int {
        // Never below 0: a server counting from an earlier day (--as-of) sees items taken in after it.
        max(0, item.intakeDay.flatMap(PrintedDate.init(iso:)).map { $0.days(until: today) } ?? 0)
    }

    /// This page's share of the items.
    func slice(of items: [StoredItem]) -> ArraySlice<StoredItem> {
        let start = min(items.count, (page - 1) * Self.pageSize)
        return items[start..<min(items.count, start + Self.pageSize)]
    }

    /// The age filter as the URL writes it: `N`, or `N-M`.
    var age: String? {
        olderThanDays.map { String($0) + (waitedAtMost.map { "-\($0)" } ?? "") }
    }

    /// The URL query of this query with some parameters changed (nil: removed).
    func link(_ changes: [String: String?] = [:]) -> String {
        var parameters: [String: String] = [:]
        parameters["type"] = type?.rawValue
        parameters["rule"] = rule
        parameters["company"] = company
        parameters["issuer"] = issuer
        parameters["run"] = run.map(String.init)
        parameters["age"] = age
        parameters["assignee"] = assignee
        parameters["sort"] = order == .oldest ? nil : order.rawValue
        parameters["page"] = page == 1 ? nil : String(page)
        for (name, value) in changes { parameters[name] = value }
        var components = URLComponents()
        components.queryItems = parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return "/" + (parameters.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? ""))
    }
}
