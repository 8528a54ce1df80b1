import IngestCore

/// Checks an item's fields against the rule set. Failures are data (`[Problem]`), each naming its field and
/// saying why in plain words; any problem sends the item to review. An expired certificate is still a valid
/// record: it is flagged, not rejected.
public struct Validator: @unchecked Sendable {  // Regex values are immutable after init; matching is thread-safe.
    public let rules: RuleSet
    private let formats: [DocumentType: [(format: RuleSet.NumberFormat, regex: Regex<AnyRegexOutput>)]]
    /// Shapes of the other fields per type: the rule set's general ones overridden by the type's own.
    private let fieldShapes: [DocumentType: [String: (format: RuleSet.FieldFormat, regex: Regex<AnyRegexOutput>)]]

    public init(rules: RuleSet) throws {
        self.rules = rules
        var formats: [DocumentType: [(RuleSet.NumberFormat, Regex<AnyRegexOutput>)]] = [:]
        var shapes: [DocumentType: [String: (RuleSet.FieldFormat, Regex<AnyRegexOutput>)]] = [:]
        for (name, typeRules) in rules.types {
            guard let type = DocumentType(rawValue: name) else { continue }
            formats[type] = try typeRules.numberFormats.map { ($0, try rules.compiled($0)) }
            let merged = rules.fieldFormats.merging(typeRules.fieldFormats ?? [:]) { _, own in own }
            shapes[type] = try merged.mapValues { ($0, try Regex($0.pattern)) }
        }
        self.formats = formats
        self.fieldShapes = shapes
    }

    /// What the rules found in one certificate's fields: its problems, and flags such as `expired`.
    public struct RuleFindings: Sendable {
        public var problems: [Problem]
        public var flags: [String]
    }

    public func validate(type: DocumentType, fields: [String: ExtractedField], asOf: PrintedDate) -> RuleFindings {
        guard type != .unknown else {
            return RuleFindings(problems: [Problem(rule: "type.unknown", field: nil,
                                              message: "the page does not look like any known certificate type")],
                           flags: [])
        }
        var problems: [Problem] = []
        let values = fields.mapValues(\.value)
        let typeRules = rules.rules(for: type)
        for name in typeRules?.required ?? [] where values[name] == nil {
            problems.append(Problem(rule: "\(name).missing", field: name, message: "no \(name) was found on the page"))
        }
        problems += numberProblems(type: type, values: values, typeRules: typeRules)
        for (name, shape) in (fieldShapes[type] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let value = values[name], (try? shape.regex.wholeMatch(in: value)) == nil else { continue }
            problems.append(Problem(rule: "\(name).format", field: name,
                                    message: "'\(value)' does not look like \(shape.format.description)"))
        }
        if type.holderIsAPerson, let holder = values[FieldName.holder], isSurnameAlone(holder) {
            problems.append(Problem(rule: "holder.incomplete", field: FieldName.holder,
                                    message: "'\(holder)' is a surname alone: the given name is not read (a seal, a "
                                        + "fold or the edge may hide it), so check it against the page"))
        }
        if let issuer = values[FieldName.issuer], !rules.issuingAuthorities.isEmpty,
           !rules.issuingAuthorities.contains(issuer), !problems.contains(where: { $0.rule == "issuer.format" }) {
            problems.append(Problem(rule: "issuer.unknown_authority", field: FieldName.issuer,
                                    message: "'\(issuer)' is not a known issuing authority (if it is one, add it to "
                                        + "a file listed under issuing_authorities in pipelines/rules.yaml)"))
        }
        if let catalogue = typeRules?.operationCatalogue {
            problems += catalogue.problems(category: values[FieldName.operationCategory], item: values[FieldName.operationItem])
        }
        if let code = values[FieldName.creditCode] { problems += creditCodeProblems(code) }
        if let id = values[FieldName.idNumber] { problems += idNumberProblems(id, field: FieldName.idNumber) }
        let (dateProblems, dates) = dateChecks(values, asOf: asOf)
        problems += dateProblems
        if let validity = typeRules?.validity, let issue = dates[FieldName.issueDate],
           let expiry = dates[FieldName.expiryDate], issue <= expiry {
            problems += validityProblems(issue: issue, expiry: expiry, validity: validity, typeName: typeRules?.name ?? "")
        }
        for name in rules.keyFields {
            guard let field = fields[name] else { continue }
            let confirmed = (field.agreeingReadings ?? 1) >= rules.confirmingReadings
            let needed = confirmed ? rules.confirmedMinimumConfidence : rules.minimumConfidence
            guard field.confidence < needed else { continue }
            let how = confirmed ? "read alike \(field.agreeingReadings ?? 1) times" : "read"
            problems.append(Problem(rule: "\(name).low_confidence", field: name,
                                    message: "\(how) with \(Int(field.confidence))% confidence, "
                                        + "below the \(Int(needed))% needed to accept it unseen"))
        }
        var flags: [String] = []
        if let expiry = dates[FieldName.expiryDate], expiry < asOf { flags.append("expired") }
        return RuleFindings(problems: problems, flags: flags)
    }

