import Foundation
import Synchronization
import IngestCore
import Rules
import Yams

/// Phrases asked for and not found, shared by every copy of one wording.
public final class PhraseLog: Sendable {
    private let phrases = Mutex<Set<String>>([])

    public init() {}

    func note(_ phrase: String) { phrases.withLock { _ = $0.insert(phrase) } }

    public var all: Set<String> { phrases.withLock { $0 } }
}

/// What the reviewer web UI calls fields, types and problems (`pipelines/wording.yaml`): Chinese by default, the
/// ids and English messages by a setting. Never the export's ids or keys.
public struct Wording: Sendable {
    public enum Language: String, Decodable, Sendable {
        case zh, en
    }

    public var language: Language
    var fields: [String: String]
    var personHolder: String?
    var problems: [String: String]
    var typeNames: [DocumentType: String]
    /// The pages' own words (headings, buttons, refusals), by their English: what `say` answers in Chinese.
    var interface: [String: String] = [:]
    /// Reasons certarchive gives in English with details (a correction, a failure), by how they begin.
    var reasonsStarting: [String: String] = [:]

    /// The ids and English messages as they are.
    public static let english = Wording(language: .en, fields: [:], personHolder: nil, problems: [:], typeNames: [:])

    /// One of the pages' own phrases in this wording: its Chinese when the wording has it, else as given (and
    /// noted in `untranslated`, which a test walking every page reads).
    public func say(_ english: String) -> String {
        guard language == .zh else { return english }
        if let chinese = interface[english] { return chinese }
        if !english.isEmpty { untranslated.note(english) }
        return english
    }

    /// A reason the history keeps (`confirmed as read`, `typed, not read from the page: issue_date`): a whole
    /// reason the wording knows, else its known head before the first `: `, the rest as kept.
    public func sayReason(_ reason: String) -> String {
        guard language == .zh, !reason.isEmpty else { return reason }
        if let whole = interface[reason] ?? sayStart(reason) { return whole }
        guard let colon = reason.range(of: ": ") else { return reason }
        let head = String(reason[..<colon.lowerBound]), rest = String(reason[colon.upperBound...])
        // What ingest records: `run 3: accepted`, `run 3: sent to review: credit_code.checksum`.
        if let run = head.wholeMatch(of: /run (\d+)/)?.output.1 { return "第\(run)次运行：" + sayReason(rest) }
        if let known = interface[head] { return known + "：" + rest }
        return reason
    }

    /// A reason with details in English (a correction's, a failure's) by how it begins; nil when none is known.
    public func sayStart(_ reason: String) -> String? {
        guard language == .zh else { return nil }
        return reasonsStarting.first { reason.hasPrefix($0.key) }?.value
    }

    /// The phrases a Chinese page asked this wording for that it does not have (a test walking every page reads it).
    public let untranslated = PhraseLog()

    /// Why a change to an item waits: it is another reviewer's.
    public func hold(_ hold: ItemHold, item id: Int64) -> String {
        switch hold.kind {
        case .assigned:
            return language == .zh ? "第\(id)项已分配给\(hold.reviewer)：请处理别的项目，或请组长改派"
                : "item \(id) is given to \(hold.reviewer): open another item, or ask a lead to give it to you"
        case let .working(until):
            let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
            return language == .zh ? "\(hold.reviewer)正在处理第\(id)项（还有\(minutes)分钟）：请处理别的项目，或稍后再来"
                : "\(hold.reviewer) is working on item \(id) (for \(minutes) more minutes): open another item, or wait"
        }
    }

    /// The HTML `lang` of pages in this wording.
    public var htmlLanguage: String { language == .zh ? "zh-CN" : "en" }

    public func fieldName(_ field: String, type: DocumentType) -> String {
        guard language == .zh else { return field }
        if field == FieldName.holder, type.holderIsAPerson, let personHolder { return personHolder }
        return fields[field] ?? field
    }

    public func typeName(_ type: DocumentType) -> String {
        language == .zh ? typeNames[type] ?? say(type.rawValue) : type.rawValue
    }

    /// A rule family (`credit_code`, `type`…) as the queue counts by it: its field's name, else the family.
    public func ruleFamilyName(_ family: String) -> String {
        language == .zh ? fields[family] ?? say(family) : family
    }

    /// A problem in plain words (Chinese, its field named); certarchive's own message when no words are set.
    public func words(for problem: Problem, type: DocumentType) -> String {
        guard language == .zh else { return problem.message }
        let suffix = problem.field.flatMap { field in
            problem.rule.hasPrefix(field + ".") ? String(problem.rule.dropFirst(field.count + 1)) : nil
        }
        guard let template = problems[problem.rule] ?? suffix.flatMap({ problems[$0] }) else { return problem.message }
        return template.replacingOccurrences(of: "{field}", with: problem.field.map { fieldName($0, type: type) } ?? "")
    }

    /// The reasons of `pipelines/reasons.yaml` (`reasons: [...]`); none when there is no such file.
    public static func presetReasons(from file: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        struct File: Decodable { var reasons: [String] }
        return try YAMLDecoder().decode(File.self, from: try String(contentsOf: file, encoding: .utf8)).reasons
    }

    /// `pipelines/wording.yaml`, type names from the rule set; English when there is no such file.
    public static func load(from file: URL, rules: RuleSet) throws -> Wording {
        guard FileManager.default.fileExists(atPath: file.path) else { return .english }
        struct File: Decodable {
            var language: Language?
            var fields: [String: String]?
            var personHolder: String?
            var problems: [String: String]?
            var interface: [String: String]?
            var reasonsStarting: [String: String]?
            enum CodingKeys: String, CodingKey {
                case language, fields, problems, interface, personHolder = "person_holder", reasonsStarting = "reasons_starting"
            }
        }
        let file = try YAMLDecoder().decode(File.self, from: try String(contentsOf: file, encoding: .utf8))
        var typeNames: [DocumentType: String] = [:]
        for type in DocumentType.allCases { typeNames[type] = rules.rules(for: type)?.name }
        return Wording(language: file.language ?? .zh, fields: file.fields ?? [:], personHolder: file.personHolder,
                       problems: file.problems ?? [:], typeNames: typeNames, interface: file.interface ?? [:],
                       reasonsStarting: file.reasonsStarting ?? [:])
    }
}
