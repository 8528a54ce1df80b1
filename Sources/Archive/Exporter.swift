import Foundation
import IngestCore

/// Writes the archive's items in the public export formats (../shared/EXPORT.md): keys only ever added.
public enum Exporter {
    public enum Format: String, CaseIterable, Sendable {
        case jsonl, csv
    }

    public static func write(_ items: [StoredItem], format: Format, to output: (String) -> Void) throws {
        switch format {
        case .jsonl:
            for item in items { output(try jsonLine(item) + "\n") }
        case .csv:
            output("\u{FEFF}")  // UTF-8 BOM: Excel then reads the Chinese text correctly
            output(csvRow(csvHeader))
            for item in items { output(csvRow(csvValues(item))) }
        }
    }

    // MARK: JSON Lines

    /// Keys in the documented order: source, page, type, status, fields, problems; then the added `flags`.
    public static func jsonLine(_ item: StoredItem) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(ExportLine(item)), as: UTF8.self)
    }

    private struct ExportLine: Encodable {
        let item: StoredItem
        init(_ item: StoredItem) { self.item = item }

        enum Key: String, CodingKey { case source, page, type, status, fields, problems, flags }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(item.source, forKey: .source)
            try c.encode(item.page, forKey: .page)  // null for an input that could not be read at all
            try c.encode(item.type.rawValue, forKey: .type)
            try c.encode(item.status.rawValue, forKey: .status)
            try c.encode(OrderedFields(item: item), forKey: .fields)
            try c.encode(item.problems.map(ExportProblem.init), forKey: .problems)
            try c.encode(item.flags, forKey: .flags)
        }
    }

    private struct OrderedFields: Encodable {
        let item: StoredItem

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for name in item.orderedFieldNames {
                try c.encode(item.fields[name]?.value, forKey: Key(stringValue: name))
            }
        }
    }

    private struct ExportProblem: Encodable {
        let rule: String
        let field: String?
        let message: String

        init(_ p: Problem) { rule = p.rule; field = p.field; message = p.message }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule, forKey: .rule)
            try c.encode(field, forKey: .field)  // null for a problem of the item as a whole
            try c.encode(message, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case rule, field, message }
    }

    // MARK: CSV

    static let csvHeader = ["source", "page", "type", "status"] + FieldName.exportOrder + ["problems", "flags"]

    static func csvValues(_ item: StoredItem) -> [String] {
        [item.source, item.page.map(String.init) ?? "", item.type.rawValue, item.status.rawValue]
            + FieldName.exportOrder.map { item.fields[$0]?.value ?? "" }
            + [item.problems.map { "\($0.rule): \($0.message)" }.joined(separator: "; "),
               item.flags.joined(separator: ";")]
    }

    /// RFC 4180 quoting, CRLF line ends; a cell that a spreadsheet would run as a formula gets a leading quote.
    static func csvRow(_ values: [String]) -> String {
        values.map { value in
            var v = value
            if let first = v.first, "=+-@".contains(first) { v = "'" + v }
            guard v.contains(where: { ",\"\r\n".contains($0) }) else { return v }
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
