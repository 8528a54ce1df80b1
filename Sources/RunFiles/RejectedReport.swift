import Archive
import Foundation
import IngestCore

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

    // MARK: HTML

    static func page(_ items: [StoredItem], corrected: [StoredItem], summary: RunSummary, runID: Int64) -> String {
        let review = items.filter { $0.status == .review }.count
        let failed = items.filter { $0.status == .failed }.count
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <title>certarchive run \(runID): \(items.count) rejected items</title>
            <style>
            body{font-family:"Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.5em;vertical-align:top}
            th{background:#f3f3f3;text-align:left}img{width:180px;border:1px solid #999}
            .failed{background:#fde8e8}.review{background:#fff8e1}.problem{color:#a00}.conf{color:#777;font-size:.85em}
            .correction{color:#05a;font-size:.9em}
            </style></head><body>
            <h1>Run \(runID): items not accepted</h1>
            <p>\(summary.inputs) inputs (\(summary.skipped) skipped as already archived), \(summary.pages) pages:
            \(summary.accepted) accepted, \(review) for review, \(failed) failed.
            ID numbers are masked. This page is the run as it ended; what reviewers decided since is on the web UI's
            <code>/runs/\(runID)</code> (<code>certarchive serve</code>).</p>
            <table><tr><th>Source</th><th>Page</th><th>Status / type</th><th>Extracted fields</th><th>Problems</th></tr>
            \(items.map(row).joined(separator: "\n"))
            </table>
            \(corrected.isEmpty ? "" : """
                <h2>Accepted after correction</h2>
                <p>\(corrected.count) items passed every rule once a misread value was corrected; each change is listed
                with its reason.</p>
                <table><tr><th>Source</th><th>Page</th><th>Status / type</th><th>Extracted fields</th><th>Problems</th></tr>
                \(corrected.map(row).joined(separator: "\n"))
                </table>
                """)
            </body></html>

            """
    }

    static func row(_ item: StoredItem) -> String {
        let thumbnail = item.thumbnailPNG.map {
            "<br><img alt=\"page \(item.page ?? 0)\" src=\"data:image/png;base64,\(Data($0).base64EncodedString())\">"
        } ?? ""
        let fields = item.orderedFieldNames.compactMap { name -> String? in
            guard let f = item.fields[name] else { return nil }
            let corrections = (f.corrections ?? []).map {
                "<br><span class=correction>corrected from \(escape($0.from)): \(escape($0.reason))</span>"
            }.joined()
            return "<b>\(escape(name))</b>: \(escape(f.value)) <span class=conf>(\(Int(f.confidence))%)</span>"
                + corrections
        }.joined(separator: "<br>")
        let problems = item.problems.map {
            "<span class=problem>\(escape($0.field ?? "item")): \(escape($0.message))</span> <code>\(escape($0.rule))</code>"
        }.joined(separator: "<br>")
        return "<tr class=\(item.status.rawValue)><td>\(escape(item.source))\(thumbnail)</td>"
            + "<td>\(item.page.map(String.init) ?? "–")</td><td>\(item.status.rawValue)<br>\(item.type.rawValue)</td>"
            + "<td>\(fields)</td><td>\(problems)</td></tr>"
    }

    static func escape(_ s: String) -> String { HTML.escape(s) }
}
