import Archive
import Compliance
import Foundation
import IngestCore
import Rules

/// A certificate's versions for people (text) and scripts (JSON); personal numbers masked unless revealed.
struct CertificateView {
    var reveal: Bool
    var asOf: PrintedDate
    var rules: RuleSet
    var expiry: ExpiryWarnings
    /// The command line's words: Chinese unless English is asked for (`TerminalWords`).
    var words = TerminalWords(.english)

    func shown(_ field: String, _ value: String, _ type: DocumentType) -> String {
        reveal ? value : Masking.displayValue(field: field, value: value, type: type)
    }

    func typeName(_ type: DocumentType) -> String { rules.rules(for: type)?.name ?? type.rawValue }

    /// `valid, 887 days left`, `within_30, 12 days left`, `expired 30 days ago` (有效，还有 887 天; 30天内到期，还有 12
    /// 天; 已过期 30 天); nil without an expiry.
    func standing(_ version: CertificateVersion) -> String? {
        guard let warning = expiry.warning(for: version, asOf: asOf) else { return nil }
        if warning.daysLeft < 0 {
            return words.pick("\(ExpiryFormat.levelName(warning)) \(-warning.daysLeft) 天", "expired \(-warning.daysLeft) days ago")
        }
        let later = warning.expiryLevel == .later
        return words.pick("\(later ? "有效" : ExpiryFormat.levelName(warning))，还有 \(warning.daysLeft) 天",
                          "\(later ? "valid" : warning.level), \(warning.daysLeft) days left")
    }

    /// 复审 dates a type needs while valid (特种作业操作证: every 3 years from issue), by its rules.
    func reviewsDue(_ version: CertificateVersion) -> [PrintedDate] {
        version.reviewsDue(every: rules.rules(for: version.record.type)?.validity?.reviewEveryYears)
    }

    func status(_ lifecycle: CertificateLifecycle, _ index: Int) -> String {
        index == lifecycle.versions.count - 1 ? "current" : "superseded"
    }

    func text(_ lifecycle: CertificateLifecycle) -> String {
        let key = lifecycle.key, last = lifecycle.versions.count - 1, w = words
        let number = shown(FieldName.certificateNumber, key.number, key.type)
        var lines = [w.pick("\(number) — \(typeName(key.type)) — 共 \(lifecycle.versions.count) 个版本",
                            "\(number) — \(typeName(key.type)) (\(key.type.rawValue)) — \(lifecycle.versions.count) version(s)")]
        for (index, version) in lifecycle.versions.enumerated() {
            let state = index == last ? w.pick("现行", "current") : w.pick("已被第 \(index + 2) 版取代", "superseded by version \(index + 2)")
            let period = w.pick("发证 \(version.issueDate ?? "?")" + (version.expiryDate.map { "，有效期至 \($0)" } ?? ""),
                                "issued \(version.issueDate ?? "?")" + (version.expiryDate.map { ", valid until \($0)" } ?? ""))
            let standing = index == last ? standing(version).map { w.pick("（\($0)）", " (\($0))") } ?? "" : ""
            lines.append(w.pick("第 \(index + 1) 版 — \(state) — \(period)", "version \(index + 1) — \(state) — \(period)") + standing)
            let record = version.record
            for name in Self.shownFields(of: record) {
                guard let value = record.fields[name] else { continue }
                let shownValue = shown(name, value, key.type)
                lines.append(w.pick("  \(w.field(name, key.type))：\(shownValue)",
                                    "  \(name.padding(toLength: 13, withPad: " ", startingAt: 0)) \(shownValue)"))
            }
            if record.acceptedAsPrinted {
                lines.append(w.pick("  按原样接受：原件本身不合规则（原因见处理记录）",
                                    "  accepted as printed: the paper itself breaks a rule (see its history)"))
            }
            let reviews = reviewsDue(version)
            if !reviews.isEmpty {
                let passed = w.pick("（已过）", " (passed)")
                lines.append(w.pick("  复审日期 ", "  review (复审) due ")
                    + reviews.map { $0.iso + ($0 < asOf ? passed : "") }.joined(separator: w.pick("、", ", ")))
            }
            for scan in version.records {
                let item = scan.itemID.map(String.init) ?? "?"
                lines.append(w.pick("  扫描件：第 \(item) 项  \(scan.source)" + (scan.page.map { " 第 \($0) 页" } ?? "")
                                        + (scan.intakeDay.map { "（\($0) 收件）" } ?? ""),
                                    "  scan: item \(item)  \(scan.source)" + (scan.page.map { " page \($0)" } ?? "")
                                        + (scan.intakeDay.map { "  (taken in \($0))" } ?? "")))
            }
        }
        let holders = lifecycle.versions.flatMap(\.records).compactMap(\.holder)
        let distinct = holders.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if distinct.count > 1 {
            lines.append(w.pick("注意：各版本写的持证人有 \(distinct.count) 个（\(distinct.joined(separator: "、"))）：见 certarchive anomalies",
                                "note: the versions name \(distinct.count) holders (\(distinct.joined(separator: ", "))): see certarchive anomalies"))
        }
        return lines.joined(separator: "\n")
    }

    /// A version's fields beside its number and dates: the promised ones, the company and the details, then others.
    static func shownFields(of record: ArchivedCertificate) -> [String] {
        let known = FieldName.exportOrder + FieldName.csvExtraColumns
        return known.filter { ![FieldName.certificateNumber, FieldName.issueDate, FieldName.expiryDate].contains($0) }
            + record.fields.keys.filter { !known.contains($0) }.sorted()
    }

    func json(_ lifecycle: CertificateLifecycle) -> OrderedJSON {
        let key = lifecycle.key
        return .object([
            ("type", .string(key.type.rawValue)),
            ("certificate_number", .string(shown(FieldName.certificateNumber, key.number, key.type))),
            ("versions", .array(lifecycle.versions.enumerated().map { index, version in
                let record = version.record
                return .object([
                    ("version", .int(index + 1)),
                    ("status", .string(status(lifecycle, index))),
                    ("issue_date", .optional(version.issueDate)),
                    ("expiry_date", .optional(version.expiryDate)),
                    ("days_left", expiry.warning(for: version, asOf: asOf).map { .int($0.daysLeft) } ?? .null),
                    ("fields", .object(record.fields.sorted { $0.key < $1.key }.map { ($0.key, .string(shown($0.key, $0.value, key.type))) })),
                    ("reviews_due", .array(reviewsDue(version).map { .string($0.iso) })),
                    ("scans", .array(version.records.map(scanJSON))),
                ])
            })),
        ])
    }

    func scanJSON(_ record: ArchivedCertificate) -> OrderedJSON {
        .object([("item", record.itemID.map { .int(Int($0)) } ?? .null), ("source", .string(record.source)),
                 ("page", record.page.map(OrderedJSON.int) ?? .null), ("intake_day", .optional(record.intakeDay))])
    }

    func json(_ summary: RecordSummary) -> OrderedJSON {
        .object([("item", .int(Int(summary.id))), ("source", .string(summary.source)),
                 ("page", summary.page.map(OrderedJSON.int) ?? .null),
                 ("rules", .array(summary.rules.map(OrderedJSON.string)))])
    }
}