    /// Names holding a character the recogniser is known to read in place of another (`<field>.confusable_character`),
    /// unless another engine read the same name (`ConfusableCharacters.applies(toValueReadBy:)`).
    /// Not a rule `passes(_:for:among:type:asOf:)` applies: among readings that disagree, one without such a
    /// character is no surer (鼎 is read as 易 and as 见 alike), so this is checked on the value decided.
    public func confusableCharacterProblems(_ fields: [String: ExtractedField]) -> [Problem] {
        let table = rules.confusableCharacters
        return table.fields.compactMap { name -> Problem? in
            guard let field = fields[name], table.applies(toValueReadBy: field.readers) else { return nil }
            let value = field.value
            let suspects = table.suspects(in: value, minimumSightings: rules.confusableMinimumSightings ?? 1)
            guard !suspects.isEmpty else { return nil }
            let said = suspects.map { suspect in
                let originals = suspect.for.filter { !$0.isEmpty }.map { "'\($0)'" }
                let inserted = suspect.for.contains("") ? ["where there is no character"] : []
                return "'\(suspect.read)' (read for \((originals + inserted).joined(separator: " or ")))"
            }
            return Problem(rule: "\(name).confusable_character", field: name,
                           message: "'\(value)' holds \(said.joined(separator: ", ")): the recogniser makes that "
                               + "misreading alike at every scale, so check it against the page")
        }
    }

    /// Whether a person's name is only a surname: one Han character, or a compound surname (上官, 欧阳) alone.
    func isSurnameAlone(_ name: String) -> Bool {
        (name.count == 1 && name.unicodeScalars.allSatisfy { $0.properties.isIdeographic })
            || rules.compoundSurnames.contains(name)
    }

    /// Whether `value` in field `name`, beside the page's other fields, would break no rule about that field
    /// (confidence aside): how a second reading is told from a misreading.
    public func passes(_ value: String, for name: String, among fields: [String: ExtractedField],
                       type: DocumentType, asOf: PrintedDate) -> Bool {
        var candidate = fields
        candidate[name] = ExtractedField(value: value, raw: value, confidence: 100)
        return !validate(type: type, fields: candidate, asOf: asOf).problems.contains { $0.field == name }
    }

    // MARK: certificate number

