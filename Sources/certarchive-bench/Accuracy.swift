import Foundation

/// The truth about one sample, from fixtures/expected.jsonl.
struct Truth: Decodable {
    var source: String
    var page: Int?
    var type: String
    var status: String
    /// clean, digital, seal_over_text, noisy_skewed or photo.
    var condition: String?
    var fields: [String: String]
    var rules: [String]

    static func load(_ path: String) throws -> [Truth] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
    }
}

/// Field accuracy, auto-accept rate, accepted precision and silent errors, per certificate type.
struct Accuracy {
    let truth: [Truth]
    let items: [[String: Any]]

    struct Tally {
        var pages = 0, fields = 0, fieldsRight = 0, accepted = 0, acceptedAllRight = 0, silentErrors = 0
        var flawedCaught = 0, flawed = 0

        mutating func add(_ t: Tally) {
            pages += t.pages; fields += t.fields; fieldsRight += t.fieldsRight; accepted += t.accepted
            acceptedAllRight += t.acceptedAllRight; silentErrors += t.silentErrors
            flawedCaught += t.flawedCaught; flawed += t.flawed
        }
    }

    func tally(of t: Truth) -> Tally {
        var tally = Tally()
        guard let item = items.first(where: {
            (($0["source"] as? String).map { ($0 as NSString).lastPathComponent }) == t.source
                && ($0["page"] as? Int) == t.page
        }) else { return tally }
        let got = item["fields"] as? [String: String] ?? [:]
        let accepted = item["status"] as? String == "accepted"
        tally.pages = 1
        tally.fields = t.fields.count
        tally.fieldsRight = t.fields.filter { got[$0.key] == $0.value }.count
        let allRight = tally.fieldsRight == tally.fields && got.count == t.fields.count
        if t.status == "review" {
            // A deliberately flawed certificate: the right outcome is review, never accepted.
            tally.flawed = 1
            tally.flawedCaught = accepted ? 0 : 1
            if accepted { tally.silentErrors = 1 }
            return tally
        }
        if accepted {
            tally.accepted = 1
            if allRight { tally.acceptedAllRight = 1 } else { tally.silentErrors = 1 }
        }
        return tally
    }

    func print() {
        let certificates = truth.filter { $0.type != "unknown" }
        let total = table("type", certificates, by: \.type)
        Swift.print(row("all", total))
        Swift.print("")
        _ = table("condition (genuine certificates)", certificates.filter { $0.status != "review" },
                  by: { $0.condition ?? "-" })
        Swift.print("deliberately flawed certificates sent to review: \(total.flawedCaught)/\(total.flawed)")
    }

    /// Prints one row per group and returns the sum.
    private func table(_ title: String, _ samples: [Truth], by key: (Truth) -> String) -> Tally {
        Swift.print(title.padding(toLength: 32, withPad: " ", startingAt: 0)
            + "  pages  field-accuracy  auto-accepted  accepted-precision  silent-errors")
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
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "   -" : String(format: "%5.1f%%", 100 * Double(a) / Double(b)) }
        let clean = t.pages - t.flawed
        return name.padding(toLength: 32, withPad: " ", startingAt: 0)
            + String(format: "  %5d", t.pages) + "          " + pct(t.fieldsRight, t.fields)
            + "         " + pct(t.accepted, clean) + "              " + pct(t.acceptedAllRight, t.accepted)
            + "           " + String(t.silentErrors)
    }
}
