/// The published check algorithms of Chinese identity and registration numbers.
public enum CheckDigits {
    /// GB 11643-1999 身份证号: 17 digits and a check character from "10X98765432".
    public static func idNumberCheckCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let r = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return Array("10X98765432")[r]
    }

    public static func isValidIDNumber(_ id: String) -> Bool {
        guard id.count == 18, let check = idNumberCheckCharacter(String(id.prefix(17))) else { return false }
        return id.last == check
    }

    /// GB 32100-2015 统一社会信用代码 alphabet: digits and capitals without I, O, S, V, Z.
    public static let creditCodeAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// Letters GB 32100 leaves out of credit codes because they look like digits: read in a code, they are the digit.
    public static let creditCodeLookalikes: [Character: Character] = ["O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"]

    public static func creditCodeCheckCharacter(_ first17: String) -> Character? {
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let values = first17.compactMap { creditCodeAlphabet.firstIndex(of: $0) }
        guard values.count == 17, first17.count == 17 else { return nil }
        let c = 31 - zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } % 31
        return creditCodeAlphabet[c == 31 ? 0 : c]
    }

    /// Only the shape: 18 characters of the alphabet.
    public static func hasCreditCodeShape(_ code: String) -> Bool {
        code.count == 18 && code.allSatisfy(creditCodeAlphabet.contains)
    }

    public static func isValidCreditCode(_ code: String) -> Bool {
        guard hasCreditCodeShape(code), let check = creditCodeCheckCharacter(String(code.prefix(17))) else { return false }
        return code.last == check
    }
}
