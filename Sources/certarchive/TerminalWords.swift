import Foundation
import IngestCore
import Review
import Rules

/// The command line's own words: in the language of `pipelines/wording.yaml` (Chinese by default), or in English
/// with ids when `CERTARCHIVE_LANGUAGE=en` is set, for scripts that read the text (better still: `--json`). The
/// pages and files people read follow wording.yaml alone.
struct TerminalWords {
    let wording: Wording

    var chinese: Bool { wording.language == .zh }

    /// Whether this run asked for English words on the terminal.
    static var englishRequested: Bool { ProcessInfo.processInfo.environment["CERTARCHIVE_LANGUAGE"] == "en" }

    /// `wording` as the terminal says it: English when asked for.
    init(_ wording: Wording) {
        self.wording = Self.englishRequested ? .english : wording
    }

    /// The data folder's wording (`--data`, else where the program finds it); English ids when it cannot be read.
    static func load(data: String? = nil) -> TerminalWords {
        guard !englishRequested, let root = try? DataFolders.root(explicit: data),
              let rules = try? RuleSet.load(from: root.appendingPathComponent("pipelines/rules.yaml")),
              let wording = try? Wording.load(from: root.appendingPathComponent("pipelines/wording.yaml"), rules: rules)
        else { return TerminalWords(.english) }
        return TerminalWords(wording)
    }

    /// The Chinese or the English of a line.
    func pick(_ zh: @autoclosure () -> String, _ en: @autoclosure () -> String) -> String { chinese ? zh() : en() }

    func field(_ name: String, _ type: DocumentType) -> String { wording.fieldName(name, type: type) }
    func type(_ type: DocumentType) -> String { wording.typeName(type) }
    func status(_ status: ItemStatus) -> String { chinese ? wording.say("status: \(status.rawValue)") : status.rawValue }
    func flag(_ flag: String) -> String { chinese ? wording.say("flag: \(flag)") : flag }
    func problem(_ problem: Problem, _ type: DocumentType) -> String {
        chinese ? "\(wording.words(for: problem, type: type))（\(problem.rule)）" : "\(problem.rule): \(problem.message)"
    }
}
