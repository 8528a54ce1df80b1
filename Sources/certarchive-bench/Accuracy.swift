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

    enum CodingKeys: String, CodingKey {
        case source, page, type, status, condition, part, design, font, fields, rules
        case flawedField = "flawed_field"
    }

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

    func tally(of t: Truth) -> Tally {
        var tally = Tally()
        tally.pages = 1
        tally.fields = t.fields.count
        if !t.isFlawed && t.isCertificate { tally.genuine = 1 }
        if t.isFlawed { tally.flawed = 1 }
        let item = items.first {
            (($0["source"] as? String).map { ($0 as NSString).lastPathComponent }) == t.source
                && ($0["page"] as? Int) == (t.page ?? 1)
        }
        guard let item, item["status"] as? String != "failed" else { return tally }  // wrong on every field
        let got = item["fields"] as? [String: String] ?? [:]
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
        let total = table("type", truth, by: \.type)
        Swift.print(row("all", total))
        Swift.print("")
        _ = table("condition (genuine certificates)", truth.filter { $0.isCertificate && !$0.isFlawed },
                  by: { $0.condition ?? "-" })
        if byPart {
            Swift.print("")
            _ = table("part", truth, by: { $0.part ?? "-" })
            Swift.print("")
            _ = table("part/condition (genuine)", truth.filter { $0.isCertificate && !$0.isFlawed },
                      by: { ($0.part ?? "-") + "/" + ($0.condition ?? "-") })
            Swift.print("")
            _ = table("part/design", truth, by: { ($0.part ?? "-") + "/" + ($0.design ?? "-") })
        }
        Swift.print("deliberately flawed certificates in review for their flaw: \(total.flawedCaught)/\(total.flawed); "
            + "export lines with a date out of contract: \(total.outOfContract)")
    }

    /// Prints one row per group and returns the sum.
    private func table(_ title: String, _ samples: [Truth], by key: (Truth) -> String) -> Tally {
        Swift.print(title.padding(toLength: 34, withPad: " ", startingAt: 0)
            + "  pages  type-right  field-accuracy  auto-accepted  accepted-precision  silent-errors")
        var total = Tally()
        for group in Set(samples.map(key)).sorted() {
            var t = Tally()
            for sample in samples where key(sample) == group { t.add(tally(of: sample)) }
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
