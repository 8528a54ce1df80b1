/// Character-level normalisation of recognised text. Works on single characters so that a character's
/// confidence and source word stay attached to it.
public enum TextNormalizer {
    /// Full-width ASCII to half-width, the bracket variants （）〈〉〔〕【】［］ to ( ) [ ], the ideographic space to a space.
    public static func normalize(_ c: Character) -> Character {
        switch c {
        case "（", "〈": return "("
        case "）", "〉": return ")"
        case "〔", "【", "［", "〖": return "["
        case "〕", "】", "］", "〗": return "]"
        case "\u{3000}": return " "
        case "：": return ":"
        default: break
        }
        guard c.unicodeScalars.count == 1, let scalar = c.unicodeScalars.first,
              (0xFF01...0xFF5E).contains(scalar.value),
              let half = Unicode.Scalar(scalar.value - 0xFEE0) else { return c }
        return Character(half)
    }

    public static func normalize(_ text: String) -> String {
        String(text.map(normalize))
    }

    /// Han characters, and the 〇 used in Chinese dates.
    public static func isCJK(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || s.value == 0x3007
    }
}
