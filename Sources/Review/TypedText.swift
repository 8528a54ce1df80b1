/// What a person may type into a field or a reason. Looked at by Unicode scalar, never by grapheme cluster (a
/// cluster may hold any number of scalars: a value of 200 "characters" could be a megabyte):
/// - at most `limit` scalars;
/// - no control characters (C0, DEL, C1: terminal escape codes among them; a line break only in a reason);
/// - no bidirectional controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) that show text in another order
///   than it is stored, and no invisible characters (U+200B–200D, U+2060, U+FEFF, U+180E) that make two values
///   look alike.
public enum TypedText {
    public enum Kind: Sendable { case field, reason }

    /// Why the text is refused; nil when it may be stored.
    public static func problem(with text: String, kind: Kind, limit: Int) -> ReviewError? {
        guard text.unicodeScalars.count <= limit else { return .unacceptableText(.tooLong(limit: limit)) }
        for scalar in text.unicodeScalars {
            if kind == .reason, scalar == "\n" { continue }
            if isControl(scalar) { return .unacceptableText(.control(scalar.value)) }
            if isHidden(scalar) { return .unacceptableText(.invisible(scalar.value)) }
        }
        return nil
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x200B...0x200D, 0x2060, 0xFEFF, 0x180E: true
        default: false
        }
    }

    /// Text shown on a terminal: control characters but line breaks and tabs written as `\u{…}`, so that a stored value (an older
    /// archive's, a file name) cannot move the cursor, recolour or retitle the terminal.
    public static func forTerminal(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            // Line breaks and tabs are the printed layout's own (a list's columns).
            if isControl(scalar) && scalar != "\n" && scalar != "\t" || isHidden(scalar) {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// The longest field value (the longest company names are about 40 characters) and reason.
    public static let longestValue = 200
    public static let longestReason = 500
}

/// Why typed text was refused (`ReviewError.unacceptableText`).
public enum TextRefusal: Sendable, Equatable {
    case tooLong(limit: Int)
    case control(UInt32)
    case invisible(UInt32)

    var description: String {
        switch self {
        case let .tooLong(limit): "text longer than \(limit) characters"
        case let .control(value): "a control character (U+\(String(value, radix: 16, uppercase: true)))"
        case let .invisible(value): "an invisible or direction-changing character (U+\(String(value, radix: 16, uppercase: true)))"
        }
    }

    var chinese: String {
        switch self {
        case let .tooLong(limit): "文字超过\(limit)个字符"
        case let .control(value): "含控制字符（U+\(String(value, radix: 16, uppercase: true))）"
        case let .invisible(value): "含不可见或改变文字方向的字符（U+\(String(value, radix: 16, uppercase: true))）"
        }
    }
}
