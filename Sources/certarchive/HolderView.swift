import Compliance
import Foundation
import IngestCore

/// A holder's standing for people (text) and scripts (JSON).
struct HolderView {
    var certificates: CertificateView
    var index: HolderIndex

    func identity(_ standing: HolderStanding) -> String {
        let holder = standing.holder
        switch holder.kind {
        case .company:
            return holder.isNameOnly ? "company (no credit code in the archive)" : "company, credit code \(holder.key)"
        case .person:
            switch holder.known {
            case .nameOnly: return "person (no ID number in the archive)"
            case .encryptedNumber: return "person, ID number encrypted (give the archive's key to see it)"
            case let .number(id): return "person, ID number \(certificates.shown(FieldName.idNumber, id, .safetyAssessment))"
            }
        }
    }

    func missing(_ item: HolderStanding.Missing) -> String {
        switch item {
        case let .certificate(type): return "no \(certificates.typeName(type)) (\(type.rawValue)) in the archive"
        case let .expiredCertificate(type, number, on):
            return "\(certificates.typeName(type)) \(certificates.shown(FieldName.certificateNumber, number, type)) expired on \(on.iso)"
        case let .safetyStaff(category): return "no current 安管人员 \(category) certificate names the company"
        }
    }

    func line(_ lifecycle: CertificateLifecycle, person: Bool) -> String {
        let record = lifecycle.current.record
        let type = lifecycle.key.type
        var cells = [type.rawValue, certificates.shown(FieldName.certificateNumber, lifecycle.key.number, type)]
        if person {
            let person = record.personID.map { HolderID(kind: .person, key: $0).maskedKey } ?? "no ID number"
            cells.append("\(record.holder ?? "") (\(person))")
        } else if let company = record.fields[FieldName.company] {
            cells.append(company)
        }
        cells.append(lifecycle.current.expiryDate.map { "valid until \($0)" } ?? "issued \(lifecycle.current.issueDate ?? "?")")
        if let standing = certificates.standing(lifecycle.current) { cells.append(standing) }
        if lifecycle.versions.count > 1 { cells.append("\(lifecycle.versions.count) versions") }
        return "  " + cells.joined(separator: "  ")
    }

    func text(_ standing: HolderStanding) -> String {
        guard !certificates.words.chinese else { return chineseText(standing) }
        var lines = ["\(standing.names.joined(separator: " / ")) — \(identity(standing))"]
        if !standing.employers.isEmpty {
            lines.append("works for (current 安管人员 certificates): " + standing.employers.map { index.name(of: $0) }.joined(separator: ", "))
        }
        lines.append("holds:")
        lines += standing.held.isEmpty ? ["  nothing"] : standing.held.map { line($0, person: false) }
        if standing.holder.kind == .company {
            lines.append("safety staff (安管人员 certificates naming the company):")
            lines += standing.staff.isEmpty ? ["  none"] : standing.staff.map { line($0, person: true) }
        }
        if !standing.missing.isEmpty {
            lines.append("missing:")
            lines += standing.missing.map { "  " + missing($0) }
        }
        if !standing.warnings.isEmpty {
            lines.append("expiring:")
            lines += standing.warnings.map { w in
                "  \(w.level)  \(w.type.rawValue)  \(certificates.shown(FieldName.certificateNumber, w.certificateNumber, w.type))"
                    + "  \(w.holder)  \(w.expiryDate.iso) (\(w.daysLeft < 0 ? "\(-w.daysLeft) days ago" : "\(w.daysLeft) days left"))"
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
            ("missing", .array(standing.missing.map { .string(missing($0)) })),
            ("expiring", .array(standing.warnings.map { ExpiryFormat.json($0) })),
        ])
    }
}
