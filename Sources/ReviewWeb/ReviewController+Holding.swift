import Archive
import Foundation
import HTTPTypes
import Hummingbird
import Review

/// Items given to reviewers and held while one works on them (see `ReviewDesk+Holding`): another person's change
/// is refused with who holds the item, and a lead (an approver) gives items to reviewers, one or a selection.
extension ReviewController {
    func addAssignment(to router: Router<ReviewContext>) {
        router.post("/api/items/:id/assign") { request, context in
            try allow(context, "give items to reviewers") { $0.corrects }
            let body = try await request.decode(as: Assignment.self, context: context).withinLimits()
            let id = try stored(context).id
            // A reviewer hands on what is his or nobody's; a lead moves any item.
            if !(context.role?.approves ?? true), let hold = try holdOnChanges(id, context) {
                throw HTTPError(.conflict, message: hold)
            }
            try assign(id, to: body.to, reason: body.reason, context)
            return Self.json(["assignee": try desk.assignee(of: id) ?? ""])
        }
        router.get("/api/reviewers") { _, context in
            try allow(context, "give items to reviewers") { $0.corrects }
            return Self.json(try signIn?.reviewerNames() ?? [])
        }
    }

    /// Who the item is given to, and to whom the visitor may give it: on a server with accounts, to one who
    /// corrects, for an item in review that is not another's (a lead gives any).
    func handing(_ item: StoredItem, _ visitor: Visitor) throws -> Handing? {
        guard let signIn, item.status == .review, visitor.corrects, let name = visitor.name else { return nil }
        let assignee = try desk.assignee(of: item.id)
        let mayGive = visitor.approves || assignee == nil || assignee == name
        return Handing(assignee: assignee, reviewers: mayGive ? try signIn.reviewerNames() : [])
    }

    /// Who each item is given to, and to whom the visitor may give a selection (a lead only).
    func team(_ context: ReviewContext) throws -> Pages.QueueTeam {
        guard let signIn else { return Pages.QueueTeam() }
        return Pages.QueueTeam(assignees: try desk.assignees(),
                               reviewers: context.role?.approves == true ? try signIn.reviewerNames() : [])
    }

    /// Gives the item to a reviewer with an account that corrects (empty: to nobody), recorded as the person's act.
    func assign(_ id: Int64, to name: String?, reason: String?, _ context: ReviewContext) throws {
        guard let signIn, context.person != nil else {
            throw HTTPError(.badRequest, message: desk.wording.say("items are given to reviewers by name: this needs accounts"))
        }
        let trimmed = name?.trimmingCharacters(in: .whitespaces) ?? ""
        let reviewer = trimmed.isEmpty ? nil : trimmed
        if let reviewer, try !signIn.reviewerNames().contains(reviewer) {
            throw HTTPError(.badRequest, message: desk.wording.say("no reviewer of that name") + ": \(reviewer)")
        }
        let why = reason?.trimmingCharacters(in: .whitespaces)
        try reviewing { try desk.assign(id, to: reviewer, by: actor(context, nil), reason: why?.isEmpty == false ? why : nil) }
    }

    /// Refuses (409) a change to an item that is another signed-in person's, saying whose. An approval step is
    /// the approver's whoever the item was given to; only someone working on it holds it then.
    /// An item outside the visitor's scope is not found (404) before anything is said of who holds it.
    func notHeldByAnother(_ context: ReviewContext, approving: Bool = false) throws {
        let id = try stored(context).id
        if let hold = try holdOnChanges(id, context, approving: approving) { throw HTTPError(.conflict, message: hold) }
    }

    /// Why the signed-in person may not change the item now, in words; nil when he may.
    func holdOnChanges(_ id: Int64, _ context: ReviewContext, approving: Bool = false) throws -> String? {
        guard let person = context.person, let hold = try desk.heldByAnother(id, than: person.account.name),
              !(approving && hold.kind == .assigned) else { return nil }
        return desk.wording.hold(hold, item: id)
    }
}
