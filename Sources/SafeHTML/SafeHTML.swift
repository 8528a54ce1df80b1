import Mustache

/// HTML escaping that cannot be bypassed, and mustache templates that use it.
///
/// swift-mustache escapes `< > & " '` one grapheme cluster at a time: a `<` or `"` fused with its neighbour into
/// one cluster (U+0600 before it, U+0301 after it) is not equal to the lone character and is written raw. Here
/// every Unicode scalar is looked at alone.
public enum SafeHTML {
    /// `text` with `< > & " '` escaped wherever they stand.
    public static func escape(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#39;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// A template's text as the program holds it (UTF-8, the file's last newline dropped: a partial is used
    /// inline), made to escape every `{{value}}` by scalar. Every template and partial is registered through it:
    /// mustache starts each partial with its own HTML escaper again.
    public static func template(_ bytes: [UInt8]) -> String {
        _ = registered
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return "{{% CONTENT_TYPE: \(contentTypeName)}}" + text
    }

    /// A library of the templates (name, UTF-8 text); a template that does not parse is a programming error.
    public static func library(_ templates: [(String, [UInt8])]) -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, bytes) in templates {
            do {
                try library.register(template(bytes), named: name)
            } catch {
                preconditionFailure("the template \(name) does not parse: \(error)")
            }
        }
        return library
    }

    static let contentTypeName = "HTML_BY_SCALAR"

    private static let registered: Void = {
        MustacheContentTypes.register(ScalarEscapedHTML(), named: contentTypeName)
    }()
}

/// Mustache's content type for `SafeHTML.escape`.
struct ScalarEscapedHTML: MustacheContentType {
    func escapeText(_ text: String) -> String { SafeHTML.escape(text) }
}
