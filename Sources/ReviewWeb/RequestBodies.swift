import Archive
import Foundation
import Hummingbird
import IngestCore
import Review

// The JSON the pages send and receive.

/// `{"name": "王审核", "password": "…", "code": "123456"}`.
struct SignInForm: Decodable {
    var name: String
    var password: String
    var code: String?
}
/// `{"fields": {"credit_code": "…"}, "reviewer": "王审核"}`.
struct FieldValues: Decodable {
    var fields: [String: String]
    var reviewer: String?
    /// The item's revision the page showed; a change to an item changed since is refused (409), nothing saved.
    var revision: Int64?
    var pairs: [(field: String, value: String)] { fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// No field of a certificate is longer than `longestValue` characters (the longest company names are about
    /// 40): a longer one is refused, not stored.
    static let longestValue = TypedText.longestValue

    func withinLimits() throws -> FieldValues {
        guard fields.count <= 32,
              fields.allSatisfy({ $0.key.unicodeScalars.count <= 64 && $0.value.unicodeScalars.count <= Self.longestValue }),
              (reviewer ?? "").unicodeScalars.count <= 60 else {
            throw HTTPError(.contentTooLarge, message: "a field's value is at most \(Self.longestValue) characters")
        }
        return self
    }
}

/// `{"despite": "…"}` to accept, `{"reason": "…"}` to reject; with `"reviewer"`.
/// Several items decided (or given to a reviewer) at once with one reason (`/api/bulk`).
struct BulkDecision: Decodable {
    enum Action: String, Decodable {
        case reject
        case acceptAsPrinted = "accept_as_printed"
        /// Given to the reviewer `to` (empty: to nobody); the reason may be empty.
        case assign
    }

    var ids: [Int64]
    var action: Action
    var reason: String
    var reviewer: String?
    var to: String?

    func withinLimits() throws -> BulkDecision {
        guard ids.count <= 500 else { throw HTTPError(.contentTooLarge, message: "at most 500 items at once") }
        guard action == .assign || !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw HTTPError(.badRequest, message: "say why")
        }
        guard (to ?? "").unicodeScalars.count <= 60 else { throw HTTPError(.contentTooLarge, message: "no such reviewer") }
        guard reason.unicodeScalars.count <= TypedText.longestReason, (reviewer ?? "").unicodeScalars.count <= 60 else {
            throw HTTPError(.contentTooLarge, message: "a reason is at most 500 characters")
        }
        return self
    }
}

struct BulkAnswer: Encodable {
    struct Refusal: Encodable {
        var id: Int64
        var reason: String
    }

    var done: [Int64] = []
    var refused: [Refusal] = []
}

struct Decision: Decodable {
    var despite: String?
    var reason: String?
    var reviewer: String?
    var revision: Int64?

    func withinLimits() throws -> Decision {
        guard (despite ?? "").unicodeScalars.count <= 500, (reason ?? "").unicodeScalars.count <= 500, (reviewer ?? "").unicodeScalars.count <= 60 else {
            throw HTTPError(.contentTooLarge, message: "a reason is at most 500 characters")
        }
        return self
    }
}

/// A reviewer saying what a page of no known type is: `{"type": "special_operation"}`.
struct TypeChoice: Decodable {
    var type: String
    var reviewer: String?
    var revision: Int64?

    func chosen(_ words: Wording) throws -> DocumentType {
        guard let type = DocumentType(rawValue: type), type != .unknown, (reviewer ?? "").unicodeScalars.count <= 60 else {
            throw HTTPError(.badRequest, message: words.say("no such certificate type"))
        }
        return type
    }
}

/// The review desk's answer to a change, as the page reads it: the values as normalised (personal numbers masked
/// on a server with accounts, where a whole number is shown only when asked for), the problems (empty: passes
/// every rule), and whether the item now waits for an approver.
struct ReviewAnswer: Encodable {
    var status: String?
    var fields: [String: String]
    var problems: [Problem]
    /// Each problem in the page's words (Chinese by default), in the order of `problems`.
    var words: [String]
    var passes: Bool
    var awaitingApproval: Bool?
    /// Fields whose value a reviewer typed and no reading of the page showed: "passes" never hides them.
    var typed: [String]
    /// The item's revision after the change: the page's next change is worked out from it.
    var revision: Int64?

    init(_ update: ItemUpdate, type: DocumentType, masked: Bool, wording: Wording) {
        status = nil
        fields = Self.shown(update.fields, type: type, masked: masked)
        problems = update.problems
        words = update.problems.map { wording.words(for: $0, type: type) }
        passes = update.problems.filter { !$0.rule.hasPrefix("review.") }.isEmpty
        // Whether a typed personal number is one the page's readings showed would confirm a guess of it, digit
        // by digit: where numbers are masked, that is not said while typing.
        typed = update.fields.filter { name, field in
            field.typed == true && !(masked && Masking.isPersonal(field: name, type: type))
        }.keys.sorted()
    }

    init(_ item: StoredItem, masked: Bool, wording: Wording, awaitingApproval: Bool? = nil) {
        status = item.status.rawValue
        fields = Self.shown(item.fields, type: item.type, masked: masked)
        problems = item.problems
        words = item.problems.map { wording.words(for: $0, type: item.type) }
        passes = item.problems.filter { !$0.rule.hasPrefix("review.") }.isEmpty
        typed = item.typedFields
        revision = item.revision
        self.awaitingApproval = awaitingApproval
    }

    private static func shown(_ fields: [String: ExtractedField], type: DocumentType, masked: Bool) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields.map { name, field in
            (name, masked ? Masking.displayValue(field: name, value: field.value, type: type) : field.value)
        })
    }

    enum CodingKeys: String, CodingKey {
        case status, fields, problems, words, passes, typed, revision
        case awaitingApproval = "awaiting_approval"
    }
}

/// `{"to": "name"}` gives an item to a reviewer (empty or absent: to nobody), with an optional reason.
struct Assignment: Decodable {
    var to: String?
    var reason: String?

    func withinLimits() throws -> Assignment {
        guard (to ?? "").unicodeScalars.count <= 60, (reason ?? "").unicodeScalars.count <= 500 else {
            throw HTTPError(.contentTooLarge, message: "a reason is at most 500 characters")
        }
        return self
    }
}
