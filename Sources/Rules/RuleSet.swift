import Foundation
import IngestCore
import Yams

/// The validation rules, loaded from `pipelines/rules.yaml`: data a qualification administrator can extend.
public struct RuleSet: Codable, Sendable {
    public struct NumberFormat: Codable, Sendable {
        /// A regular expression over the canonical number; `{province}` stands for any province abbreviation and
        /// a named group `province` captures it for the issuer check.
        public var pattern: String
        /// The format in words, for the problem message.
        public var description: String
    }

    /// The shape of a free-text field (issuer, holder, company): a regular expression over the whole value.
    public struct FieldFormat: Codable, Sendable {
        public var pattern: String
        /// What the value should look like, for the problem message.
        public var description: String
    }

    /// How long a certificate of a type is valid: a period from issue to expiry that does not fit goes to review.
    public struct Validity: Codable, Sendable {
        public var years: Int
        /// Days the expiry may lie either side of issue + `years` − 1 day (renewals are often issued a little
        /// before or after the new period begins).
        public var toleranceDays: Int
        /// Whether a shorter period is right too (a certificate reissued after a change keeps its first expiry).
        public var shorterAllowed: Bool?
        /// Years between the reviews (复审) a certificate needs while valid, e.g. 3 for the 特种作业操作证.
        public var reviewEveryYears: Int?

        enum CodingKeys: String, CodingKey {
            case years
            case toleranceDays = "tolerance_days"
            case shorterAllowed = "shorter_allowed"
            case reviewEveryYears = "review_every_years"
        }
    }

    public struct TypeRules: Codable, Sendable {
        public var name: String
        public var required: [String]
        public var numberFormats: [NumberFormat]
        /// Whether the number's province must be the issuer's.
        public var numberProvinceMatchesIssuer: Bool?
        /// Whether the certificate number must be `T` + the holder's 身份证号 (特种作业操作证).
        public var numberIsTPlusIDNumber: Bool?
        /// Shapes of this type's fields, over the general `field_formats`.
        public var fieldFormats: [String: FieldFormat]?
        /// How long the type is valid; nil: no rule (a 施工许可证 has no expiry).
        public var validity: Validity?
        /// The file (beside rules.yaml) of the catalogue its 作业类别 and 操作项目 must be in; none: no such check.
        public var operationCatalogueFile: String?
        /// That catalogue, read by `load(from:)`.
        public var operationCatalogue: OperationCatalogue?

        enum CodingKeys: String, CodingKey {
            case name, required, validity
            case numberFormats = "number_formats"
            case numberProvinceMatchesIssuer = "number_province_matches_issuer"
            case numberIsTPlusIDNumber = "number_is_t_plus_id_number"
            case fieldFormats = "field_formats"
            case operationCatalogueFile = "operation_catalogue"
        }
    }

