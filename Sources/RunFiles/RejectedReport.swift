import Archive
import Foundation
import IngestCore
import Mustache
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
    public static func write(items: [StoredItem], corrected: [StoredItem] = [], summary: RunSummary, runID: Int64,
                             to directory: String) throws -> Written {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let masked = items.map(\.masked)
        let html = (directory as NSString).appendingPathComponent("rejected.html")
        let json = (directory as NSString).appendingPathComponent("rejected.json")
        try page(masked, corrected: corrected.map(\.masked), summary: summary, runID: runID)
            .write(toFile: html, atomically: true, encoding: .utf8)
        let lines = masked.map(Exporter.jsonLine)
        try ("[\n" + lines.joined(separator: ",\n") + "\n]\n").write(toFile: json, atomically: true, encoding: .utf8)
        return Written(html: html, json: json)
    }

    // MARK: HTML (Templates/rejected.mustache: every value through mustache's HTML escaper)

    static func page(_ items: [StoredItem], corrected: [StoredItem], summary: RunSummary, runID: Int64) -> String {
        let view = View(runID: runID, itemCount: items.count, summary: summary,
                        review: items.filter { $0.status == .review }.count, failed: items.filter { $0.status == .failed }.count,
                        items: items.map(Row.init), corrected: corrected.map(Row.init),
                        hasCorrected: !corrected.isEmpty, correctedCount: corrected.count)
        return templates.render(view, withTemplate: "rejected") ?? ""
    }

    static let templates = SafeHTML.library([("rejected", PackageResources.rejected_mustache),
                                             ("rejected-row", PackageResources.rejected_row_mustache)])

    struct View {
        var runID: Int64, itemCount: Int, summary: RunSummary, review: Int, failed: Int
        var items: [Row], corrected: [Row], hasCorrected: Bool, correctedCount: Int
    }

    /// One item: its source and thumbnail, page, status and type, fields with their corrections, problems.
    struct Row {
        struct Correction { var from: String, reason: String }
        struct Field { var name: String, value: String, confidence: Int, corrections: [Correction], last: Bool }
        struct ProblemLine { var field: String, message: String, rule: String, last: Bool }
        var status: String, source: String, thumbnail: String?, pageNumber: Int, page: String, type: String
        var fields: [Field], problems: [ProblemLine]

        init(_ item: StoredItem) {
            status = item.status.rawValue
            source = item.source
            thumbnail = item.thumbnailPNG.map { Data($0).base64EncodedString() }
            pageNumber = item.page ?? 0
            page = item.page.map(String.init) ?? "–"
            type = item.type.rawValue
            let names = item.orderedFieldNames.filter { item.fields[$0] != nil }
            fields = names.enumerated().compactMap { index, name in
                item.fields[name].map { f in
                    Field(name: name, value: f.value, confidence: Int(f.confidence),
                          corrections: (f.corrections ?? []).map { Correction(from: $0.from, reason: $0.reason) },
                          last: index == names.count - 1)
                }
            }
            problems = item.problems.enumerated().map { index, problem in
                ProblemLine(field: problem.field ?? "item", message: problem.message, rule: problem.rule,
                            last: index == item.problems.count - 1)
            }
        }
    }
}
