import IngestCore

/// The domain-aware correction stage, after the readings are reconciled and before validation: where the domain
/// leaves no doubt, a misread value becomes the right one, and each change is recorded on the field (what was
/// read, what it became, why) for the archive, the export and reviewers.
public struct FieldCorrector: @unchecked Sendable {  // Regex values are immutable after init; matching is thread-safe.
    public let authorities: IssuingAuthorities
    /// The province abbreviations a certificate number may begin with (辽, 川, 鄂…).
    let provinces: Set<Character>
    /// Every type's certificate number formats: a repair is made only when it gives a number of one of them.
    let numberFormats: [Regex<AnyRegexOutput>]

    public init(authorities: IssuingAuthorities, provinces: Set<Character> = [], numberFormats: [Regex<AnyRegexOutput>] = []) {
        self.authorities = authorities
        self.provinces = provinces
        self.numberFormats = numberFormats
    }

    /// The corrections the rule set's authorities, provinces and number formats call for.
    public init(rules: RuleSet) {
        // RuleSet.load has compiled every format already: none fails here.
        let formats = rules.types.values.flatMap { $0.numberFormats.compactMap { try? rules.compiled($0) } }
        self.init(authorities: rules.issuingAuthorities, provinces: Set(rules.provinces.keys.compactMap(\.first)),
                  numberFormats: formats)
    }

    public func correct(_ fields: inout [String: ExtractedField]) {
        for name in [FieldName.issuer, FieldName.certificateNumber, FieldName.qualification] { correct(name, in: &fields) }
        recordCreditCodeLookalikes(&fields)
    }

    private func correct(_ name: String, in fields: inout [String: ExtractedField]) {
        guard var field = fields[name], let correction = correction(of: field.value, field: name) else { return }
        field.corrections = (field.corrections ?? []) + [correction]
        field.value = correction.to
        fields[name] = field
    }

    /// The correction a single reading of field `name` calls for, if any: applied to every reading before they are
    /// reconciled, so that readings misread in different characters agree.
    /// `issuerProvince`: the province the number names for its issuer (`Validator.issuerProvinceNames`), which
    /// tells apart authorities an issuer is equally near.
    public func correction(of value: String, field name: String, issuerProvince: [String]? = nil) -> FieldCorrection? {
        switch name {
        case FieldName.issuer: return issuerCorrection(of: value, inProvince: issuerProvince)
        case FieldName.certificateNumber:
            // Only a number of no known format is repaired, and only into one of a known format.
            guard !numberFormats.isEmpty, !matchesAFormat(value) else { return nil }
            return provinceBracketCorrection(of: value) ?? bracketShapeCorrection(of: value)
                ?? strayCharactersCorrection(of: value)
        case FieldName.qualification: return gradeCorrection(of: value)
        default: return nil
        }
    }

    /// A number of no known format that begins with its province in brackets, `(川)JZ…`, read with a bracket as other
    /// marks or letters (`[J川JZ…`, `1川)JZ…`) or not at all (`川JZ…`): put right when the brackets put back make it
    /// a number of a known format. A province is never made up: the character read must be one.
    private func provinceBracketCorrection(of value: String) -> FieldCorrection? {
        let characters = Array(value)
        for prefixLength in 0...min(3, max(0, characters.count - 2)) {
            let prefix = characters[..<prefixLength], province = characters[prefixLength]
            guard prefix.allSatisfy(Self.openingBracketLookalikes.contains) else { break }
            guard provinces.contains(province) else { continue }
            let rest = characters[(prefixLength + 1)...]
            // The closing bracket read as a mark or letter, or lost: both are tried (`J` may begin `JZ`).
            var tails = [rest]
            if let first = rest.first, Self.closingBracketLookalikes.contains(first) { tails.insert(rest.dropFirst(), at: 0) }
            for tail in tails {
                let repaired = "(\(province))" + String(tail)
                guard repaired != value, matchesAFormat(repaired) else { continue }
                let read = String(characters[..<(prefixLength + 1 + rest.count - tail.count)])
                return FieldCorrection(from: value, to: repaired,
                                       reason: "a number's province stands in brackets: '\(read)' is '(\(province))' "
                                           + "with its brackets misread, and only so is it a number of a known format")
            }
        }
        return nil
    }