    private func numberProblems(type: DocumentType, values: [String: String], typeRules: RuleSet.TypeRules?)
        -> [Problem] {
        guard let number = values[FieldName.certificateNumber], let typeRules else { return [] }
        let shown = Masking.displayValue(field: FieldName.certificateNumber, value: number, type: type)
        let candidates = formats[type] ?? []
        var problems: [Problem] = []
        if !candidates.isEmpty {
            guard let match = candidates.lazy.compactMap({ c in (try? c.regex.wholeMatch(in: number)).flatMap { $0 } })
                .first else {
                let expected = candidates.map(\.format.description).joined(separator: " or ")
                return [Problem(rule: "certificate_number.format", field: FieldName.certificateNumber,
                                message: "'\(shown)' is not a \(typeRules.name) number: expected \(expected)")]
            }
            if typeRules.numberProvinceMatchesIssuer == true, let issuer = values[FieldName.issuer],
               let province = match.output["province"]?.substring.map(String.init),
               let issuerProvince = provinceNamed(in: issuer), !(rules.provinces[province] ?? []).contains(issuerProvince) {
                problems.append(Problem(rule: "certificate_number.province", field: FieldName.certificateNumber,
                                        message: "the number is from province \(province) but the issuer "
                                            + "\(issuer) is in \(issuerProvince)"))
            }
        }
        if typeRules.numberIsTPlusIDNumber == true {
            if let id = values[FieldName.idNumber] {
                if number != SpecialOperationNumber.number(forIDNumber: id) {
                    problems.append(Problem(rule: "certificate_number.id_mismatch", field: FieldName.certificateNumber,
                                            message: "the number should be T followed by the holder's ID number "
                                                + "\(Masking.mask(id)), but it is \(shown)"))
                }
            } else if let id = SpecialOperationNumber.idNumber(in: number) {
                problems += idNumberProblems(id, field: FieldName.certificateNumber)
            }
        }
        return problems
    }

    /// Where in `number` its province abbreviation stands when the rules prove that character: the issuer is a
    /// known authority and lies in that province (辽 for 辽宁省住房和城乡建设厅). A reading that differs from
    /// `number` only there misread a character the rules vouch for, and otherwise agrees.
    public func provinceProvenByIssuer(_ number: String, type: DocumentType, issuer: String?) -> Range<String.Index>? {
        guard let issuer, rules.issuingAuthorities.contains(issuer),
              rules.rules(for: type)?.numberProvinceMatchesIssuer == true,
              let issuerProvince = provinceNamed(in: issuer) else { return nil }
        let province = provinceAbbreviations(in: number, type: type)
            .first { (rules.provinces[String($0)] ?? []).contains(issuerProvince) }
        return province.map { $0.startIndex..<$0.endIndex }
    }

    /// The names of the province a certificate number of `type` begins with (湖北 for 鄂建安A…), when the rules say
    /// such a number's issuer lies in its province; nil otherwise.
    public func issuerProvinceNames(forNumber number: String, type: DocumentType) -> [String]? {
        guard rules.rules(for: type)?.numberProvinceMatchesIssuer == true,
              let province = provinceAbbreviations(in: number, type: type).first else { return nil }
        return rules.provinces[String(province)]
    }

    /// The province abbreviation of `number` as each of its type's formats that it matches reads it.
    private func provinceAbbreviations(in number: String, type: DocumentType) -> [Substring] {
        (formats[type] ?? []).compactMap { candidate in
            (try? candidate.regex.wholeMatch(in: number))?.output["province"]?.substring
        }
    }

    /// The province name the issuer starts with (四川 for 四川省住房和城乡建设厅), if any (national bodies have
    /// none). Compared by name: a province has two abbreviations in numbers (川 and 蜀 are both 四川).
    private func provinceNamed(in issuer: String) -> String? {
        Set(rules.provinces.values.joined()).filter(issuer.hasPrefix).max { $0.count < $1.count }
    }

    // MARK: registration numbers

    private func creditCodeProblems(_ code: String) -> [Problem] {
        let field = FieldName.creditCode
        guard CheckDigits.hasCreditCodeShape(code) else {
            return [Problem(rule: "credit_code.format", field: field,
                            message: "'\(code)' is not 18 characters of digits and capitals without I, O, S, V, Z")]
        }
        guard let check = CheckDigits.creditCodeCheckCharacter(String(code.prefix(17))), check == code.last else {
            let expected = CheckDigits.creditCodeCheckCharacter(String(code.prefix(17))).map(String.init) ?? "?"
            return [Problem(rule: "credit_code.checksum", field: field,
                            message: "check character is \(code.last.map(String.init) ?? "") but GB 32100 gives "
                                + "\(expected): a character is misread, or the code is not genuine")]
        }
        return []
    }

