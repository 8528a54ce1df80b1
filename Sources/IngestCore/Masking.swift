/// Personal numbers (身份证号, and the 特种作业操作证 number that contains one) are never shown whole
/// in logs or reports: keep the first four and last four characters, e.g. `2101**********1234`.
public enum Masking {
    public static func mask(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }

    /// Whether a field of this type holds a personal number: the 身份证号, and a certificate number containing one.
    public static func isPersonal(field: String, type: DocumentType) -> Bool {
        field == FieldName.idNumber || (field == FieldName.certificateNumber && type.numberContainsIDNumber)
    }

    /// The value as it may be shown in a list, log or report for a field of a given document type.
    public static func displayValue(field: String, value: String, type: DocumentType) -> String {
        isPersonal(field: field, type: type) ? mask(value) : value
    }
}

extension Masking {
    /// The text with every run of 15 or 18 ID-number characters (a 身份证号, also inside a 特种作业操作证 number or a
    /// file name) masked: for log lines, where a personal number may arrive from anywhere.
    public static func redactingIDNumbers(in text: String) -> String {
        // Each match is a whole run of digits (with a trailing check letter): only runs of an ID number's length.
        text.replacing(/[0-9]+[Xx]?/) { match in
            let run = String(match.output)
            return run.count == 18 || (run.count == 15 && run.last?.isNumber == true) ? mask(run) : run
        }
    }
}

/// How a person is known without his whole ID number: in an encrypted archive opened without its key, by the
/// keyed digest the sealed number carries (`link:DIGEST`), which links his records and shows nothing of him.
public enum EncryptedPersonKey {
    static let prefix = "link:"

    public static func key(digest: String) -> String { prefix + digest }
    public static func isOne(_ key: String) -> Bool { key.hasPrefix(prefix) }
}
