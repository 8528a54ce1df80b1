import Foundation
import IngestCore
import Mustache
import Review
import SafeHTML

/// The pages' mustache templates (`Templates/`, compiled into the program). A value goes into a page only through
/// one HTML escaper, by Unicode scalar (`{{value}}`, `SafeHTML`); `{{{body}}}` only takes HTML a template rendered.
enum PageTemplates {
    static let library: MustacheLibrary = SafeHTML.library([
        ("page", PackageResources.page_mustache), ("desk", PackageResources.desk_mustache),
        ("run", PackageResources.run_mustache), ("record", PackageResources.record_mustache),
        ("run-head", PackageResources.run_head_mustache), ("run-row", PackageResources.run_row_mustache),
        ("sign-in", PackageResources.sign_in_mustache), ("integrity", PackageResources.integrity_mustache),
        ("account", PackageResources.account_mustache), ("search", PackageResources.search_mustache),
        ("problems", PackageResources.problems_mustache), ("queue", PackageResources.queue_mustache),
        ("problem-line", PackageResources.problem_line_mustache), ("item", PackageResources.item_mustache),
        ("scan", PackageResources.scan_mustache),
    ])

    static func render(_ view: Any, _ name: String) -> String {
        library.render(view, withTemplate: name) ?? ""
    }

    /// A template's own phrases (key → English) in the visitor's words.
    static func words(_ v: Visitor, _ phrases: [String: String]) -> [String: String] {
        phrases.mapValues(v.say)
    }
}

/// A problem as a list shows it: its words (Chinese by default) with its rule id in small print, or in English its
/// rule id alone. (Templates/problems.mustache)
struct ProblemLine {
    var words: String, rule: String, ruleShown: Bool, last: Bool

    static func lines(_ problems: [Problem], type: DocumentType, words: Wording) -> [ProblemLine] {
        problems.enumerated().map { index, problem in
            ProblemLine(words: words.language == .en ? problem.rule : words.words(for: problem, type: type), rule: problem.rule,
                        ruleShown: words.language != .en, last: index == problems.count - 1)
        }
    }
}

/// A page's frame: language, title, who is signed in (with the CSRF token the page's script sends), the body.
struct PageView {
    struct Person {
        var name: String
        var role: String
        var signOut: String
    }

    var language: String
    var title: String
    var csrfToken: String?
    var person: Person?
    /// HTML a template rendered.
    var body: String
}
