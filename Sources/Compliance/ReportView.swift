import IngestCore

/// What statistics.mustache shows: the tiles, the certificates and companies behind them, and per table a chart
/// (horizontal bars, a row per label, the columns stacked in their colours; a percentage column alone) and its
/// numbers. Stored properties only (mustache reads them).
struct ReportView {
    struct Tile { var label: String, value: Int, colour: String }
    struct Attention { var level: String, daysLeft: Int, expiry: String, type: String, number: String, holder: String }
    struct Company { var name: String, why: String }
    /// A record behind a tile: its type, number (masked as lists show it), holder and scan.
    struct Record { var type: String, number: String, holder: String, source: String, why: String }
    struct Part { var x: Int, y: Int, width: Int, height: Int, fill: String, column: String, value: Int }
    struct Bar { var label: String, labelX: Int, textY: Int, parts: [Part], totalX: Int, total: String }
    struct LegendEntry { var x: Int, y: Int, textX: Int, textY: Int, fill: String, column: String }
    struct Chart { var width: Int, height: Int, bars: [Bar], legend: [LegendEntry] }
    struct Row { var label: String, values: [Int] }
    struct Table { var id: String, title: String, hasRows: Bool, chart: Chart?, headers: [String], rows: [Row] }

    var asOf: String, archive: String, generated: String
    var tiles: [Tile]
    var hasAttention: Bool, attention: [Attention]
    var hasNotCompliant: Bool, notCompliant: [Company]
    var hasInReview: Bool, inReview: [Record], hasAsPrinted: Bool, asPrinted: [Record]
    var tables: [Table]

    init(_ stats: Statistics, archive: String, generated: String) {
        asOf = stats.asOf.iso
        self.archive = archive
        self.generated = generated
        let validity = stats.tables.first { $0.id == "validity" }?.rows ?? []
        let count = { (standing: Standing) in validity.first { $0.label == standing.name }?.values.first ?? 0 }
        tiles = [Tile(label: "证书", value: stats.certificates, colour: "#37474f"),
                 Tile(label: Standing.valid.name, value: count(.valid), colour: StatisticsReport.green),
                 Tile(label: Standing.expiring.name, value: count(.expiring), colour: StatisticsReport.amber),
                 Tile(label: Standing.expired.name, value: count(.expired), colour: StatisticsReport.red),
                 Tile(label: "待审核", value: stats.waiting, colour: "#6a1b9a"),
                 Tile(label: "按原样接受", value: stats.acceptedAsPrinted, colour: "#8d6e63"),
                 Tile(label: "不合规的单位", value: stats.notCompliant.count, colour: "#bf360c")]
        attention = stats.needingAttention.map { w in
            Attention(level: ExpiryFormat.levelName(w), daysLeft: w.daysLeft, expiry: w.expiryDate.iso,
                      type: stats.typeNames[w.type] ?? w.type.rawValue,
                      number: ExpiryFormat.number(w), holder: w.holder)
        }
        hasAttention = !attention.isEmpty
        notCompliant = stats.notCompliant.map { company in
            Company(name: company.name, why: company.missing.map { $0.chinese { stats.typeNames[$0] ?? $0.rawValue } }.joined(separator: "；"))
        }
        hasNotCompliant = !notCompliant.isEmpty
        let record = { (r: ArchivedCertificate) in
            Record(type: stats.typeNames[r.type] ?? r.type.rawValue, number: Masking.redactingIDNumbers(in: r.number ?? ""),
                   holder: Masking.redactingIDNumbers(in: r.holder ?? ""), source: Masking.redactingIDNumbers(in: r.source),
                   why: stats.faults(r))
        }
        inReview = stats.inReview.map(record)
        hasInReview = !inReview.isEmpty
        asPrinted = stats.asPrinted.map(record)
        hasAsPrinted = !asPrinted.isEmpty
        tables = stats.tables.map { table in
            Table(id: table.id, title: table.title, hasRows: !table.rows.isEmpty,
                  chart: table.rows.isEmpty ? nil : Self.chart(table), headers: [table.labelHeader] + table.columns,
                  rows: table.rows.map { Row(label: $0.label, values: $0.values) })
        }
    }

    static func chart(_ table: Statistics.Table) -> Chart {
        let percent = table.columns.last?.hasSuffix("%") == true
        let parts = percent ? [table.columns.count - 1] : Array(table.columns.indices)
        let widest = max(1, table.rows.map { row in parts.map { row.values[$0] }.reduce(0, +) }.max() ?? 1)
        let scale = percent ? 100 : widest
        let labelWidth = 400, barWidth = 460, rowHeight = 24
        let bars = table.rows.enumerated().map { i, row -> Bar in
            let y = i * rowHeight
            var x = labelWidth
            var drawn: [Part] = []
            for part in parts {
                let width = row.values[part] * barWidth / scale
                // A single measure is coloured by its row where the row names a standing (valid, expired…).
                let fill = parts.count > 1 ? StatisticsReport.colour(table.columns[part], part)
                    : StatisticsReport.palette[row.label] ?? (percent ? (row.values[part] > 0 ? StatisticsReport.red : StatisticsReport.green)
                        : StatisticsReport.fallback[0])
                if width > 0 {
                    drawn.append(Part(x: x, y: y + 3, width: width, height: rowHeight - 6, fill: fill,
                                      column: table.columns[part], value: row.values[part]))
                }
                x += width
            }
            let total = parts.map { row.values[$0] }.reduce(0, +)
            return Bar(label: row.label, labelX: labelWidth - 8, textY: y + 16, parts: drawn, totalX: x + 6,
                       total: "\(total)\(percent ? "%" : "")")
        }
        var legend: [LegendEntry] = []
        if parts.count > 1 {
            var x = labelWidth
            let y = table.rows.count * rowHeight + 10
            for part in parts {
                legend.append(LegendEntry(x: x, y: y, textX: x + 16, textY: y + 11,
                                          fill: StatisticsReport.colour(table.columns[part], part), column: table.columns[part]))
                x += 24 + table.columns[part].count * 8
            }
        }
        return Chart(width: labelWidth + barWidth + 60, height: table.rows.count * rowHeight + (parts.count > 1 ? 30 : 8),
                     bars: bars, legend: legend)
    }
}
