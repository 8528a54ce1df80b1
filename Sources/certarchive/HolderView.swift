import Compliance
import Foundation
import IngestCore

/// A holder's standing for people (text) and scripts (JSON).
struct HolderView {
    var certificates: CertificateView
    var index: HolderIndex

    /// The command line's words (Chinese unless English is asked for).
    var words: TerminalWords { certificates.words }

    func identity(_ standing: HolderStanding) -> String {
        let holder = standing.holder, w = words
        switch holder.kind {
        case .company:
            return holder.isNameOnly ? w.pick("单位（档案中没有其统一社会信用代码）", "company (no credit code in the archive)")
                : w.pick("单位，统一社会信用代码 \(holder.key)", "company, credit code \(holder.key)")
        case .person:
            switch holder.known {
            case .nameOnly: return w.pick("个人（档案中没有其身份证号）", "person (no ID number in the archive)")
            case .encryptedNumber:
                return w.pick("个人，身份证号已加密（提供档案密钥可见）", "person, ID number encrypted (give the archive's key to see it)")
            case let .number(id):
                let shown = certificates.shown(FieldName.idNumber, id, .safetyAssessment)
                return w.pick("个人，身份证号 \(shown)", "person, ID number \(shown)")
            }
        }
    }

    /// What a holder lacks, in `chinese` or in English (the JSON's words whatever the terminal's).
    func missing(_ item: HolderStanding.Missing, chinese: Bool) -> String {
        switch item {
        case let .certificate(type):
            return chinese ? "档案中没有\(certificates.typeName(type))" : "no \(certificates.typeName(type)) (\(type.rawValue)) in the archive"
        case let .expiredCertificate(type, number, on):
            let shown = "\(certificates.typeName(type)) \(certificates.shown(FieldName.certificateNumber, number, type))"
            return chinese ? "\(shown) 已于 \(on.iso) 过期" : "\(shown) expired on \(on.iso)"
        case let .safetyStaff(category):
            return chinese ? "没有写明本单位的现行安管人员 \(category) 证" : "no current 安管人员 \(category) certificate names the company"
        }
    }

    func line(_ lifecycle: CertificateLifecycle, person: Bool) -> String {
        let record = lifecycle.current.record, w = words
        let type = lifecycle.key.type
        var cells = [w.pick(certificates.typeName(type), type.rawValue),
                     certificates.shown(FieldName.certificateNumber, lifecycle.key.number, type)]
        if person {
            let person = record.personID.map { HolderID(kind: .person, key: $0).maskedKey } ?? w.pick("无身份证号", "no ID number")
            cells.append(w.pick("\(record.holder ?? "")（\(person)）", "\(record.holder ?? "") (\(person))"))
        } else if let company = record.fields[FieldName.company] {
            cells.append(company)
        }
        cells.append(lifecycle.current.expiryDate.map { w.pick("有效期至 \($0)", "valid until \($0)") }
            ?? w.pick("发证 \(lifecycle.current.issueDate ?? "?")", "issued \(lifecycle.current.issueDate ?? "?")"))
        if let standing = certificates.standing(lifecycle.current) { cells.append(standing) }
        if lifecycle.versions.count > 1 { cells.append(w.pick("共 \(lifecycle.versions.count) 个版本", "\(lifecycle.versions.count) versions")) }
        return "  " + cells.joined(separator: "  ")
    }

    func text(_ standing: HolderStanding) -> String {
        let w = words
        let none = w.pick("  无", "  none")
        var lines = ["\(standing.names.joined(separator: " / ")) — \(identity(standing))"]
        if !standing.employers.isEmpty {
            lines.append(w.pick("聘用单位（现行安管人员证书）：", "works for (current 安管人员 certificates): ")
                + standing.employers.map { index.name(of: $0) }.joined(separator: w.pick("、", ", ")))
        }
        lines.append(w.pick("持有：", "holds:"))
        lines += standing.held.isEmpty ? [w.pick("  无", "  nothing")] : standing.held.map { line($0, person: false) }
        if standing.holder.kind == .company {
            lines.append(w.pick("安管人员（写明本单位的安管人员证书）：", "safety staff (安管人员 certificates naming the company):"))
            lines += standing.staff.isEmpty ? [none] : standing.staff.map { line($0, person: true) }
        }
        if !standing.missing.isEmpty {
            lines.append(w.pick("缺少：", "missing:"))
            lines += standing.missing.map { "  " + missing($0, chinese: w.chinese) }
        }
        if !standing.warnings.isEmpty {
            lines.append(w.pick("到期提醒：", "expiring:"))
            lines += standing.warnings.map { warning in
                let number = certificates.shown(FieldName.certificateNumber, warning.certificateNumber, warning.type)
                let days = warning.daysLeft
                return w.pick("  \(ExpiryFormat.levelName(warning))  \(certificates.typeName(warning.type))  \(number)  \(warning.holder)  "
                                + "\(warning.expiryDate.iso)（\(days < 0 ? "已过 \(-days) 天" : "还有 \(days) 天")）",
                              "  \(warning.level)  \(warning.type.rawValue)  \(number)"
                                + "  \(warning.holder)  \(warning.expiryDate.iso) (\(days < 0 ? "\(-days) days ago" : "\(days) days left"))")
            }
        }
        return lines.joined(separator: "\n")
    }

    func json(_ standing: HolderStanding) -> OrderedJSON {
        let holder = standing.holder
        let key = switch holder.known {
        case .encryptedNumber, .nameOnly: ""
        case let .number(number): holder.kind == .person ? certificates.shown(FieldName.idNumber, number, .safetyAssessment) : number
        }
        func certificate(_ lifecycle: CertificateLifecycle) -> OrderedJSON {
            let record = lifecycle.current.record
            return .object([
                ("type", .string(lifecycle.key.type.rawValue)),
                ("certificate_number", .string(certificates.shown(FieldName.certificateNumber, lifecycle.key.number, lifecycle.key.type))),
                ("holder", .optional(record.holder)),
                ("company", .optional(record.fields[FieldName.company])),
                ("issue_date", .optional(lifecycle.current.issueDate)),
                ("expiry_date", .optional(lifecycle.current.expiryDate)),
                ("days_left", certificates.expiry.warning(for: lifecycle.current, asOf: certificates.asOf).map { .int($0.daysLeft) } ?? .null),
                ("versions", .int(lifecycle.versions.count)),
            ])
        }
        return .object([
            ("kind", .string(holder.kind.rawValue)),
            ("id", .string(key)),
            ("names", .array(standing.names.map(OrderedJSON.string))),
            ("employers", .array(standing.employers.map { .string(index.name(of: $0)) })),
            ("holds", .array(standing.held.map(certificate))),
            ("safety_staff", .array(standing.staff.map(certificate))),
            ("missing", .array(standing.missing.map { .string(missing($0, chinese: false)) })),
            ("expiring", .array(standing.warnings.map { ExpiryFormat.json($0) })),
        ])
    }
}
