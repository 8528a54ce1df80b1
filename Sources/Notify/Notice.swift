import Compliance
import Crypto
import Foundation
import IngestCore

/// One warning for people: a certificate entering a warning level or lapsing, an anomaly, a review backlog. Its
/// key names the event itself, so the same event is sent once however often `notify` runs; a certificate that
/// enters the next, nearer level is a new event.
public struct Notice: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case expiring, lapsed, anomaly, backlog
    }

    public var kind: Kind
    /// What the event is, e.g. `within_7|safety_production_license|(辽)JZ安许证字[2021]001234|2026-12-01`.
    public var key: String
    /// One line in plain words, personal numbers masked.
    public var text: String
    /// The mobile numbers of the people responsible (notify.yaml's `mentions`), @-mentioned by a group robot.
    public var mentions: [String] = []

    /// What the archive remembers of the key: its SHA-256 (a key may name a person's certificate).
    public var digest: String { Hex.string(SHA256.hash(data: Data(key.utf8))) }
}

/// Finds the notices due on a day from the archive's records: pure, the same records and day give the same
/// notices.
public struct NoticeFinder: Sendable {
    public var thresholds: [Int]
    /// Years between the 复审 each type needs while valid: a 复审 falls due as an expiry does.
    public var reviewEveryYears: [DocumentType: Int] = [:]
    /// The review server's address: a warning about a certificate links to its record there.
    public var deskURL: String?
    /// Who answers for a company's certificates: its name or credit code → mobile numbers to @-mention.
    public var mentions: [String: [String]] = [:]
    /// A backlog over this many items waiting for review is a notice (once a day); nil: never.
    public var backlogThreshold: Int?
    public var register: CompanyRegister?
    /// How a type is named in a notice (`安全生产许可证`).
    public var typeNames: [DocumentType: String]

    public init(thresholds: [Int], backlogThreshold: Int?, register: CompanyRegister? = nil,
                typeNames: [DocumentType: String] = [:]) {
        self.thresholds = thresholds.sorted(); self.backlogThreshold = backlogThreshold
        self.register = register; self.typeNames = typeNames
    }

    /// `records`: every item of the archive (all statuses); certificates are judged by their accepted records.
    public func notices(_ records: [ArchivedCertificate], asOf: PrintedDate) -> [Notice] {
        let accepted = records.filter { $0.status == .accepted }
        return expiryNotices(accepted, asOf: asOf) + anomalyNotices(accepted, asOf: asOf)
            + backlogNotices(records, asOf: asOf)
    }

    /// The people to @-mention for a holder (by name or credit code), each once.
    private func mentioned(_ keys: [String?]) -> [String] {
        var mobiles: [String] = []
        for key in keys.compactMap({ $0 }) {
            for mobile in mentions[key] ?? [] where !mobiles.contains(mobile) { mobiles.append(mobile) }
        }
        return mobiles
    }

    private func expiryNotices(_ accepted: [ArchivedCertificate], asOf: PrintedDate) -> [Notice] {
        let expiry = ExpiryWarnings(thresholds: thresholds, reviewEveryYears: reviewEveryYears)
        let codes = Dictionary(accepted.compactMap { r in r.holder.flatMap { h in r.fields[FieldName.creditCode].map { (h, $0) } } },
                               uniquingKeysWith: { first, _ in first })
        return expiry.warnings(accepted, asOf: asOf, within: thresholds.last ?? 30).map { warning in
            var notice = expiryNotice(warning)
            notice.mentions = mentioned([warning.holder, codes[warning.holder]])
            return notice
        }
    }

    private func expiryNotice(_ warning: ExpiryWarning) -> Notice {
        let number = Masking.displayValue(field: FieldName.certificateNumber, value: warning.certificateNumber,
                                          type: warning.type)
        let what = "\(name(warning.type)) \(number) \(warning.holder)"
        let link = link(to: warning.itemID)
        let key = [warning.level, warning.type.rawValue, warning.certificateNumber, warning.expiryDate.iso]
            .joined(separator: "|") + (warning.due == .review ? "|复审 \(warning.dueDate.iso)" : "")
        if warning.due == .review {
            return Notice(kind: warning.expiryLevel == .expired ? .lapsed : .expiring, key: key,
                          text: (warning.daysLeft < 0 ? "复审逾期：" : "复审将到期：")
                            + "\(what)，应于 \(warning.dueDate.iso) 前复审"
                            + (warning.daysLeft < 0 ? "（已过 \(-warning.daysLeft) 天）" : "（剩 \(warning.daysLeft) 天）") + link)
        }
        if warning.expiryLevel == .expired {
            return Notice(kind: .lapsed, key: key,
                          text: "已过期：\(what)，有效期至 \(warning.expiryDate.iso)（已过 \(-warning.daysLeft) 天）" + link)
        }
        return Notice(kind: .expiring, key: key,
                      text: "即将到期：\(what)，有效期至 \(warning.expiryDate.iso)（剩 \(warning.daysLeft) 天）" + link)
    }

    private func anomalyNotices(_ accepted: [ArchivedCertificate], asOf: PrintedDate) -> [Notice] {
        let lifecycles = CertificateLifecycle.of(accepted)
        return AnomalyFinder(register: register).anomalies(lifecycles, index: HolderIndex(accepted), asOf: asOf)
            .map { anomaly in
                let evidence = anomaly.evidence.compactMap(\.itemID).sorted().map(String.init).joined(separator: ",")
                let key = ["anomaly", anomaly.rule, anomaly.holder.kind.rawValue, anomaly.holder.key, evidence].joined(separator: "|")
                var notice = Notice(kind: .anomaly, key: key,
                                    text: Masking.redactingIDNumbers(in: "异常（\(anomaly.chineseTitle)）：\(anomaly.chinese)"))
                notice.mentions = mentioned([anomaly.holderName, anomaly.holder.key])
                return notice
            }
    }

    private func backlogNotices(_ records: [ArchivedCertificate], asOf: PrintedDate) -> [Notice] {
        let waiting = records.filter { $0.status == .review }.count
        guard let backlogThreshold, waiting > backlogThreshold else { return [] }
        return [Notice(kind: .backlog, key: "backlog|\(asOf.iso)",
                       text: "待审核积压：\(waiting) 项等待审核（超过 \(backlogThreshold) 项）")]
    }

    private func name(_ type: DocumentType) -> String { typeNames[type] ?? type.rawValue }

    /// ` 查看：https://…/items/12`, or nothing without a desk address or an item.
    private func link(to item: Int64?) -> String {
        guard let deskURL, let item else { return "" }
        let base = deskURL.hasSuffix("/") ? String(deskURL.dropLast()) : deskURL
        return " 查看：\(base)/items/\(item)"
    }
}
