import Foundation

/// Which recognisers are right, and which pairs of them agree on a wrong value, field by field: the figure that
/// decides what agreement may prove. Each page is read with `ingest --reader-trace` once per page recogniser; the
/// trace holds the page reading's value of every key field and each recogniser's reading of the field's line
/// cropped alone (personal numbers left out). A pair that agrees on a wrong value is a silent error waiting for a
/// page where nothing else catches it.
struct ReaderPairs {
    let truth: [Truth]

    /// One key field on one page: what each reader read, by reader (`page ppocr`, `ppocrv5`, …).
    struct Observation {
        var truth: String
        var readings: [String: String]
    }

    /// Reads the trace files and pairs them with the truth; pages of several cards are left out (their readings
    /// are of cut-outs, not pages).
    func observations(traces: [String]) throws -> [Observation] {
        let onePage = Dictionary(truth.filter { $0.card == nil && $0.isCertificate }.map { ($0.pageKey, $0) },
                                 uniquingKeysWith: { first, _ in first })
        var merged: [String: [String: String]] = [:]
        var truths: [String: String] = [:]
        for path in traces {
            for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let source = object["source"] as? String, let page = object["page"] as? Int,
                      let field = object["field"] as? String,
                      let readings = object["readings"] as? [String: String],
                      let line = onePage[(source as NSString).lastPathComponent + "#\(page)"],
                      let value = line.fields[field] else { continue }
                let key = line.pageKey + "/" + field
                truths[key] = value
                merged[key, default: [:]].merge(readings) { first, _ in first }
            }
        }
        return merged.compactMap { key, readings in truths[key].map { Observation(truth: $0, readings: readings) } }
    }

    func print(traces: [String]) throws {
        let seen = try observations(traces: traces)
        let readers = Set(seen.flatMap(\.readings.keys)).sorted()
        Swift.print("reader                    fields  right   read nothing")
        for reader in readers {
            let read = seen.filter { $0.readings[reader] != nil }
            let right = read.filter { $0.readings[reader] == $0.truth }.count
            let nothing = read.filter { $0.readings[reader] == "" }.count
            Swift.print(reader.padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(format: "  %6d  %5.1f%%  %5d", read.count, percent(right, read.count), nothing))
        }
        Swift.print("")
        Swift.print("pair (first / second)                         fields  both right  agree on a wrong value  disagree")
        for (index, first) in readers.enumerated() {
            for second in readers[(index + 1)...] {
                let both = seen.filter { $0.readings[first] != nil && $0.readings[second] != nil }
                let agreeRight = both.filter { $0.readings[first] == $0.truth && $0.readings[second] == $0.truth }.count
                let agreeWrong = both.filter {
                    $0.readings[first] == $0.readings[second] && $0.readings[first] != $0.truth && $0.readings[first] != ""
                }.count
                let disagree = both.filter { $0.readings[first] != $0.readings[second] }.count
                Swift.print("\(first) / \(second)".padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(format: "  %6d  %9.1f%%  %22d  %7.1f%%", both.count, percent(agreeRight, both.count),
                             agreeWrong, percent(disagree, both.count)))
            }
        }
    }

    private func percent(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : 100 * Double(a) / Double(b) }
}
