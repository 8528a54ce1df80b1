import Accounts
import Archive
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import Review

/// The reviewer web UI's routes: the queue at `/`, an item's review page, its page image, its history, and a
/// small JSON API the page uses (check while typing, save, accept, reject, approve, send back, reveal) — the same
/// `ReviewDesk` the command line uses, so the rules are ingest's.
///
/// Two ways to serve: an archive with accounts needs everyone signed in (`signIn`), and each role and company
/// scope decides what is shown and allowed; an archive without accounts serves loopback (or the token's holders)
/// as one reviewer who types his name.
public struct ReviewController: Sendable {
    /// The web UI's only way to the archive.
    let desk: ReviewDesk
    let access: WebAccess
    let requestGuard: RequestGuard
    let signIn: SignInDesk?
    /// Whether the server is reached over TLS: its session cookie is then `Secure`.
    let overTLS: Bool
    /// The statistics page of the records given (`certarchive report`'s); nil: no /report.
    let statisticsPage: (@Sendable ([RecordSummary]) -> String)?
    /// What the administrator's desk judges companies and expiry by; nil: no /desk.
    let deskSettings: DeskSettings?
    let asOf: @Sendable () -> PrintedDate
    /// Where the original files are found and how they are drawn; nil: only the images ingest kept are shown.
    let originals: OriginalScans?

    public init(desk: ReviewDesk, access: WebAccess, requestGuard: RequestGuard,
                signIn: SignInDesk? = nil, overTLS: Bool = false,
                statisticsPage: (@Sendable ([RecordSummary]) -> String)? = nil, deskSettings: DeskSettings? = nil,
                originals: OriginalScans? = nil, asOf: @escaping @Sendable () -> PrintedDate) {
        self.deskSettings = deskSettings; self.originals = originals
        self.desk = desk; self.access = access; self.requestGuard = requestGuard
        self.signIn = signIn; self.overTLS = overTLS; self.statisticsPage = statisticsPage; self.asOf = asOf
    }

    public func router() -> Router<ReviewContext> {
        let router = Router(context: ReviewContext.self)
        router.add(middleware: RequestGuardMiddleware(requestGuard: requestGuard, overTLS: overTLS))
        router.add(middleware: ArchiveUnavailableMiddleware())
        if let signIn {
            router.add(middleware: SignInMiddleware(desk: signIn, apiKey: access))
        } else {
            router.add(middleware: AccessMiddleware(access: access))
        }
        addSignIn(to: router)
        addPages(to: router)
        addReviewActions(to: router)
        addAssignment(to: router)
        addDesk(to: router)
        addScans(to: router)
        return router
    }

    private func addSignIn(to router: Router<ReviewContext>) {
        router.get("/login") { request, _ in try loginPage(request) }
        router.post("/login") { request, context in try await signInRequest(request, context) }
        router.post("/logout") { request, _ in try signOut(request) }
        // Script and style are files of their own, so the pages' Content-Security-Policy allows no inline script.
        router.get("/assets/style.css") { _, _ in Self.asset(Pages.style, type: "text/css; charset=utf-8") }
        router.get("/assets/item.js") { _, _ in Self.script(Pages.script) }
        router.get("/assets/queue.js") { _, _ in Self.script(Pages.queueScript) }
        router.get("/assets/login.js") { _, _ in Self.script(Pages.loginScript) }
        router.get("/assets/account.js") { _, _ in Self.script(Pages.accountScript) }
        router.get("/assets/desk.js") { _, _ in Self.script(Pages.deskScript) }
        if let signIn { AccountRoutes(signIn: signIn, wording: desk.wording).add(to: router) }
    }

