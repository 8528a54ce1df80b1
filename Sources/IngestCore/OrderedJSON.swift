/// A JSON value written with its object keys in the order given: Foundation's JSONEncoder on Linux does not keep
/// the order, and the export's documented key order is part of its public face.
public enum OrderedJSON: Sendable {
    case string(String)
    case int(Int)
    case null
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func optional(_ s: String?) -> OrderedJSON { s.map(OrderedJSON.string) ?? .null }

    public var text: String {
        switch self {
        case let .string(s): return Self.quoted(s)
        case let .int(n): return String(n)
        case .null: return "null"
        case let .array(values): return "[" + values.map(\.text).joined(separator: ",") + "]"
        case let .object(pairs): return "{" + pairs.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// RFC 8259 string escaping; non-ASCII text (Chinese) stays as it is.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
