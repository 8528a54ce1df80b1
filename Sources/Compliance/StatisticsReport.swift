import Foundation
import IngestCore

/// The statistics report: one self-contained HTML page (inline CSS and SVG charts, nothing fetched), and the same
/// numbers as one CSV file per table.
public enum StatisticsReport {
    static let green = "#2e7d32", amber = "#f9a825", red = "#c62828"
    static let palette: [String: String] = [
        Standing.valid.rawValue: green, Standing.expiring.rawValue: amber, Standing.expired.rawValue: red,
        Standing.noExpiry.rawValue: "#90a4ae",
        "accepted": green, "review": amber, "failed": red,
    ]
    static let fallback = ["#1565c0", "#6a1b9a", "#00838f", "#5d4037"]

    public static func csv(_ table: Statistics.Table) -> String {
        "\u{FEFF}" + CSVRow.text([table.labelHeader] + table.columns)
            + table.rows.map { CSVRow.text([$0.label] + $0.values.map(String.init)) }.joined()
    }

    public static func html(_ stats: Statistics, archive: String, generated: String) -> String {
        let validity = stats.tables.first { $0.id == "validity" }?.rows ?? []
        let count = { (standing: Standing) in validity.first { $0.label == standing.rawValue }?.values.first ?? 0 }
        let tiles = [("certificates", stats.certificates, "#37474f"), ("valid", count(.valid), green),
                     ("expiring", count(.expiring), amber), ("expired", count(.expired), red),
                     ("in review", stats.waiting, "#6a1b9a"), ("accepted as printed", stats.acceptedAsPrinted, "#8d6e63"),
                     ("companies not compliant", stats.notCompliant.count, "#bf360c")]
        var body = """
            <h1>certarchive — statistics</h1>
            <p class="meta">\(escape(archive)) · as of \(stats.asOf.iso) · generated \(escape(generated)) · \
            the same numbers as CSV beside this page</p>
            <div class="tiles">
            """
        for (label, value, colour) in tiles {
            body += "<div class=\"tile\" style=\"border-color:\(colour)\"><b>\(value)</b><span>\(label)</span></div>"
        }
        body += "</div>\n"
        body += attention(stats)
        body += notCompliant(stats)
        for table in stats.tables {
            body += "<section><h2>\(escape(table.title))</h2>\n"
            body += table.rows.isEmpty ? "<p class=\"meta\">nothing to show</p>" : chart(table)
            body += numbers(table) + "<p class=\"meta\">CSV: \(table.id).csv</p></section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>certarchive statistics \(stats.asOf.iso)</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:24px auto;max-width:980px;color:#212121}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
            .meta{color:#616161;font-size:13px}.tiles{display:flex;gap:12px;margin:16px 0}
            .tile{flex:1;border-left:6px solid;padding:8px 12px;background:#fafafa}.tile b{display:block;font-size:28px}
            .tile span{color:#616161;font-size:13px}section{border-top:1px solid #e0e0e0}
            table{border-collapse:collapse;font-size:13px;margin-top:6px}td,th{padding:2px 10px;text-align:right}
            td:first-child,th:first-child{text-align:left}th{border-bottom:1px solid #bdbdbd}svg text{font-size:12px}
            </style></head><body>
            \(body)</body></html>

            """
    }

    /// Horizontal bars, a row per label, the columns stacked in their colours; a percentage column alone.
    static func chart(_ table: Statistics.Table) -> String {
        let percent = table.columns.last?.hasSuffix("%") == true
        let parts = percent ? [table.columns.count - 1] : Array(table.columns.indices)
        let widest = max(1, table.rows.map { row in parts.map { row.values[$0] }.reduce(0, +) }.max() ?? 1)
        let scale = percent ? 100 : widest
        let labelWidth = 400, barWidth = 460, rowHeight = 24
        let height = table.rows.count * rowHeight + (parts.count > 1 ? 30 : 8)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 60)\" height=\"\(height)\" role=\"img\">"
        for (i, row) in table.rows.enumerated() {
            let y = i * rowHeight
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(row.label))</text>"
            var x = labelWidth
            for part in parts {
                let width = row.values[part] * barWidth / scale
                // A single measure is coloured by its row where the row names a standing (valid, expired…).
                let fill = parts.count > 1 ? colour(table.columns[part], part)
                    : palette[row.label] ?? (percent ? (row.values[part] > 0 ? red : green) : fallback[0])
                if width > 0 {
                    svg += "<rect x=\"\(x)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 6)\" fill=\"\(fill)\">"
                        + "<title>\(escape(table.columns[part])): \(row.values[part])</title></rect>"
                }
                x += width
            }
            let total = parts.map { row.values[$0] }.reduce(0, +)
            svg += "<text x=\"\(x + 6)\" y=\"\(y + 16)\">\(total)\(percent ? "%" : "")</text>"
        }
        if parts.count > 1 {
            var x = labelWidth
            for part in parts {
                let y = table.rows.count * rowHeight + 10
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(colour(table.columns[part], part))\"/>"
                    + "<text x=\"\(x + 16)\" y=\"\(y + 11)\">\(escape(table.columns[part]))</text>"
                x += 24 + table.columns[part].count * 8
            }
        }
        return svg + "</svg>\n"
    }

    static func colour(_ column: String, _ index: Int) -> String {
        palette[column] ?? fallback[index % fallback.count]
    }

    static func numbers(_ table: Statistics.Table) -> String {
        var html = "<table><tr>" + ([table.labelHeader] + table.columns).map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in table.rows {
            html += "<tr><td>\(escape(row.label))</td>" + row.values.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return html + "</table>\n"
    }

    static func escape(_ text: String) -> String { HTML.escape(text) }

    /// The companies behind the "not compliant" tile, each with what it misses.
    static func notCompliant(_ stats: Statistics) -> String {
        guard !stats.notCompliant.isEmpty else { return "" }
        let rows = stats.notCompliant.map { company in
            "<tr><td>\(escape(company.name))</td><td style=\"text-align:left\">"
                + "\(escape(company.missing.map(\.description).joined(separator: "; ")))</td></tr>"
        }.joined(separator: "\n")
        return """
            <section id="not-compliant"><h2>Companies not compliant: which, and why</h2>
            <table><tr><th>company</th><th style="text-align:left">what it misses</th></tr>
            \(rows)
            </table></section>

            """
    }

    /// The certificates behind the expired and expiring tiles, by name: no number without the names behind it.
    static func attention(_ stats: Statistics) -> String {
        guard !stats.needingAttention.isEmpty else { return "" }
        let rows = stats.needingAttention.map { w in
            "<tr><td style=\"text-align:left\">\(escape(w.level))</td><td>\(w.daysLeft)</td><td>\(w.expiryDate.iso)</td>"
                + "<td style=\"text-align:left\">\(escape(w.type.rawValue))</td><td style=\"text-align:left\">\(escape(ExpiryFormat.number(w)))</td>"
                + "<td style=\"text-align:left\">\(escape(w.holder))</td></tr>"
        }.joined(separator: "\n")
        return """
            <section id="attention"><h2>Expired and expiring: which</h2>
            <table><tr><th>level</th><th>days left</th><th>expiry</th><th>type</th><th>number</th><th>holder</th></tr>
            \(rows)
            </table></section>

            """
    }
}