    /// Key fields read with less OCR confidence than this (0...100) go to review.
    public var minimumConfidence: Double
    /// A key field read alike this many times (independent readings at different scales) is confirmed, and
    /// needs only `confirmedMinimumConfidence` (their combined confidence).
    public var confirmingReadings: Int
    public var confirmedMinimumConfidence: Double
    public var keyFields: [String]
    public var dateFields: [String]
    /// Dates before this year are misreadings (二〇二四 read as 0024), not certificates.
    public var earliestYear: Int
    /// Province abbreviation → the names an issuer may use for it, e.g. 辽: [辽宁].
    public var provinces: [String: [String]]
    public var types: [String: TypeRules]
    /// Shapes of free-text fields for every type (a type may override them).
    public var fieldFormats: [String: FieldFormat]
    /// Files (beside rules.yaml) naming the issuing authorities an issuer must be one of; none: any name passes.
    public var issuingAuthorityFiles: [String]?
    /// Their names, read by `load(from:)`.
    public var issuingAuthorities = IssuingAuthorities(names: [])
    /// The file (beside rules.yaml) of characters the recogniser reads in place of others; none: no such check.
    public var confusableCharactersFile: String?
    /// A character counts as confusable once seen read in place of another this many times.
    public var confusableMinimumSightings: Int?
    /// The table, read by `load(from:)`.
    public var confusableCharacters = ConfusableCharacters(fields: [], characters: [:])
    /// The file (beside rules.yaml) of compound surnames (欧阳, 上官…); none: only a single character is a surname alone.
    public var compoundSurnamesFile: String?
    /// Its names, read by `load(from:)`.
    public var compoundSurnames: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case minimumConfidence = "minimum_confidence"
        case keyFields = "key_fields"
        case confirmingReadings = "confirming_readings"
        case confirmedMinimumConfidence = "confirmed_minimum_confidence"
        case dateFields = "date_fields"
        case earliestYear = "earliest_year"
        case provinces, types
        case fieldFormats = "field_formats"
        case issuingAuthorityFiles = "issuing_authorities"
        case confusableCharactersFile = "confusable_characters"
        case confusableMinimumSightings = "confusable_minimum_sightings"
        case compoundSurnamesFile = "compound_surnames"
    }

    public func rules(for type: DocumentType) -> TypeRules? { types[type.rawValue] }

    public static func load(from url: URL) throws -> RuleSet {
        let text = try String(contentsOf: url, encoding: .utf8)
        var set: RuleSet
        do {
            set = try YAMLDecoder().decode(RuleSet.self, from: text)
        } catch {
            throw RuleSetError.invalid(path: url.path, reason: "\(error)")
        }
        let folder = url.deletingLastPathComponent()
        do {
            set.issuingAuthorities = try IssuingAuthorities.load(
                from: (set.issuingAuthorityFiles ?? []).map { folder.appendingPathComponent($0) })
        } catch {
            throw RuleSetError.invalid(path: url.path, reason: "cannot read its issuing authorities: \(error)")
        }
        if let file = set.confusableCharactersFile {
            do {
                set.confusableCharacters = try ConfusableCharacters.load(from: folder.appendingPathComponent(file))
            } catch {
                throw RuleSetError.invalid(path: url.path, reason: "cannot read \(file): \(error)")
            }
        }
        if let file = set.compoundSurnamesFile {
            do {
                set.compoundSurnames = try Self.names(in: folder.appendingPathComponent(file))
            } catch {
                throw RuleSetError.invalid(path: url.path, reason: "cannot read \(file): \(error)")
            }
        }
        for (type, rules) in set.types {
            if let file = rules.operationCatalogueFile {
                do {
                    set.types[type]?.operationCatalogue = try OperationCatalogue.load(from: folder.appendingPathComponent(file))
                } catch {
                    throw RuleSetError.invalid(path: url.path, reason: "cannot read \(file): \(error)")
                }
            }
            guard DocumentType(rawValue: type) != nil else {
                throw RuleSetError.invalid(path: url.path, reason: "unknown certificate type '\(type)'")
            }
            for format in rules.numberFormats where (try? set.compiled(format)) == nil {
                throw RuleSetError.invalid(path: url.path, reason: "bad number pattern for \(type): \(format.pattern)")
            }
            for (field, format) in set.fieldFormats.merging(rules.fieldFormats ?? [:], uniquingKeysWith: { $1 })
            where (try? Regex(format.pattern)) == nil {
                throw RuleSetError.invalid(path: url.path, reason: "bad \(field) pattern for \(type): \(format.pattern)")
            }
        }
        return set
    }

    /// The names in a text file, one a line; blank lines and `#` comments skipped.
    static func names(in url: URL) throws -> Set<String> {
        Set(try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    func compiled(_ format: NumberFormat) throws -> Regex<AnyRegexOutput> {
        let alternatives = provinces.keys.sorted().joined()
        return try Regex(format.pattern.replacingOccurrences(of: "{province}", with: "[\(alternatives)]"))
    }
}

public enum RuleSetError: Error, CustomStringConvertible {
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(path, reason): return "cannot read rule set \(path): \(reason)"
        }
    }
}