    /// The pages: queue, search, statistics, integrity, an item and its image and history.
    private func addPages(to router: Router<ReviewContext>) {
        router.get("/") { request, context in
            let admits = try scopedCodes(context)
            let parameters = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) },
                                        uniquingKeysWith: { first, _ in first })
            return Self.html(Pages.queue(try queue(context), query: QueueQuery(parameters),
                                         reviewedToday: try desk.decidedToday().filter { admits?($0) ?? true }.count,
                                         today: asOf(), reasons: desk.presetReasons, team: try team(context),
                                         visitor: visitor(context)))
        }
        addRecordPages(to: router)
        router.get("/items/:id") { _, context in
            let item = try stored(context)
            let (previous, next) = try neighbours(of: item.id, context)
            let visitor = visitor(context)
            // A reviewer who opens an item in review holds it for a while: another person's change waits.
            let heldBy = try context.person.flatMap { person in
                item.status == .review && visitor.corrects ? try desk.open(item.id, for: person.account.name) : nil
            }
            return Self.html(Pages.item(
                item, next: next, previous: previous, heldBy: heldBy, handing: try handing(item, visitor),
                suggestions: item.status == .review ? try desk.suggestions(for: item) : [],
                history: visitor.readsHistory ? try desk.history(of: item.id) : [],
                visitor: visitor, whole: item.status == .review && signIn == nil,
                awaiting: try awaitingApproval(item), hasImage: try hasPicture(item, context),
                confirmable: item.status == .review ? desk.confirmableFields(of: item, asOf: asOf()) : [],
                earlier: item.status == .review ? try inScopeDecisions(desk.earlierDecisions(for: item), context) : []))
        }
        // The page as a reviewer reads it (pages.review_image_width), else the thumbnail of an older item, else
        // the page of its original file.
        router.get("/items/:id/image") { _, context in try itemPicture(try stored(context), context) }
        router.get("/api/items/:id/history") { _, context in
            try allow(context, "read an item's history") { $0.readsHistory }
            // Personal numbers masked, as in every list: the item's page shows them where a reviewer needs them.
            let item = try stored(context)
            return Self.json(try desk.history(of: item.id).map { $0.masked(type: item.type) })
        }
    }

    /// What the item page's script sends: check, save, accept, approve, send back, reject, reveal.
    private func addReviewActions(to router: Router<ReviewContext>) {
        router.post("/api/items/:id/check") { request, context in
            try allow(context, "correct fields") { $0.corrects }
            let body = try await request.decode(as: FieldValues.self, context: context).withinLimits()
            let item = try stored(context)
            let update = try reviewing { try desk.check(item.id, values: body.pairs, asOf: asOf()) }
            return Self.json(ReviewAnswer(update, type: item.type, masked: signIn != nil, wording: desk.wording))
        }
        router.post("/api/items/:id/fields") { request, context in
            try allow(context, "correct fields") { $0.corrects }
            let body = try await request.decode(as: FieldValues.self, context: context).withinLimits()
            try notHeldByAnother(context)
            let item = try reviewing {
                try desk.set(try stored(context).id, values: body.pairs, reviewer: actor(context, body.reviewer), asOf: asOf(),
                             seen: body.revision)
            }
            return Self.json(ReviewAnswer(item, masked: signIn != nil, wording: desk.wording))
        }
        router.post("/api/items/:id/accept") { request, context in
            try allow(context, "accept items") { $0.corrects }
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            try notHeldByAnother(context)
            let item = try reviewing {
                try desk.accept(try stored(context).id, reviewer: actor(context, body.reviewer), despite: body.despite,
                                mayApprove: context.role?.approves ?? true, seen: body.revision)
            }
            return Self.json(ReviewAnswer(item, masked: signIn != nil, wording: desk.wording, awaitingApproval: desk.isAwaitingApproval(item)))
        }
        router.post("/api/items/:id/approve") { request, context in
            try allow(context, "approve changes") { $0.approves }
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            try notHeldByAnother(context, approving: true)
            let item = try reviewing { try desk.approve(try stored(context).id, approver: actor(context, nil), seen: body.revision) }
            return Self.json(ReviewAnswer(item, masked: signIn != nil, wording: desk.wording))
        }
        router.post("/api/items/:id/send-back") { request, context in
            try allow(context, "send changes back") { $0.approves }
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            guard let reason = body.reason, !reason.isEmpty else { throw HTTPError(.badRequest, message: desk.wording.say("say why")) }
            try notHeldByAnother(context, approving: true)
            let item = try reviewing {
                try desk.sendBack(try stored(context).id, approver: actor(context, nil), reason: reason, seen: body.revision)
            }
            return Self.json(ReviewAnswer(item, masked: signIn != nil, wording: desk.wording))
        }
        router.post("/api/items/:id/reject") { request, context in
            try allow(context, "reject items") { $0.corrects }
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            guard let reason = body.reason, !reason.isEmpty else { throw HTTPError(.badRequest, message: desk.wording.say("say why")) }
            try notHeldByAnother(context)
            let item = try reviewing {
                try desk.reject(try stored(context).id, reviewer: actor(context, body.reviewer), reason: reason, seen: body.revision)
            }
            return Self.json(ReviewAnswer(item, masked: signIn != nil, wording: desk.wording))
        }
        // What a page the classifier did not recognise is, said by a reviewer: its type, then its fields as that type.
        router.post("/api/items/:id/type") { request, context in
            try allow(context, "correct fields") { $0.corrects }
            let body = try await request.decode(as: TypeChoice.self, context: context)
            let type = try body.chosen(desk.wording)
            try notHeldByAnother(context)
            let item = try reviewing {
                try desk.setType(try stored(context).id, to: type, reviewer: actor(context, body.reviewer), asOf: asOf(),
                                 seen: body.revision)
            }
            return Self.json(ReviewAnswer(item, masked: signIn != nil, wording: desk.wording))
        }
        // An accepted or rejected item back into the queue, with why: undoing a decision needs no command line.
        router.post("/api/items/:id/reopen") { request, context in
            try allow(context, "reopen items") { $0.corrects }
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            guard let reason = body.reason?.trimmingCharacters(in: .whitespaces), !reason.isEmpty else {
                throw HTTPError(.badRequest, message: desk.wording.say("say why"))
            }
            let item = try reviewing {
                try desk.reopen(try stored(context).id, reviewer: actor(context, body.reviewer), reason: reason, asOf: asOf())
            }
            return Self.json(ReviewAnswer(item, masked: signIn != nil, wording: desk.wording))
        }
        router.post("/api/bulk") { request, context in
            try allow(context, "decide items") { $0.corrects }
            let body = try await request.decode(as: BulkDecision.self, context: context).withinLimits()
            return Self.json(try decide(body, context))
        }
        router.post("/api/items/:id/reveal") { _, context in
            try allow(context, "see whole personal numbers") { $0.revealsNumbers }
            return Self.json(try reveal(try stored(context), context))
        }
    }

    /// Earlier decisions on items the visitor may see.
    private func inScopeDecisions(_ decisions: [EarlierDecision], _ context: ReviewContext) throws -> [EarlierDecision] {
        guard let admits = try scopedCodes(context) else { return decisions }
        return decisions.filter { admits($0.itemID) }
    }

    /// The approval step an item waits for, with the changes to approve; nil when it waits for none.
    private func awaitingApproval(_ item: StoredItem) throws -> AwaitingApproval? {
        guard desk.isAwaitingApproval(item), let steps = desk.approvalSteps else { return nil }
        return AwaitingApproval(firstStep: steps.first, secondStep: steps.second, changes: try desk.pendingChanges(item.id))
    }

    // MARK: who may do what, and see which items

    /// Who the page is for, in the desk's wording.
    func visitor(_ context: ReviewContext) -> Visitor {
        var visitor = Visitor(context)
        visitor.words = desk.wording
        return visitor
    }

    /// Refuses (403) what the request's role may not do. A server without accounts has one reviewer, who may.
    func allow(_ context: ReviewContext, _ what: String, _ rule: (AccountRole) -> Bool) throws {
        guard let role = context.role else { return }
        guard rule(role) else {
            let words = desk.wording
            throw HTTPError(.forbidden, message: words.language == .zh ? "\(words.say(role.rawValue))无权\(words.say(what))"
                                                                          : "a \(role.rawValue) may not \(what)")
        }
    }

    /// Who the history names: the signed-in account, or on a server without accounts the name the page sends
    /// (in the request's JSON: a name in Chinese cannot travel in a header, and a person's name never does).
    /// Who acts: the signed-in person, else (an archive without accounts) the name typed at the top of the page.
    /// A change without a name is refused: the history must say who made it.
    func actor(_ context: ReviewContext, _ typed: String?) throws -> String {
        if let person = context.person { return person.account.name }
        let name = (typed ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw HTTPError(.badRequest, message: desk.wording.say("type your name at the top of the page first: the history keeps who made each change"))
        }
        return String(name.prefix(60))
    }

    /// The items an account limited to some companies may see: theirs, and their people's.
    func inScope(_ items: [StoredItem], _ context: ReviewContext) throws -> [StoredItem] {
        guard let admits = try scopedCodes(context) else { return items }
        return items.filter { admits($0.id) }
    }

    /// Whether an item id lies within the account's companies; nil when the account sees every company.
    func scopedCodes(_ context: ReviewContext) throws -> ((Int64) -> Bool)? {
        guard let account = context.person?.account, account.isScoped else { return nil }
        let codes = try desk.companyCodes(), allowed = Set(account.companies)
        return { !(codes[$0] ?? []).isDisjoint(with: allowed) }
    }

    private func queue(_ context: ReviewContext) throws -> [StoredItem] {
        try inScope(try desk.queue(), context)
    }

    /// The items before and after this one in the queue (for an item no longer in it, the queue's first).
    private func neighbours(of id: Int64, _ context: ReviewContext) throws -> (previous: Int64?, next: Int64?) {
        // In the queue page's own order (oldest first), so Enter, accept, next walks the whole queue.
        var ids = try desk.queueIDs().sorted()
        if let admits = try scopedCodes(context) { ids = ids.filter(admits) }
        guard let index = ids.firstIndex(of: id) else { return (ids.first, ids.first) }
        func at(_ i: Int) -> Int64? { ids.indices.contains(i) ? ids[i] : nil }
        return (at(index - 1), at(index + 1))
    }

    /// The item the route names; 404 when there is none or it lies outside the account's companies (so its
    /// existence is not told either).
    func stored(_ context: ReviewContext) throws -> StoredItem {
        let id = try context.parameters.require("id", as: Int64.self)
        guard let item = try desk.item(id), try !inScope([item], context).isEmpty else {
            throw HTTPError(.notFound, message: "no such item")
        }
        return item
    }

    /// The item's personal numbers whole, for one who asked; each number shown is recorded in the history.
    private func reveal(_ item: StoredItem, _ context: ReviewContext) throws -> [String: [String: String]] {
        var whole: [String: String] = [:]
        for (name, field) in item.fields.sorted(by: { $0.key < $1.key })
        where Masking.displayValue(field: name, value: field.value, type: item.type) != field.value {
            whole[name] = field.value
            try desk.recordReveal(of: name, item: item.id, to: actor(context, nil), reason: "shown whole on the item's page")
        }
        return ["fields": whole]
    }

    /// A review action the desk refuses (or that needs the key the server was not given) answers 409 with its
    /// reason; a missing item 404.
    func reviewing<T>(_ action: () throws -> T) throws -> T {
        do {
            return try action()
        } catch let error as ReviewError {
            if case .noSuchItem = error { throw HTTPError(.notFound, message: desk.wording.refusal(error)) }
            throw HTTPError(.conflict, message: desk.wording.refusal(error))
        } catch let error as PersonalDataError {
            // An encrypted archive served without its key: its personal numbers cannot be changed.
            throw HTTPError(.conflict, message: error.description)
        }
    }

    /// A page's script, in a block of its own: a page loads two (its own and the sign-out button's), and two
    /// top-level `const`s of one name would stop the second from running at all.
    static func script(_ text: String) -> Response {
        asset("{\n" + text + "\n}\n", type: "text/javascript; charset=utf-8")
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An HTML page; `policy`: a Content-Security-Policy of its own instead of the pages' (RequestGuard).
    static func html(_ text: String, policy: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if let policy { headers[RequestGuard.policyHeader] = policy }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The statistics page is `certarchive report`'s, self-contained: its style inline, its charts inline SVG, no
    /// script at all.
    static let reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
        + "base-uri 'none'; form-action 'none'"

    static func json<T: Encodable>(_ value: T) -> Response {
        let data = (try? JSONOutput.encoder().encode(value)) ?? Data("null".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
