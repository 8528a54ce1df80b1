import IngestCore

/// Something in the records that a qualification administrator must look into: signs of 挂证 (a person's
/// certificates tied to several companies), a number on two holders, a certificate older than its company.
public struct Anomaly: Sendable, Equatable {
    /// Stable id, e.g. `person.project_manager_at_several_companies`.
    public var rule: String
    /// Who it is about: the person or company.
    public var holder: HolderID
    /// The name records give the holder.
    public var holderName: String
    /// What was found, in plain words (no whole ID number).
    public var message: String
    /// The records involved, each with its scan.
    public var evidence: [ArchivedCertificate]
    /// The same finding in Chinese, as the desk and its printout show it.
    public var chinese: String = ""
}

extension Anomaly {
    /// What each kind of anomaly is called in Chinese, by its rule.
    public static let chineseTitles = [
        "certificate_number.several_holders": "同一证书编号出现在不同持证者名下",
        "person.project_manager_at_several_companies": "项目负责人同时在多家单位任职（疑似挂证）",
        "person.several_companies": "安管人员证书挂靠多家单位（疑似挂证）",
        "certificate.issued_before_company_existed": "发证日期早于单位成立日期",
    ]

    public var chineseTitle: String { Self.chineseTitles[rule] ?? rule }
}

/// Finds anomalies over the archive's accepted records.
public struct AnomalyFinder: Sendable {
    public var register: CompanyRegister?

    public init(register: CompanyRegister? = nil) {
        self.register = register
    }

    public func anomalies(_ lifecycles: [CertificateLifecycle], index: HolderIndex, asOf: PrintedDate) -> [Anomaly] {
        var found = severalHolders(lifecycles, index: index)
        found += personAnomalies(lifecycles, index: index, asOf: asOf)
        if let register { found += olderThanCompany(lifecycles, index: index, register: register) }
        return found
    }

    // MARK: one number, two holders

    /// The same certificate number (of one type) on records of different holders: a copied number, a forgery, or
    /// one holder misread.
    func severalHolders(_ lifecycles: [CertificateLifecycle], index: HolderIndex) -> [Anomaly] {
        lifecycles.compactMap { lifecycle in
            let records = lifecycle.versions.flatMap(\.records)
            var holders: [HolderID] = []
            for record in records { if let id = index.holder(of: record), !holders.contains(id) { holders.append(id) } }
            guard holders.count > 1 else { return nil }
            let names = holders.map { id in records.first { index.holder(of: $0) == id }?.holder ?? id.key }
            let number = Masking.displayValue(field: FieldName.certificateNumber, value: lifecycle.key.number,
                                              type: lifecycle.key.type)
            return Anomaly(rule: "certificate_number.several_holders", holder: holders[0], holderName: names[0],
                           message: "certificate number \(number) (\(lifecycle.key.type.rawValue)) is held by "
                               + "\(holders.count) different holders: \(names.joined(separator: ", "))",
                           evidence: records,
                           chinese: "证书编号 \(number) 出现在 \(holders.count) 个不同的持证者名下：\(names.joined(separator: "、"))")
        }
    }

    // MARK: 挂证

