import IngestCore

/// The domain-aware correction stage, after the readings are reconciled and before validation: where the domain
/// leaves no doubt, a misread value becomes the right one, and each change is recorded on the field (what was
/// read, what it became, why) for the archive, the export and reviewers.
public struct FieldCorrector: Sendable {
    let authorities: IssuingAuthorities

    public init(authorities: IssuingAuthorities) {
        self.authorities = authorities
    }

    public func correct(_ fields: inout [String: ExtractedField]) {
        correctIssuer(&fields)
        recordCreditCodeLookalikes(&fields)
    }

    /// An issuer that is no known authority but within a few characters of exactly one becomes that one
    /// (沈阳市和乎区住房和城乡建设局 → 沈阳市和平区住房和城乡建设局). Ties and far-off readings stay for review.
    private func correctIssuer(_ fields: inout [String: ExtractedField]) {
        guard var issuer = fields[FieldName.issuer],
              let correction = correction(of: issuer.value, field: FieldName.issuer) else { return }
        issuer.corrections = (issuer.corrections ?? []) + [correction]
        issuer.value = correction.to
        fields[FieldName.issuer] = issuer
    }

    /// The correction a single reading of field `name` calls for, if any: applied to every reading of an issuer
    /// before they are reconciled, so that readings misread in different characters agree on the authority.
    public func correction(of value: String, field name: String) -> FieldCorrection? {
        guard name == FieldName.issuer, !authorities.isEmpty, !authorities.contains(value),
              let match = authorities.nearest(to: value), match.isUnique else { return nil }
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
