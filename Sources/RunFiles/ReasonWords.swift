import Foundation
import IngestCore
import Review

/// The words of the run's files for people (`rejected.html`, a quarantined file's `.reason.txt`) in the wording's
/// language: statuses, types, fields and problems by their Chinese, the rule ids beside them.
struct ReasonWords: Sendable {
    let wording: Wording

    var chinese: Bool { wording.language == .zh }

    func status(_ status: String) -> String {
        guard chinese else { return status }
        return ["accepted": "已入档", "review": "待审核", "failed": "未通过"][status] ?? status
    }

    /// A `.reason.txt` line, `page 2: review — credit_code.checksum: …; holder.unconfirmed: …`, as
    /// `第2页：待审核 — 统一社会信用代码的校验位不对（credit_code.checksum）；…`. English as given.
    func line(_ line: String) -> String {
        guard chinese, let colon = line.range(of: ": ") else { return line }
        let head = String(line[..<colon.lowerBound]), rest = String(line[colon.upperBound...])
        let place = head.wholeMatch(of: /page (\d+)/).map { "第\($0.output.1)页" } ?? (head == "file" ? "文件" : head)
        let parts = rest.components(separatedBy: " — ")
        let problems = rest.matches(of: #/(?:^|; |— )([a-z_]+(?:\.[a-z_]+)+): /#).map { match in
            let rule = String(match.output.1), field = String(rule.split(separator: ".").first ?? "")
            return wording.words(for: Problem(rule: rule, field: field, message: rule), type: .unknown) + "（\(rule)）"
        }
        return "\(place)：\(status(parts.first ?? "")) — " + problems.joined(separator: "；")
    }
}
