import Foundation

/// The truth about one sample, from an expected.jsonl (fixtures/, or a generated set).
struct Truth: Decodable {
    var source: String
    var page: Int?
    var type: String
    var status: String
    /// clean, digital, seal_over_text, noisy_skewed, photo, …
    var condition: String?
    /// develop or heldout (the design corpus); nil for the other sets.
    var part: String?
    var design: String?
    var font: String?
    var fields: [String: String]
    var rules: [String]
    /// The field a deliberately flawed certificate is flawed on: caught only when in review for it.
    var flawedField: String?
    /// Which card of a page holding several (flatbed scans); nil when the certificate is the whole page.
    var card: Int?
    /// The card's back lies beside it on the page: it must not become an item of its own.
    var back: Bool?
    /// The details printed for people under a label that names them (主要负责人, 作业类别…); nil in older sets.
    var details: [String: String]?

    enum CodingKeys: String, CodingKey {
        case source, page, type, status, condition, part, design, font, fields, rules, card, back, details
        case flawedField = "flawed_field"
    }

    var pageKey: String { source + "#\(page ?? 1)" }

    var isCertificate: Bool { type != "unknown" }
    var isFlawed: Bool { isCertificate && status == "review" }

    static func load(_ path: String) throws -> [Truth] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
    }
}

/// Field accuracy, types, auto-accept rate, accepted precision, silent errors and the export contract, by group.
/// It cannot flatter: a page missing from the output or failed counts as wrong on every field; a page that is no
/// certificate and was accepted is a silent error; a flawed certificate counts as caught only when it is in
/// review with a problem on its flawed field.
struct Accuracy {
    let truth: [Truth]
    let items: [[String: Any]]
    /// The item each truth line was matched to (index into `items`), nil when none was left for it.
    let matched: [Int?]

    init(truth: [Truth], items: [[String: Any]]) {
        self.truth = truth
        self.items = items
        matched = Self.match(truth, items)
    }

    static func pageKey(of item: [String: Any]) -> String {
        ((item["source"] as? String).map { ($0 as NSString).lastPathComponent } ?? "") + "#\((item["page"] as? Int) ?? 0)"
    }

    /// Pairs each page's truth lines with its items, one item to one certificate: the pairs agreeing on the most
    /// fields (and the type) first. A page that is one certificate has one line and takes its first item.
    static func match(_ truth: [Truth], _ items: [[String: Any]]) -> [Int?] {
        let itemsByPage = Dictionary(grouping: items.indices, by: { pageKey(of: items[$0]) })
        var matched = [Int?](repeating: nil, count: truth.count)
        for (page, lines) in Dictionary(grouping: truth.indices, by: { truth[$0].pageKey }) {
            let candidates = itemsByPage[page] ?? []
            var pairs: [(line: Int, item: Int, score: Int)] = []
            for line in lines {
                for item in candidates {
                    let got = items[item]["fields"] as? [String: String] ?? [:]
                    let score = truth[line].fields.filter { got[$0.key] == $0.value }.count * 2
                        + ((items[item]["type"] as? String) == truth[line].type ? 1 : 0)
                    pairs.append((line, item, score))
                }
            }
            var usedItems = Set<Int>()
            for pair in pairs.sorted(by: { ($0.score, -$0.item) > ($1.score, -$1.item) })
            where matched[pair.line] == nil && !usedItems.contains(pair.item) {
                matched[pair.line] = pair.item
                usedItems.insert(pair.item)
            }
        }
        return matched
    }

    struct Tally {
        var pages = 0, fields = 0, fieldsRight = 0, typeRight = 0, accepted = 0, acceptedAllRight = 0,
            silentErrors = 0, flawedCaught = 0, flawed = 0, genuine = 0, outOfContract = 0