    private func idNumberProblems(_ id: String, field: String) -> [Problem] {
        let shown = Masking.mask(id)
        guard id.count == 18, id.prefix(17).allSatisfy(\.isASCII), id.prefix(17).allSatisfy(\.isNumber),
              id.last.map({ $0.isNumber || $0 == "X" }) == true else {
            return [Problem(rule: "\(field == FieldName.idNumber ? "id_number" : field).format", field: field,
                            message: "'\(shown)' is not an ID number of 17 digits and a check character")]
        }
        var problems: [Problem] = []
        let rule = field == FieldName.idNumber ? "id_number" : "\(field).id_number"
        if !CheckDigits.isValidIDNumber(id) {
            problems.append(Problem(rule: "\(rule).checksum", field: field,
                                    message: "the ID number \(shown) fails its GB 11643 check digit"))
        }
        let digits = Array(id)
        let birth = PrintedDate(year: Int(String(digits[6..<10])) ?? 0, month: Int(String(digits[10..<12])) ?? 0,
                                day: Int(String(digits[12..<14])) ?? 0)
        if !birth.isReal || birth.year < 1900 {
            problems.append(Problem(rule: "\(rule).birth_date", field: field,
                                    message: "the ID number \(shown) holds no real birth date"))
        }
        return problems
    }

    // MARK: dates

    /// A period from issue to expiry that does not fit the type's validity (a misread year, or not genuine).
    private func validityProblems(issue: PrintedDate, expiry: PrintedDate, validity: RuleSet.Validity,
                                  typeName: String) -> [Problem] {
        let expected = issue.adding(years: validity.years).adding(days: -1)
        let off = expected.days(until: expiry)
        let tooShort = off < -validity.toleranceDays && validity.shorterAllowed != true
        guard off > validity.toleranceDays || tooShort else { return [] }
        return [Problem(rule: "expiry_date.validity_period", field: FieldName.expiryDate,
                        message: "valid from \(issue.iso) to \(expiry.iso), \(tooShort ? "shorter" : "longer") than the "
                            + "\(validity.years) years a \(typeName) is valid (it would expire about \(expected.iso))")]
    }

    private func dateChecks(_ values: [String: String], asOf: PrintedDate) -> ([Problem], [String: PrintedDate]) {
        var problems: [Problem] = []
        var dates: [String: PrintedDate] = [:]
        for name in rules.dateFields {
            guard let text = values[name] else { continue }
            guard let date = PrintedDate(iso: text) else {
                problems.append(Problem(rule: "\(name).format", field: name, message: "'\(text)' is not a date"))
                continue
            }
            guard date.isReal else {
                problems.append(Problem(rule: "\(name).real_date", field: name,
                                        message: "\(date.iso) is not a real calendar date"))
                continue
            }
            guard date.year >= rules.earliestYear else {
                problems.append(Problem(rule: "\(name).implausible", field: name,
                                        message: "\(date.iso) is before \(rules.earliestYear), earlier than any "
                                            + "certificate of these kinds"))
                continue
            }
            dates[name] = date
        }
        if let issue = dates[FieldName.issueDate] {
            if asOf < issue {
                problems.append(Problem(rule: "issue_date.future", field: FieldName.issueDate,
                                        message: "issue date \(issue.iso) is after today (\(asOf.iso))"))
            }
            if let expiry = dates[FieldName.expiryDate], expiry < issue {
                problems.append(Problem(rule: "expiry_date.after_issue", field: FieldName.expiryDate,
                                        message: "expiry date \(expiry.iso) is before issue date \(issue.iso)"))
            }
        }
        return (problems, dates)
    }
}
