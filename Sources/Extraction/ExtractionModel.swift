import Foundation
import IngestCore
import Yams

/// How a field's value is read from the text after its label.
public enum FieldKind: String, Codable, Sendable {
    /// Names of people, companies and authorities: whitespace removed.
    case text
    /// Certificate numbers: whitespace removed, brackets normalised.
    case code
    /// 统一社会信用代码: the first 18-character run of letters and digits.
    case creditCode = "credit_code"
    /// 身份证号: the first run of 17 digits and a check character.
    case idNumber = "id_number"
    /// The first date in the value.
    case date
    /// The last date in the value: the end of '有效期：A至B', or the B of '有效期至：B'.
    case dateRangeEnd = "date_range_end"
}

/// How a text field's value is recognised by what it is, when no label leads to it.
public enum ContentShape: String, Codable, Sendable {
    /// An issuing authority of the gazetteer (pipelines/issuing-authorities.txt).
    case authority
    /// A company's full name, ending in 有限公司, 集团 or the like.
    case companyName = "company_name"
}

public struct FieldSpec: Codable, Sendable {
    /// Printed labels, e.g. 编号 / 证书编号 / 证号. Matched tolerating one misread character in four.
    public var labels: [String]
    public var kind: FieldKind
    /// Printed variants rewritten to the canonical form, e.g. the bracket shapes around a number's year.
    public var canonical: [Rewrite]?
    /// For a text field: what its value is, so that it is found by content where no label leads to it.
    public var find: ContentShape?
    /// Another field whose value holds this one when it is not printed on its own (the 身份证号 inside a
    /// 特种作业操作证 number).
    public var within: String?
    /// For a value printed a row a line (the 资质类别及等级 of a 副本): what each row is, a regular expression over
    /// its normalised text. The value goes on in the lines below its first row that hold no label, stand in its
    /// column and are such a row; its rows are joined by `；`.
    public var rows: String?

    public init(labels: [String], kind: FieldKind, canonical: [Rewrite]? = nil, find: ContentShape? = nil,
                within: String? = nil, rows: String? = nil) {
        self.labels = labels; self.kind = kind; self.canonical = canonical; self.find = find; self.within = within
        self.rows = rows
    }

    /// A whole-value regular expression with named groups, and the canonical form built from them. The
    /// expression is compiled once, when the model is read.
    public struct Rewrite: Codable, Sendable {
        public let printed: String
        public let canonical: String
        /// `printed` compiled; nil when it does not compile (`ExtractionModel.load` refuses such a model).
        let pattern: CompiledPattern

        public init(printed: String, canonical: String) {
            self.printed = printed; self.canonical = canonical
            pattern = CompiledPattern(printed)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(printed: try container.decode(String.self, forKey: .printed),
                      canonical: try container.decode(String.self, forKey: .canonical))
        }

        enum CodingKeys: String, CodingKey { case printed, canonical }
    }

    /// The field's normalised, canonical value from the text printed after its label.
    public func value(of raw: String) -> String {
        let value = kind.value(of: raw)
        for rewrite in canonical ?? [] {
            guard let regex = rewrite.pattern.regex, let match = try? regex.wholeMatch(in: value) else { continue }
            var result = rewrite.canonical
            for name in result.matches(of: /\{(\w+)\}/).map({ String($0.1) }) {
                guard let part = match.output[name]?.substring else { continue }
                result = result.replacingOccurrences(of: "{\(name)}", with: part)
            }
            return result
        }
        return value
    }
}

/// Per-type extraction model, loaded from `models/<type>.yaml`: data, not code, so users extend it.
public struct ExtractionModel: Codable, Sendable {
    public var type: DocumentType
    /// Printed titles that identify the type.
    public var titles: [String]
    public var fields: [String: FieldSpec]
    /// Labels of printed items we do not extract; they end a value that shares their line.
    public var otherLabels: [String]
    /// The certificate number as printed, found anywhere on the page (regular expressions over a line without
    /// spaces, brackets already half-width): evidence of the type, and the number where its label is misread.
    public let numberPatterns: [String]
    /// What only this type prints (regular expressions): evidence for classification beside the title.
    public let marks: [String]
    /// Words in an issuer's name that point to this type (应急管理 for the 特种作业操作证).
    public var issuerHints: [String]

    enum CodingKeys: String, CodingKey {
        case type, titles, fields
        case otherLabels = "other_labels"
        case numberPatterns = "number_patterns"
        case issuerHints = "issuer_hints"
        case marks
    }