    /// A number of no known format whose brackets are of another shape than its format prints (`[2020」` for
    /// `(2020)`: one engine reads a round bracket square, or a corner bracket): put right when exactly one choice
    /// of shapes makes it a number of a known format. Only the brackets change.
    private func bracketShapeCorrection(of value: String) -> FieldCorrection? {
        let characters = Array(value)
        let positions = characters.indices.filter {
            Self.openingShapes.contains(characters[$0]) || Self.closingShapes.contains(characters[$0])
        }
        guard !positions.isEmpty, positions.count <= 4 else { return nil }
        var found: [String] = []
        for choice in 0..<(1 << positions.count) {
            var candidate = characters
            for (bit, position) in positions.enumerated() {
                let round = choice & (1 << bit) == 0
                candidate[position] = Self.openingShapes.contains(characters[position]) ? (round ? "(" : "[") : (round ? ")" : "]")
            }
            let text = String(candidate)
            if text != value, matchesAFormat(text), !found.contains(text) { found.append(text) }
        }
        guard found.count == 1, let corrected = found.first else { return nil }
        return FieldCorrection(from: value, to: corrected,
                               reason: "its brackets are of another shape than a number of its format prints: "
                                   + "only as '\(corrected)' is it a number of a known format")
    }
    /// A number of no known format that is one of a known format with a character or two read before it (a
    /// label's colon read as `了`, a speck) or a mark after it: the number without them, when exactly one
    /// choice gives a number of a known format. A letter or digit after it is never dropped, nor a digit before
    /// its digits: it may be the number's own, misread.
    private func strayCharactersCorrection(of value: String) -> FieldCorrection? {
        let characters = Array(value)
        guard characters.count > 4 else { return nil }
        var found: Set<String> = []
        for leading in 0...2 {
            for trailing in 0...1 where leading + trailing > 0 {
                guard trailing == 0 || !characters[characters.count - 1].isASCIIAlphanumeric else { continue }
                // Nor is a run of digits cut: its first digit may be the number's own.
                guard leading == 0 || !(characters[leading - 1].isASCII && characters[leading - 1].isNumber
                                        && characters[leading].isNumber) else { continue }
                let text = String(characters[leading..<(characters.count - trailing)])
                if matchesAFormat(text) { found.insert(text) }
            }
        }
        guard found.count == 1, let corrected = found.first else { return nil }
        return FieldCorrection(from: value, to: corrected,
                               reason: "marks read before or after the number: only as '\(corrected)' is it a "
                                   + "number of a known format")
    }

    private static let openingShapes: Set<Character> = ["(", "[", "{", "【", "〔", "［", "〖", "「", "（"]
    private static let closingShapes: Set<Character> = [")", "]", "}", "】", "〕", "］", "〗", "」", "）"]

    private func matchesAFormat(_ value: String) -> Bool {
        numberFormats.contains { (try? $0.wholeMatch(in: value)) != nil }
    }

    /// What brackets are read as beside a province: a bracket of any shape, or its stroke as a letter or digit.
    private static let strokeLookalikes: Set<Character> = ["J", "I", "l", "1", "|", "/", "\\"]
    private static let openingBracketLookalikes = openingShapes.union(strokeLookalikes).union(["<", "C", "c", "t"])
    private static let closingBracketLookalikes = closingShapes.union(strokeLookalikes).union([">"])

    /// An issuer that is no known authority but within a few characters of exactly one becomes that one
    /// (沈阳市和乎区住房和城乡建设局 → 沈阳市和平区住房和城乡建设局). Ties and far-off readings stay for review.
    private func issuerCorrection(of value: String, inProvince: [String]?) -> FieldCorrection? {
        guard !authorities.isEmpty, !authorities.contains(value),
              let match = authorities.nearest(to: value, inProvince: inProvince), match.isUnique,
              // A name cut short at its line's end (辽宁省住房和城乡建设 for …建设厅) is not proven by the nearest name:
              // the page does not show the rest, so it stays as read, and unknown.
              !(match.name.count > value.count && match.name.hasPrefix(value)) else { return nil }
        if match.completesTail {
            return FieldCorrection(from: value, to: match.name,
                                   reason: "no issuing authority is named '\(value)'; '\(match.name)' is the only one "
                                       + "whose name ends so (its first part was not read)")
        }
        let differ = match.distance == 1 ? "one character differs" : "\(match.distance) characters differ"
        return FieldCorrection(from: value, to: match.name,
                               reason: "no issuing authority is named '\(value)'; '\(match.name)' is the only one "
                                   + "that near (\(differ))")
    }

    /// A 资质 grade is 壹, 贰 or 叁级 (or 一二三, 甲乙丙): 参级 is no grade but 叁级 misread (the recognisers read the
    /// one for the other now and then), and is put right in every row.
    private func gradeCorrection(of value: String) -> FieldCorrection? {
        guard value.contains("参级") else { return nil }
        return FieldCorrection(from: value, to: value.replacingOccurrences(of: "参级", with: "叁级"),
                               reason: "a qualification's grade is 壹, 贰 or 叁级: 参级 is 叁级 misread")
    }

    /// Letters GB 32100 leaves out of credit codes (O I Z S V) are read as the characters they look like when the
    /// value is made (`FieldKind.value(of:)`); the change is recorded here.
    private func recordCreditCodeLookalikes(_ fields: inout [String: ExtractedField]) {
        guard var code = fields[FieldName.creditCode], code.corrections == nil else { return }
        let compact = String(code.raw.filter { !$0.isWhitespace }).uppercased()
        // The code ends its run (an English label may run into it: `CREDITCODE9132…`), as when the value was made;
        // only letters read for the digits they look like are this correction (a value found elsewhere on the
        // page has its own).
        guard let run = compact.firstMatch(of: /[0-9A-Z]{18,}/).map({ String($0.0) }) else { return }
        let read = String(run.suffix(18))
        guard read != code.value, read.count == code.value.count,
              zip(read, code.value).allSatisfy({ $0 == $1 || CheckDigits.creditCodeLookalikes[$0] == $1 }) else { return }
        let changes = zip(read, code.value).filter { $0 != $1 }.map { "\($0)→\($1)" }
        code.corrections = [FieldCorrection(
            from: read, to: code.value,
            reason: "credit codes hold no O, I, Z, S or V: read as the characters they look like (\(changes.joined(separator: ", ")))")]
        fields[FieldName.creditCode] = code
    }
}
