import Foundation
import IngestCore
import Mustache
import SafeHTML

/// The statistics report: one self-contained HTML page (inline CSS and SVG charts, nothing fetched), and the same
/// numbers as one CSV file per table.
public enum StatisticsReport {
    static let green = "#2e7d32", amber = "#f9a825", red = "#c62828"
    static let palette: [String: String] = [
        Standing.valid.name: green, Standing.expiring.name: amber, Standing.expired.name: red,
        Standing.noExpiry.name: "#90a4ae",
        Statistics.statusName(.accepted): green, Statistics.statusName(.review): amber, Statistics.statusName(.failed): red,
    ]
    static let fallback = ["#1565c0", "#6a1b9a", "#00838f", "#5d4037"]

    public static func csv(_ table: Statistics.Table) -> String {
        "\u{FEFF}" + CSVRow.text([table.labelHeader] + table.columns)
            + table.rows.map { CSVRow.text([$0.label] + $0.values.map(String.init)) }.joined()
    }

    /// The page (Templates/statistics.mustache: every value through mustache's HTML escaper).
    public static func html(_ stats: Statistics, archive: String, generated: String) -> String {
        template.render(ReportView(stats, archive: archive, generated: generated))
    }

    static let template: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: SafeHTML.template(PackageResources.statistics_mustache))
        } catch {
            preconditionFailure("the statistics template does not parse: \(error)")
        }
    }()

    static func colour(_ column: String, _ index: Int) -> String {
        palette[column] ?? fallback[index % fallback.count]
    }

}
