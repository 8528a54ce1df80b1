import Foundation
import IngestCore

/// Writes the archive's items in the public export formats (../shared/EXPORT.md): keys only ever added.
public enum Exporter {
    public enum Format: String, CaseIterable, Sendable {
        case jsonl, csv
    }

    /// `labels`: how the CSV names its columns and values (the JSON Lines' ids, or a language's words).
    public static func write(_ items: [StoredItem], format: Format, labels: CSVLabels = .ids, to output: (String) -> Void) {
        switch format {
        case .jsonl:
            for item in items { output(jsonLine(item) + "\n") }
        case .csv:
            output("\u{FEFF}")  // UTF-8 BOM: Excel then reads the Chinese text correctly
            output(csvRow(csvHeader.map(labels.column)))
            for item in items { output(csvRow(csvValues(item, labels))) }
        }
    }

    // MARK: JSON Lines

    /// Keys in the documented order: source, page, type, status, fields, problems; then the added `flags` and
    /// `corrections` (each change made to a value as read: field, from, to, reason), and, only for an item that is
    /// one of several cards on its page, `region` (and `back_region` when its back lay beside it); `evidence`:
    /// each exported field's grounds (`readers_agree`, `rules`, `known_name`, `one_reader`, `text_layer`), for the
    /// fields whose grounds are known (absent when none is); `typed`: fields a reviewer typed that no reading of the
    /// page showed (absent when none); `as_printed`: for a certificate accepted as printed, the values the format's
    /// `fields` cannot carry (a date that does not exist), as the paper prints them (absent when none).
    public static func jsonLine(_ item: StoredItem) -> String {
        let fields = item.orderedFieldNames.compactMap { name in exported(name, of: item).map { (name, OrderedJSON.string($0)) } }
        let problems = item.problems.map { p in
            OrderedJSON.object([("rule", .string(p.rule)), ("field", .optional(p.field)), ("message", .string(p.message))])
        }
        let evidence = item.orderedFieldNames.compactMap { name -> (String, OrderedJSON)? in
            guard exported(name, of: item) != nil, let grounds = item.fields[name]?.evidence else { return nil }
            return (name, .string(grounds.rawValue))
        }
        var regions: [(String, OrderedJSON)] = []
        if let region = item.region { regions.append(("region", json(region))) }
        if let back = item.backRegion { regions.append(("back_region", json(back))) }
        return OrderedJSON.object([
            ("source", .string(item.source)),
            ("page", item.page.map(OrderedJSON.int) ?? .null),  // null for an input that could not be read at all
            ("type", .string(item.type.rawValue)),
            ("status", .string(item.status.rawValue)),
            ("fields", .object(fields)),
            ("problems", .array(problems)),
            ("flags", .array(item.flags.map(OrderedJSON.string))),
            ("corrections", .array(item.corrections.map { field, c in
                OrderedJSON.object([("field", .string(field)), ("from", .string(c.from)), ("to", .string(c.to)),
                                    ("reason", .string(c.reason))])
            })),
        ] + (evidence.isEmpty ? [] : [("evidence", .object(evidence))]) + regions + reviewersMarks(item)).text
    }

    /// The added `typed` and `as_printed` keys, each only when it has something to say.
    private static func reviewersMarks(_ item: StoredItem) -> [(String, OrderedJSON)] {
        var marks: [(String, OrderedJSON)] = []
        let typed = item.typedFields
        if !typed.isEmpty { marks.append(("typed", .array(typed.map(OrderedJSON.string)))) }
        guard item.flags.contains(ItemFlag.printedError) else { return marks }
        let unexported = item.orderedFieldNames.compactMap { name -> (String, OrderedJSON)? in
            guard let value = item.fields[name]?.value, exported(name, of: item) == nil else { return nil }
            return (name, .string(value))
        }
        if !unexported.isEmpty { marks.append(("as_printed", .object(unexported))) }
        return marks
    }

    private static func json(_ box: Box) -> OrderedJSON {
        .object([("x", .int(box.x)), ("y", .int(box.y)), ("width", .int(box.width)), ("height", .int(box.height))])
    }

    /// A field's value as the export may show it. The format allows a date field only as a real `YYYY-MM-DD`
    /// date or absent: a date that could not be read as one (`200名2日`) is left out here, and what was read stays
    /// in the item's field details and in its problem's message (such an item is always in review).
    static func exported(_ name: String, of item: StoredItem) -> String? {
        guard let value = item.fields[name]?.value else { return nil }
        guard FieldName.dateFields.contains(name) else { return value }
        return isExportableDate(value) ? value : nil
    }

    /// Exactly `YYYY-MM-DD`, and a day the calendar has.
    public static func isExportableDate(_ value: String) -> Bool {
        value.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil && PrintedDate(iso: value)?.isReal == true
    }

    // MARK: CSV

    static let csvHeader = ["source", "page", "type", "status"] + FieldName.exportOrder + ["problems", "flags", "corrections"]
        + FieldName.csvExtraColumns

    static func csvValues(_ item: StoredItem, _ labels: CSVLabels = .ids) -> [String] {
        [item.source, item.page.map(String.init) ?? "", labels.type(item.type), labels.status(item.status)]
            + FieldName.exportOrder.map { exported($0, of: item) ?? "" }
            + [item.problems.map { labels.problem($0, item.type) }.joined(separator: "; "),
               item.flags.map(labels.flag).joined(separator: ";"),
               item.corrections.map { "\($0.field): \($0.correction.from) → \($0.correction.to) (\($0.correction.reason))" }
                   .joined(separator: "; ")]
            + FieldName.csvExtraColumns.map { item.fields[$0]?.value ?? "" }
    }

    /// RFC 4180 quoting, CRLF line ends; a cell that a spreadsheet would run as a formula gets a leading quote.
    public static func csvRow(_ values: [String]) -> String { CSVRow.text(values) }
}

/// How the CSV export names its columns and values: by default a language's words (中文 headings, type names,
/// statuses), the ids of the JSON Lines on request (`.ids`).
public struct CSVLabels: Sendable {
    public var column: @Sendable (String) -> String
    public var type: @Sendable (DocumentType) -> String
    public var status: @Sendable (ItemStatus) -> String
    public var flag: @Sendable (String) -> String
    public var problem: @Sendable (Problem, DocumentType) -> String

    public init(column: @escaping @Sendable (String) -> String, type: @escaping @Sendable (DocumentType) -> String,
                status: @escaping @Sendable (ItemStatus) -> String, flag: @escaping @Sendable (String) -> String,
                problem: @escaping @Sendable (Problem, DocumentType) -> String) {
        self.column = column; self.type = type; self.status = status; self.flag = flag; self.problem = problem
    }

    /// The JSON Lines' own ids and certarchive's English messages.
    public static let ids = CSVLabels(column: { $0 }, type: \.rawValue, status: \.rawValue, flag: { $0 },
                                      problem: { problem, _ in "\(problem.rule): \(problem.message)" })
}
