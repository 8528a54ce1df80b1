import Archive
import Foundation
import IngestCore

/// An item as reviewers see it: in lists ID numbers masked, whole only on the item being reviewed.
struct ItemView: Encodable {
    struct FieldView: Encodable {
        var value: String
        var raw: String
        var confidence: Double
        var box: Box?
        var readings: [String]?
        var corrections: [FieldCorrection]?
        /// Which recognisers read the value, and on what grounds it is believed.
        var readers: [String]?
        var evidence: FieldEvidence?
    }

    var id: Int64
    var source: String
    var page: Int?
    var type: String
    var status: String
    var fields: [String: FieldView]
    var problems: [Problem]
    var flags: [String]

    init(_ item: StoredItem, whole: Bool) {
        id = item.id; source = item.source; page = item.page; type = item.type.rawValue
        status = item.status.rawValue; problems = item.problems; flags = item.flags
        fields = item.fields.mapValues { field in
            FieldView(value: field.value, raw: field.raw, confidence: field.confidence, box: field.box,
                      readings: field.readings, corrections: field.corrections, readers: field.readers,
                      evidence: field.evidence)
        }
        guard !whole else { return }
        for (name, field) in fields {
            let masked = { (text: String) in Masking.displayValue(field: name, value: text, type: item.type) }
            fields[name] = FieldView(value: masked(field.value), raw: masked(field.raw), confidence: field.confidence,
                                     box: field.box, readings: field.readings?.map(masked), corrections: nil,
                                     readers: field.readers, evidence: field.evidence)
        }
        problems = problems.map { Problem(rule: $0.rule, field: $0.field, message: Masking.redactingIDNumbers(in: $0.message)) }
    }

    /// ", read alike by ppocr and tesseract chi_sim", ", proven by its rules"…; empty when not known.
    static func grounds(_ field: FieldView) -> String {
        switch field.evidence {
        case .readersAgree?: return ", read alike by " + (field.readers ?? []).joined(separator: " and ")
        case .rules?: return ", proven by its rules"
        case .knownName?: return ", a name the archive holds"
        case .oneReader?: return ", read by " + (field.readers ?? ["one recogniser"]).joined(separator: ", ") + " only"
        case .textLayer?: return ", from the text layer"
        case nil: return ""
        }
    }

    static func text(_ item: StoredItem, whole: Bool, words: TerminalWords) -> String {
        guard words.chinese else { return text(item, whole: whole) }
        let view = ItemView(item, whole: whole)
        let page = item.page.map { " 第 \($0) 页" } ?? ""
        var lines = ["第 \(item.id) 项 — \(words.status(item.status)) — \(words.type(item.type)) — \(item.source)\(page)"]
        for name in item.orderedFieldNames {
            guard let field = view.fields[name], let stored = item.fields[name] else { continue }
            let flagged = item.problems.filter { $0.field == name }.map { words.wording.words(for: $0, type: item.type) }
            lines.append("  \(words.field(name, item.type))：\(field.value)（\(words.wording.evidence(of: stored))）"
                + (flagged.isEmpty ? "" : "  ← " + flagged.joined(separator: "；")))
            if let readings = field.readings, !readings.isEmpty {
                lines.append("    读法：\(readings.joined(separator: " | "))")
            }
        }
        if !view.problems.isEmpty {
            lines.append("问题：")
            lines += view.problems.map { "  " + words.problem($0, item.type) }
        }
        let corrections = item.corrections
        if !corrections.isEmpty {
            lines.append("自动更正：")
            lines += corrections.map { c in
                "  \(words.field(c.field, item.type))：\(c.correction.from) → \(c.correction.to)"
                    + "（\(words.wording.sayReason(c.correction.reason, item: item))）"
            }
        }
        if !item.flags.isEmpty { lines.append("标记：\(item.flags.map(words.flag).joined(separator: "、"))") }
        return lines.joined(separator: "\n")
    }

    /// The item in English with ids (`CERTARCHIVE_LANGUAGE=en`).
    private static func text(_ item: StoredItem, whole: Bool) -> String {
        let view = ItemView(item, whole: whole)
        var lines = ["item \(item.id) — \(item.status.rawValue) — \(item.type.rawValue) — \(item.source)"
            + (item.page.map { " page \($0)" } ?? "")]
        for name in item.orderedFieldNames {
            guard let field = view.fields[name] else { continue }
            let flagged = item.problems.filter { $0.field == name }.map(\.rule)
            lines.append("  \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(field.value)"
                + "   (confidence \(Int(field.confidence.rounded()))\(Self.grounds(field)))"
                + (flagged.isEmpty ? "" : "   ← " + flagged.joined(separator: ", ")))
            if let readings = field.readings, !readings.isEmpty {
                lines.append("  \(String(repeating: " ", count: 20)) readings: \(readings.joined(separator: " | "))")
            }
        }
        if !view.problems.isEmpty {
            lines.append("problems:")
            lines += view.problems.map { "  \($0.rule)\($0.field.map { " (\($0))" } ?? ""): \($0.message)" }
        }
        let corrections = item.corrections
        if !corrections.isEmpty {
            lines.append("corrections by ingest:")
            lines += corrections.map { "  \($0.field): \($0.correction.from) → \($0.correction.to) (\($0.correction.reason))" }
        }
        if !item.flags.isEmpty { lines.append("flags: \(item.flags.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