    /// A person's 安管人员 certificates tied to different companies: current ones naming several companies, and
    /// 项目负责人 (B) certificates at several companies in overlapping periods.
    func personAnomalies(_ lifecycles: [CertificateLifecycle], index: HolderIndex, asOf: PrintedDate) -> [Anomaly] {
        var byPerson: [HolderID: [(version: CertificateVersion, isCurrent: Bool)]] = [:]
        for lifecycle in lifecycles where lifecycle.key.type == .safetyAssessment {
            for (position, version) in lifecycle.versions.enumerated() {
                guard let person = index.holder(of: version.record), person.kind == .person,
                      !person.isNameOnly, index.employer(of: version.record) != nil else { continue }
                byPerson[person, default: []].append((version, position == lifecycle.versions.count - 1))
            }
        }
        var found: [Anomaly] = []
        for (person, seen) in byPerson.sorted(by: { $0.key < $1.key }) {
            let versions = seen.map(\.version)
            let name = versions[0].record.holder ?? ""
            let who = "\(name) (\(person.maskedKey))"
            let projectManager = overlappingProjectManager(versions, index: index)
            if !projectManager.isEmpty {
                let companies = distinctCompanies(projectManager, index: index)
                found.append(Anomaly(
                    rule: "person.project_manager_at_several_companies", holder: person, holderName: name,
                    message: "\(who) holds 项目负责人 (B) certificates at \(companies.count) companies in overlapping "
                        + "periods: \(companies.joined(separator: ", "))",
                    evidence: projectManager.map(\.record),
                    chinese: "\(name)（\(person.maskedKey)）在 \(companies.count) 家单位持有有效期重叠的项目负责人（B 类）证书："
                        + companies.joined(separator: "、")))
            }
            let current = seen.filter { $0.isCurrent && ($0.version.expiry.map { asOf <= $0 } ?? true) }.map(\.version)
            let companies = distinctCompanies(current, index: index)
            // Two current B certificates at two companies are the finding above already.
            let explained = current.allSatisfy { projectManager.contains($0) }
            if companies.count > 1, !explained {
                found.append(Anomaly(
                    rule: "person.several_companies", holder: person, holderName: name,
                    message: "\(who)'s current 安管人员 certificates name \(companies.count) companies: "
                        + "\(companies.joined(separator: ", ")); a person works for one",
                    evidence: current.map(\.record),
                    chinese: "\(name)（\(person.maskedKey)）的有效安管人员证书登记在 \(companies.count) 家单位："
                        + "\(companies.joined(separator: "、"))；一人只能在一家单位任职"))
            }
        }
        return found
    }

    /// B certificates of one person naming different companies whose validity periods overlap.
    private func overlappingProjectManager(_ versions: [CertificateVersion], index: HolderIndex) -> [CertificateVersion] {
        let b = versions.filter { $0.record.number.flatMap(safetyAssessmentCategory) == "B" }
        var involved: [CertificateVersion] = []
        for (i, one) in b.enumerated() {
            for other in b[(i + 1)...] where index.employer(of: one.record) != index.employer(of: other.record) {
                guard let s1 = one.issue, let e1 = one.expiry, let s2 = other.issue, let e2 = other.expiry,
                      s1 <= e2, s2 <= e1 else { continue }
                for version in [one, other] where !involved.contains(version) { involved.append(version) }
            }
        }
        return involved
    }

    private func distinctCompanies(_ versions: [CertificateVersion], index: HolderIndex) -> [String] {
        var ids: [HolderID] = []
        for version in versions {
            if let id = index.employer(of: version.record), !ids.contains(id) { ids.append(id) }
        }
        return ids.map { index.name(of: $0) }
    }

    // MARK: older than its company

    /// A certificate issued before its company (the holder, or a 安管人员's company) was registered.
    func olderThanCompany(_ lifecycles: [CertificateLifecycle], index: HolderIndex,
                          register: CompanyRegister) -> [Anomaly] {
        var found: [Anomaly] = []
        for lifecycle in lifecycles {
            for version in lifecycle.versions {
                let record = version.record
                guard let issued = version.issue else { continue }
                let company = HolderIndex.companyTypes.contains(record.type) ? index.holder(of: record) : index.employer(of: record)
                guard let company else { continue }
                let name = HolderIndex.companyTypes.contains(record.type) ? record.holder : record.fields[FieldName.company]
                let code = company.isNameOnly ? nil : company.key
                guard let entry = register.entry(creditCode: code, name: name), issued < entry.established else { continue }
                let number = Masking.displayValue(field: FieldName.certificateNumber, value: lifecycle.key.number,
                                                  type: lifecycle.key.type)
                found.append(Anomaly(
                    rule: "certificate.issued_before_company_existed", holder: company, holderName: entry.name,
                    message: "\(number) (\(record.type.rawValue)) was issued on \(issued.iso), before "
                        + "\(entry.name) was registered on \(entry.established.iso)",
                    evidence: version.records,
                    chinese: "\(number) 的发证日期 \(issued.iso) 早于 \(entry.name) 的成立日期 \(entry.established.iso)"))
            }
        }
        return found
    }
}
