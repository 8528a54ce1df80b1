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

public struct FieldSpec: Codable, Sendable {
    /// Printed labels, e.g. 编号 / 证书编号 / 证号. Matched tolerating one misread character in four.
    public var labels: [String]
    public var kind: FieldKind
}

/// Per-type extraction model, loaded from `models/<type>.yaml`: data, not code, so users extend it.
public struct ExtractionModel: Codable, Sendable {
    public var type: DocumentType
    /// Printed titles that identify the type.
    public var titles: [String]
    public var fields: [String: FieldSpec]
    /// Labels of printed items we do not extract; they end a value that shares their line.
    public var otherLabels: [String]

    enum CodingKeys: String, CodingKey {
        case type, titles, fields
        case otherLabels = "other_labels"
    }

    public init(type: DocumentType, titles: [String], fields: [String: FieldSpec], otherLabels: [String] = []) {
        self.type = type; self.titles = titles; self.fields = fields; self.otherLabels = otherLabels
    }

    public static func load(from url: URL) throws -> ExtractionModel {
        let text = try String(contentsOf: url, encoding: .utf8)
        do {
            return try YAMLDecoder().decode(ExtractionModel.self, from: text)
        } catch {
            throw ModelError.invalid(path: url.path, reason: "\(error)")
        }
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