    public init(type: DocumentType, titles: [String], fields: [String: FieldSpec], otherLabels: [String] = [],
                numberPatterns: [String] = [], marks: [String] = [], issuerHints: [String] = []) {
        self.type = type; self.titles = titles; self.fields = fields; self.otherLabels = otherLabels
        self.numberPatterns = numberPatterns; self.marks = marks; self.issuerHints = issuerHints
        compiled = CompiledPatterns(numbers: numberPatterns, marks: marks)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(DocumentType.self, forKey: .type)
        titles = try c.decode([String].self, forKey: .titles)
        fields = try c.decode([String: FieldSpec].self, forKey: .fields)
        otherLabels = try c.decodeIfPresent([String].self, forKey: .otherLabels) ?? []
        numberPatterns = try c.decodeIfPresent([String].self, forKey: .numberPatterns) ?? []
        marks = try c.decodeIfPresent([String].self, forKey: .marks) ?? []
        issuerHints = try c.decodeIfPresent([String].self, forKey: .issuerHints) ?? []
        compiled = CompiledPatterns(numbers: numberPatterns, marks: marks)
    }

    /// `numberPatterns` and `marks` compiled once, when the model is made: they are matched on every page.
    let compiled: CompiledPatterns

    public static func load(from url: URL) throws -> ExtractionModel {
        let text = try String(contentsOf: url, encoding: .utf8)
        let model: ExtractionModel
        do {
            model = try YAMLDecoder().decode(ExtractionModel.self, from: text)
        } catch {
            throw ModelError.invalid(path: url.path, reason: "\(error)")
        }
        if let pattern = model.compiled.invalid.first {
            throw ModelError.invalid(path: url.path, reason: "bad pattern in number_patterns or marks: \(pattern)")
        }
        for (name, spec) in model.fields {
            if let rows = spec.rows, (try? Regex(rows)) == nil {
                throw ModelError.invalid(path: url.path, reason: "bad rows pattern for \(name): \(rows)")
            }
            for rewrite in spec.canonical ?? [] where rewrite.pattern.regex == nil {
                throw ModelError.invalid(path: url.path, reason: "bad canonical pattern for \(name): \(rewrite.printed)")
            }
        }
        return model
    }

    /// Every `*.yaml` in the folder; one model per certificate type.
    public static func loadAll(from directory: URL) throws -> [ExtractionModel] {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !files.isEmpty else { throw ModelError.invalid(path: directory.path, reason: "no *.yaml models") }
        return try files.map(load(from:))
    }
}

public enum ModelError: Error, CustomStringConvertible {
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(path, reason): return "cannot read extraction model \(path): \(reason)"
        }
    }
}

/// One regular expression, compiled once; nil when it does not compile. `Regex` is not `Sendable`; this one is
/// never changed after init, and matching does not change it.
final class CompiledPattern: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>?

    init(_ pattern: String) {
        regex = try? Regex(pattern)
    }
}

/// A model's regular expressions, compiled once. `Regex` is not `Sendable`; these are never changed after init,
/// and matching does not change them.
final class CompiledPatterns: @unchecked Sendable {
    let numbers: [Regex<AnyRegexOutput>]
    let marks: [Regex<AnyRegexOutput>]
    /// Patterns that do not compile: `ExtractionModel.load` refuses a model holding one.
    let invalid: [String]

    init(numbers: [String], marks: [String]) {
        // A number's letters in either case: OCR reads a small C2 as `c2`; the value is made upper case.
        self.numbers = numbers.compactMap { try? Regex($0).ignoresCase() }
        self.marks = marks.compactMap { try? Regex($0) }
        invalid = (numbers + marks).filter { (try? Regex($0)) == nil }
    }
}

extension ExtractionModel {
    /// The forms a certificate number may be stored in, from how someone typed it: without spaces, and as each
    /// model's certificate-number field normalises it (full-width brackets, look-alike letters).
    public static func canonicalNumberForms(of number: String, models: [ExtractionModel]) -> Set<String> {
        let compact = String(TextNormalizer.normalize(number).filter { !$0.isWhitespace })
        var forms: Set<String> = [compact]
        for model in models {
            if let spec = model.fields[FieldName.certificateNumber] { forms.insert(spec.value(of: compact)) }
        }
        return forms
    }
}
