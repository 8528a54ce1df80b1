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
        guard !authorities.isEmpty, var issuer = fields[FieldName.issuer], !authorities.contains(issuer.value),
              let match = authorities.nearest(to: issuer.value), match.isUnique else { return }
        let characters = match.distance == 1 ? "one character" : "\(match.distance) characters"
        issuer.corrections = (issuer.corrections ?? []) + [FieldCorrection(
            from: issuer.value, to: match.name,
            reason: "no issuing authority is named '\(issuer.value)'; '\(match.name)' is the only one "
                + "\(characters) away")]
        issuer.value = match.name
        fields[FieldName.issuer] = issuer
    }

    /// Letters GB 32100 leaves out of credit codes (O I Z S V) are read as the characters they look like when the
    /// value is made (`FieldKind.value(of:)`); the change is recorded here.
    private func recordCreditCodeLookalikes(_ fields: inout [String: ExtractedField]) {
        guard var code = fields[FieldName.creditCode], code.corrections == nil else { return }
        let compact = String(code.raw.filter { !$0.isWhitespace }).uppercased()
        guard let read = compact.firstMatch(of: /[0-9A-Z]{18}/).map({ String($0.0) }), read != code.value,
              read.count == code.value.count else { return }
        let changes = zip(read, code.value).filter { $0 != $1 }.map { "\($0)→\($1)" }
        code.corrections = [FieldCorrection(
            from: read, to: code.value,
            reason: "credit codes hold no O, I, Z, S or V: read as the characters they look like (\(changes.joined(separator: ", ")))")]
        fields[FieldName.creditCode] = code
    }
}
