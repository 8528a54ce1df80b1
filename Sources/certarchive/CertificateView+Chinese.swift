import Compliance
import Foundation
import IngestCore

extension CertificateView {
    /// A certificate's versions in Chinese: state, period, standing, fields by their names, 复审 and scans.
    func chineseText(_ lifecycle: CertificateLifecycle) -> String {
        let key = lifecycle.key, last = lifecycle.versions.count - 1
        var lines = ["\(shown(FieldName.certificateNumber, key.number, key.type)) — \(typeName(key.type)) — "
            + "共 \(lifecycle.versions.count) 个版本"]
        for (index, version) in lifecycle.versions.enumerated() {
            let state = index == last ? "现行" : "已被第 \(index + 2) 版取代"
            let period = "发证 \(version.issueDate ?? "?")" + (version.expiryDate.map { "，有效期至 \($0)" } ?? "")
            lines.append("第 \(index + 1) 版 — \(state) — \(period)"
                + (index == last ? chineseStanding(version).map { "（\($0)）" } ?? "" : ""))
            let record = version.record
            for name in Self.shownFields(of: record) {
                guard let value = record.fields[name] else { continue }
                lines.append("  \(words.field(name, key.type))：\(shown(name, value, key.type))")
            }
            if record.acceptedAsPrinted { lines.append("  按原样接受：原件本身不合规则（原因见处理记录）") }
            let reviews = reviewsDue(version)
            if !reviews.isEmpty {
                lines.append("  复审日期 " + reviews.map { $0.iso + ($0 < asOf ? "（已过）" : "") }.joined(separator: "、"))
            }
            for scan in version.records {
                lines.append("  扫描件：第 \(scan.itemID.map(String.init) ?? "?") 项  \(scan.source)"
                    + (scan.page.map { " 第 \($0) 页" } ?? "") + (scan.intakeDay.map { "（\($0) 收件）" } ?? ""))
            }
        }
        let holders = lifecycle.versions.flatMap(\.records).compactMap(\.holder)
        let distinct = holders.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if distinct.count > 1 {
            lines.append("注意：各版本写的持证人有 \(distinct.count) 个（\(distinct.joined(separator: "、"))）：见 certarchive anomalies")
        }
        return lines.joined(separator: "\n")
    }

    /// `有效，还有 887 天`, `30天内到期，还有 12 天`, `已过期 30 天`; nil without an expiry.
    func chineseStanding(_ version: CertificateVersion) -> String? {
        guard let warning = expiry.warning(for: version, asOf: asOf) else { return nil }
        if warning.daysLeft < 0 { return "\(ExpiryFormat.levelName(warning)) \(-warning.daysLeft) 天" }
        let level = warning.expiryLevel == .later ? "有效" : ExpiryFormat.levelName(warning)
        return "\(level)，还有 \(warning.daysLeft) 天"
    }
}
