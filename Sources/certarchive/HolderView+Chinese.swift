import Compliance
import Foundation
import IngestCore

extension HolderView {
    /// A holder's standing in Chinese: who, what it holds, its 安管人员, what is missing and what expires.
    func chineseText(_ standing: HolderStanding) -> String {
        var lines = ["\(standing.names.joined(separator: " / ")) — \(chineseIdentity(standing))"]
        if !standing.employers.isEmpty {
            lines.append("聘用单位（现行安管人员证书）：" + standing.employers.map { index.name(of: $0) }.joined(separator: "、"))
        }
        lines.append("持有：")
        lines += standing.held.isEmpty ? ["  无"] : standing.held.map { chineseLine($0, person: false) }
        if standing.holder.kind == .company {
            lines.append("安管人员（写明本单位的安管人员证书）：")
            lines += standing.staff.isEmpty ? ["  无"] : standing.staff.map { chineseLine($0, person: true) }
        }
        if !standing.missing.isEmpty {
            lines.append("缺少：")
            lines += standing.missing.map { "  " + chineseMissing($0) }
        }
        if !standing.warnings.isEmpty {
            lines.append("到期提醒：")
            lines += standing.warnings.map { w in
                "  \(ExpiryFormat.levelName(w))  \(certificates.typeName(w.type))  "
                    + "\(certificates.shown(FieldName.certificateNumber, w.certificateNumber, w.type))  \(w.holder)  "
                    + "\(w.expiryDate.iso)（\(w.daysLeft < 0 ? "已过 \(-w.daysLeft) 天" : "还有 \(w.daysLeft) 天")）"
            }
        }
        return lines.joined(separator: "\n")
    }

    func chineseIdentity(_ standing: HolderStanding) -> String {
        let holder = standing.holder
        switch holder.kind {
        case .company:
            return holder.isNameOnly ? "单位（档案中没有其统一社会信用代码）" : "单位，统一社会信用代码 \(holder.key)"
        case .person:
            switch holder.known {
            case .nameOnly: return "个人（档案中没有其身份证号）"
            case .encryptedNumber: return "个人，身份证号已加密（提供档案密钥可见）"
            case let .number(id): return "个人，身份证号 \(certificates.shown(FieldName.idNumber, id, .safetyAssessment))"
            }
        }
    }

    func chineseMissing(_ item: HolderStanding.Missing) -> String {
        switch item {
        case let .certificate(type): return "档案中没有\(certificates.typeName(type))"
        case let .expiredCertificate(type, number, on):
            return "\(certificates.typeName(type)) \(certificates.shown(FieldName.certificateNumber, number, type)) 已于 \(on.iso) 过期"
        case let .safetyStaff(category): return "没有写明本单位的现行安管人员 \(category) 证"
        }
    }

    func chineseLine(_ lifecycle: CertificateLifecycle, person: Bool) -> String {
        let record = lifecycle.current.record
        let type = lifecycle.key.type
        var cells = [certificates.typeName(type), certificates.shown(FieldName.certificateNumber, lifecycle.key.number, type)]
        if person {
            let person = record.personID.map { HolderID(kind: .person, key: $0).maskedKey } ?? "无身份证号"
            cells.append("\(record.holder ?? "")（\(person)）")
        } else if let company = record.fields[FieldName.company] {
            cells.append(company)
        }
        cells.append(lifecycle.current.expiryDate.map { "有效期至 \($0)" } ?? "发证 \(lifecycle.current.issueDate ?? "?")")
        if let standing = certificates.chineseStanding(lifecycle.current) { cells.append(standing) }
        if lifecycle.versions.count > 1 { cells.append("共 \(lifecycle.versions.count) 个版本") }
        return "  " + cells.joined(separator: "  ")
    }
}
