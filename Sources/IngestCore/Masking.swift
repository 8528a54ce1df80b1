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
    /// Digits may be full-width (２１０１…) and spaced or hyphenated one by one or in groups (`2101 0519 7503 …`):
    /// what counts is the run's digits.
    public static func redactingIDNumbers(in text: String) -> String {
        // Each match is a whole run of digits, single separators between them, and a trailing check letter: only
        // runs of an ID number's length are masked, as their digits alone.
        text.replacing(/[0-9０-９](?:[ \u{3000}\-]?[0-9０-９])*(?:[ \u{3000}\-]?[XxＸｘ])?/) { match in
            let run = String(match.output)
            let digits = String(run.compactMap { character -> Character? in
                guard let scalar = character.unicodeScalars.first else { return nil }
                switch scalar.value {
                case 0x30...0x39, 0x58, 0x78: return character
                case 0xFF10...0xFF19: return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
                case 0xFF38, 0xFF58: return "X"
                default: return nil
                }
            })
            return digits.count == 18 || (digits.count == 15 && digits.last?.isNumber == true) ? mask(digits) : run
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
