import Archive
import Foundation
import IngestCore
import Mustache
import Review
import SafeHTML

/// The per-run report of everything not accepted: `rejected.html` for people, `rejected.json` for machines.
/// The HTML also lists the items accepted after a correction, each change beside its reason.
/// Personal numbers are masked in both: reports travel by mail and sit on shared drives.
public enum RejectedReport {
    public struct Written: Sendable {
        public var html: String
        public var json: String
    }

    /// `items`: the run's items in review or failed; `corrected`: its accepted items whose values were corrected.
    /// `wording`: the language of the HTML page (`pipelines/wording.yaml`: Chinese by default); the JSON keeps ids.
    public static func write(items: [StoredItem], corrected: [StoredItem] = [], summary: RunSummary, runID: Int64,
                             to directory: String, wording: Wording = .english) throws -> Written {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let masked = items.map(\.masked)
        let html = (directory as NSString).appendingPathComponent("rejected.html")
        let json = (directory as NSString).appendingPathComponent("rejected.json")
        try page(masked, corrected: corrected.map(\.masked), summary: summary, runID: runID, wording: wording)
            .write(toFile: html, atomically: true, encoding: .utf8)
        let lines = masked.map(Exporter.jsonLine)
        try ("[\n" + lines.joined(separator: ",\n") + "\n]\n").write(toFile: json, atomically: true, encoding: .utf8)
        return Written(html: html, json: json)
    }

    // MARK: HTML (Templates/rejected.mustache: every value through mustache's HTML escaper)

    static func page(_ items: [StoredItem], corrected: [StoredItem], summary: RunSummary, runID: Int64,
                     wording: Wording = .english) -> String {
        let words = ReasonWords(wording: wording)
        let view = View(runID: runID, itemCount: items.count, summary: summary,
                        review: items.filter { $0.status == .review }.count, failed: items.filter { $0.status == .failed }.count,
                        items: items.map { Row($0, words) }, corrected: corrected.map { Row($0, words) },
                        hasCorrected: !corrected.isEmpty, correctedCount: corrected.count, zh: words.chinese)
        return templates.render(view, withTemplate: "rejected") ?? ""
    }

    static let templates = SafeHTML.library([("rejected", PackageResources.rejected_mustache),
                                             ("rejected-row", PackageResources.rejected_row_mustache)])

    struct View {
        var runID: Int64, itemCount: Int, summary: RunSummary, review: Int, failed: Int
        var items: [Row], corrected: [Row], hasCorrected: Bool, correctedCount: Int
        /// The page's own words in Chinese (else English).
        var zh: Bool
    }

    /// One item: its source and thumbnail, page, status and type, fields with their corrections, problems.
    struct Row {
        struct Correction { var from: String, reason: String }
        struct Field { var name: String, value: String, confidence: Int, corrections: [Correction], last: Bool }
        struct ProblemLine { var field: String, message: String, rule: String, last: Bool }
        var status: String, statusName: String, source: String, thumbnail: String?, pageNumber: Int, page: String, type: String
        var fields: [Field], problems: [ProblemLine]

        init(_ item: StoredItem, _ words: ReasonWords) {
            let wording = words.wording
            status = item.status.rawValue
            statusName = words.status(item.status.rawValue)
            source = item.source
            thumbnail = item.thumbnailPNG.map { Data($0).base64EncodedString() }
            pageNumber = item.page ?? 0
            page = item.page.map(String.init) ?? "–"
            type = wording.typeName(item.type)
            let names = item.orderedFieldNames.filter { item.fields[$0] != nil }
            fields = names.enumerated().compactMap { index, name in
                item.fields[name].map { f in
                    Field(name: wording.fieldName(name, type: item.type), value: f.value, confidence: Int(f.confidence),
                          corrections: (f.corrections ?? []).map { Correction(from: $0.from, reason: wording.sayReason($0.reason)) },
                          last: index == names.count - 1)
                }
            }
            problems = item.problems.enumerated().map { index, problem in
                ProblemLine(field: problem.field.map { wording.fieldName($0, type: item.type) } ?? (words.chinese ? "整项" : "item"),
                            message: wording.words(for: problem, type: item.type), rule: problem.rule,
                            last: index == item.problems.count - 1)
            }
        }
    }
}
