import Extraction
import IngestCore
import Rules

extension Validator {
    /// Whether the page proves a value whole however it was seen (under a seal, across a fold): an issuer that is
    /// an authority of the gazetteer as it stands (a name cut short is none, and is never completed:
    /// `FieldCorrector`), or an issue and expiry date exactly the type's validity apart (a digit lost from either
    /// breaks that).
    func provesWhole(_ name: String, among fields: [String: ExtractedField], type: DocumentType) -> Bool {
        if name == FieldName.issuer, let issuer = fields[name]?.value {
            return rules.issuingAuthorities.contains(issuer)
        }
        guard rules.dateFields.contains(name),
              let years = rules.rules(for: type)?.validity?.years,
              let issue = fields[FieldName.issueDate].flatMap({ PrintedDate(iso: $0.value) }),
              let expiry = fields[FieldName.expiryDate].flatMap({ PrintedDate(iso: $0.value) }) else { return false }
        return expiry.endsPeriod(of: years, from: issue)
    }

    /// Whether a registration number's check character proves it whole: an 18-character 统一社会信用代码 or
    /// 身份证号 whose check holds (a character worn away leaves 17; one worn into another breaks the check ten
    /// times in eleven). Its own rules send it to review otherwise.
    func provesWholeByCheckCharacter(_ name: String, among fields: [String: ExtractedField], type: DocumentType,
                                     asOf: PrintedDate) -> Bool {
        guard name == FieldName.creditCode || name == FieldName.idNumber, let value = fields[name]?.value else {
            return false
        }
        return passes(value, for: name, among: fields, type: type, asOf: asOf)
    }
}