        mutating func add(_ t: Tally) {
            pages += t.pages; fields += t.fields; fieldsRight += t.fieldsRight; typeRight += t.typeRight
            accepted += t.accepted; acceptedAllRight += t.acceptedAllRight; silentErrors += t.silentErrors
            flawedCaught += t.flawedCaught; flawed += t.flawed; genuine += t.genuine; outOfContract += t.outOfContract
        }
    }

    static let dateFields = ["issue_date", "expiry_date"]

    func tally(of index: Int) -> Tally {
        let t = truth[index]
        var tally = Tally()
        tally.pages = 1
        tally.fields = t.fields.count
        if !t.isFlawed && t.isCertificate { tally.genuine = 1 }
        if t.isFlawed { tally.flawed = 1 }
        guard let item = matched[index].map({ items[$0] }), item["status"] as? String != "failed" else { return tally }  // wrong on every field
        // The key fields: the details are scored on their own (`printDetails`).
        let got = (item["fields"] as? [String: String] ?? [:]).filter { !Self.detailNames.contains($0.key) }
        let accepted = item["status"] as? String == "accepted"
        let problems = item["problems"] as? [[String: Any]] ?? []
        if Self.dateFields.contains(where: { got[$0].map { $0.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) == nil } ?? false }) {
            tally.outOfContract = 1
        }
        if (item["type"] as? String) == t.type { tally.typeRight = 1 }
        tally.fieldsRight = t.fields.filter { got[$0.key] == $0.value }.count
        let allRight = tally.typeRight == 1 && tally.fieldsRight == tally.fields && got.count == t.fields.count
        if !t.isCertificate {
            if accepted { tally.silentErrors = 1 }
            return tally
        }
        if t.isFlawed {
            let onField = problems.contains { p in
                if let field = t.flawedField { return p["field"] as? String == field }
                return t.rules.contains(p["rule"] as? String ?? "")
            }
            if !accepted && onField { tally.flawedCaught = 1 }
            if accepted { tally.silentErrors = 1 }
            return tally
        }
        if accepted {
            tally.accepted = 1
            if allRight { tally.acceptedAllRight = 1 } else { tally.silentErrors = 1 }
        }
        return tally
    }

    /// Prints the whole set by type and by condition; with `byPart`, each part of a design corpus on its own too.
    func print(byPart: Bool = false) {
        let total = table("type", Array(truth.indices), by: { $0.type })
        Swift.print(row("all", total))
        Swift.print("")
        let genuine = truth.indices.filter { truth[$0].isCertificate && !truth[$0].isFlawed }
        _ = table("condition (genuine certificates)", genuine, by: { $0.condition ?? "-" })
        if byPart {
            Swift.print("")
            _ = table("part", Array(truth.indices), by: { $0.part ?? "-" })
            Swift.print("")
            _ = table("part/condition (genuine)", genuine, by: { ($0.part ?? "-") + "/" + ($0.condition ?? "-") })
            Swift.print("")
            // The issue's bars are set apart: acceptance for pages holding one certificate, field accuracy alone
            // for flatbed pages of several cards.
            _ = table("part/page kind (genuine)", genuine,
                      by: { ($0.part ?? "-") + "/" + ($0.card == nil ? "one a page" : "cards") })
            Swift.print("")
            _ = table("part/design", Array(truth.indices), by: { ($0.part ?? "-") + "/" + ($0.design ?? "-") })
        }
        Swift.print("deliberately flawed certificates in review for their flaw: \(total.flawedCaught)/\(total.flawed); "
            + "export lines with a date out of contract: \(total.outOfContract)")
        let used = Set(matched.compactMap { $0 })
        let extras = items.indices.filter { !used.contains($0) }
        Swift.print("items no certificate of the truth answers to: \(extras.count), of them accepted (silent errors): "
            + "\(extras.filter { items[$0]["status"] as? String == "accepted" }.count)")
        printSeveralOnAPage()
        printDetails(byPart: byPart)
        printReviewReasons(genuine, byPart: byPart)
    }

    /// What sent valid certificates to a person: each rule counted once per certificate it held back, by part,
    /// most frequent first, so that the next reader of the table sees what costs reviewers' time.
    private func printReviewReasons(_ genuine: [Int], byPart: Bool) {
        let heldBack = genuine.filter { line in
            matched[line].map { items[$0]["status"] as? String == "review" } ?? false
        }
        guard !heldBack.isEmpty else { return }
        Swift.print("")
        Swift.print("review reasons on valid certificates not accepted (each rule once per certificate)")
        for part in Set(heldBack.map { byPart ? truth[$0].part ?? "-" : "all" }).sorted() {
            let mine = heldBack.filter { !byPart || (truth[$0].part ?? "-") == part }
            var counts: [String: Int] = [:]
            for line in mine {
                let problems = matched[line].flatMap { items[$0]["problems"] as? [[String: Any]] } ?? []
                for rule in Set(problems.compactMap { $0["rule"] as? String }) { counts[rule, default: 0] += 1 }
            }
            let listed = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            Swift.print("  \(part) (\(mine.count) of \(genuine.filter { !byPart || (truth[$0].part ?? "-") == part }.count)): "
                + listed.joined(separator: ", "))
        }
    }

    /// Pages holding several cards: how many certificates came out as items of their own, with the right type,
    /// and what came out besides them (a back made an item, a card read twice): an accepted extra is a silent error.
    private func printSeveralOnAPage() {
        let cards = truth.indices.filter { truth[$0].card != nil }
        guard !cards.isEmpty else { return }
        Swift.print("")
        Swift.print("several certificates on one page".padding(toLength: 34, withPad: " ", startingAt: 0)
            + "  pages  cards  own-item  type-right  extra-items  extras-accepted")
        for part in Set(cards.map { truth[$0].part ?? "-" }).sorted() {
            let mine = cards.filter { (truth[$0].part ?? "-") == part }
            let myPages = Set(mine.map { truth[$0].pageKey })
            // An item of its own: matched, and agreeing with its card on at least one field.
            let own = mine.filter { line in
                guard let item = matched[line] else { return false }
                let got = items[item]["fields"] as? [String: String] ?? [:]
                return truth[line].fields.contains { got[$0.key] == $0.value }
            }
            let typeRight = mine.filter { line in matched[line].map { items[$0]["type"] as? String } == truth[line].type }
            let used = Set(mine.compactMap { matched[$0] })
            let extras = items.indices.filter { myPages.contains(Self.pageKey(of: items[$0])) && !used.contains($0) }
            let extrasAccepted = extras.filter { items[$0]["status"] as? String == "accepted" }
            Swift.print(part.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "  %5d  %5d  %8d  %10d  %11d  %15d", myPages.count, mine.count, own.count,
                         typeRight.count, extras.count, extrasAccepted.count))
        }
    }

    /// Prints one row per group and returns the sum.
    private func table(_ title: String, _ samples: [Int], by key: (Truth) -> String) -> Tally {
        Swift.print(title.padding(toLength: 34, withPad: " ", startingAt: 0)
            + "  pages  type-right  field-accuracy  auto-accepted  accepted-precision  silent-errors")
        var total = Tally()
        for group in Set(samples.map { key(truth[$0]) }).sorted() {
            var t = Tally()
            for sample in samples where key(truth[sample]) == group { t.add(tally(of: sample)) }
            total.add(t)
            Swift.print(row(group, t))
        }
        return total
    }

    private func row(_ name: String, _ t: Tally) -> String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "    -" : String(format: "%5.1f%%", 100 * Double(a) / Double(b)) }
        return name.padding(toLength: 34, withPad: " ", startingAt: 0)
            + String(format: "  %5d", t.pages) + "      " + pct(t.typeRight, t.pages) + "          "
            + pct(t.fieldsRight, t.fields) + "         " + pct(t.accepted, t.genuine) + "              "
            + pct(t.acceptedAllRight, t.accepted) + "           " + String(t.silentErrors)
    }
}
