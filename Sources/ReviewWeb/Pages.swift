import Archive
import Foundation
import IngestCore
import Review

/// Who is looking at a page: the signed-in account (on a server with accounts), or the one loopback reviewer.
struct Visitor {
    var name: String?
    var role: AccountRole?
    var csrfToken: String?
    /// What fields, types and problems are called (Chinese by default on a served archive).
    var words = Wording.english

    init(_ context: ReviewContext) {
        name = context.person?.account.name
        role = context.role
        csrfToken = context.person?.csrfToken
    }

    init(name: String? = nil, role: AccountRole? = nil, csrfToken: String? = nil) {
        self.name = name; self.role = role; self.csrfToken = csrfToken
    }

    var readsHistory: Bool { role?.readsHistory ?? true }
    var corrects: Bool { role?.corrects ?? true }
    var approves: Bool { role?.approves ?? false }
    var revealsNumbers: Bool { role?.revealsNumbers ?? false }

    /// One of the pages' own phrases in the visitor's wording (`interface` in `pipelines/wording.yaml`).
    func say(_ english: String) -> String { words.say(english) }
}

/// The HTML pages, self-contained (no network needed): sign-in, the queue, search and an item's review screen.
enum Pages {
    /// Every item whose number, holder or issuer contains the query, any status; ID numbers masked.
    static func search(_ query: String, _ items: [StoredItem], visitor: Visitor = Visitor()) -> String {
        struct Row { var id: Int64, status: String, type: String, number: String, holder: String, issuer: String, expiry: String }
        struct View { var words: [String: String], query: String, count: Int, rows: [Row] }
        let rows = items.map { item in
            let shown = { (name: String) in item.fields[name].map { Masking.displayValue(field: name, value: $0.value, type: item.type) } ?? "" }
            return Row(id: item.id, status: visitor.say(item.status.rawValue), type: visitor.words.typeName(item.type),
                       number: shown(FieldName.certificateNumber), holder: shown(FieldName.holder),
                       issuer: shown(FieldName.issuer), expiry: shown(FieldName.expiryDate))
        }
        let words = PageTemplates.words(visitor, [
            "queue": "queue", "desk": "administrator's desk", "search": "Search", "records": "record(s)", "id": "id",
            "status": "status", "type": "type", "number": "certificate number", "holder": "holder", "issuer": "issuer",
            "expires": "expires",
        ])
        return page(title: visitor.say("Search"), visitor: visitor,
                    body: PageTemplates.render(View(words: words, query: query, count: items.count, rows: rows), "search"))
    }

    /// A page; for a signed-in visitor with who is signed in, a sign-out button, and the session's CSRF token
    /// for the page's script to send with every change.
    static func page(title: String, visitor: Visitor = Visitor(), body: String) -> String {
        PageTemplates.render(PageView(
            language: visitor.words.htmlLanguage, title: title, csrfToken: visitor.csrfToken,
            person: visitor.name.map { PageView.Person(name: $0, role: visitor.say(visitor.role?.rawValue ?? ""), signOut: visitor.say("sign out")) },
            body: body), "page")
    }

}

extension AuditEvent {
    /// The event with the personal numbers it changed masked, as every list shows them.
    func masked(type: DocumentType) -> AuditEvent {
        guard let field else { return self }
        var event = self
        event.oldValue = oldValue.map { Masking.displayValue(field: field, value: $0, type: type) }
        event.newValue = newValue.map { Masking.displayValue(field: field, value: $0, type: type) }
        return event
    }
}
