import Archive
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import Pipeline

/// The reviewer web UI's routes: the queue at `/`, an item's review page, its page image, its history, and a
/// small JSON API the page uses (check while typing, save, accept, reject) — the same `ReviewDesk` the command
/// line uses, so the rules are ingest's.
public struct ReviewServer: Sendable {
    let archive: ArchiveDatabase
    let desk: ReviewDesk
    let access: WebAccess
    let requestGuard: RequestGuard
    let asOf: @Sendable () -> PrintedDate

    public init(archive: ArchiveDatabase, desk: ReviewDesk, access: WebAccess, requestGuard: RequestGuard,
                asOf: @escaping @Sendable () -> PrintedDate) {
        self.archive = archive; self.desk = desk; self.access = access; self.requestGuard = requestGuard; self.asOf = asOf
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestGuardMiddleware(requestGuard: requestGuard))
        router.add(middleware: AccessMiddleware(access: access))
        router.get("/login") { request, _ in try login(request) }
        // Script and style are files of their own, so the pages' Content-Security-Policy allows no inline script.
        router.get("/assets/style.css") { _, _ in Self.asset(Pages.style, type: "text/css; charset=utf-8") }
        router.get("/assets/item.js") { _, _ in Self.asset(Pages.script, type: "text/javascript; charset=utf-8") }
        router.get("/assets/queue.js") { _, _ in Self.asset(Pages.queueScript, type: "text/javascript; charset=utf-8") }
        router.get("/") { _, _ in Self.html(Pages.queue(try queue(), reviewedToday: try reviewedToday())) }
        router.get("/search") { request, _ in
            let query = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            return Self.html(Pages.search(query, query.isEmpty ? [] : try archive.search(query)))
        }
        router.get("/items/:id") { _, context in
            let item = try stored(context)
            let (previous, next) = try neighbours(of: item.id)
            return Self.html(Pages.item(item, next: next, previous: previous,
                                        suggestions: item.status == .review ? try archive.reviewerCorrections(for: item) : [],
                                        history: try archive.history(itemID: item.id)))
        }
        router.get("/items/:id/image") { _, context in
            guard let png = try stored(context).thumbnailPNG else { throw HTTPError(.notFound, message: "no page image kept") }
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "private, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.get("/api/items/:id/history") { _, context in
            // Personal numbers masked, as in every list: the item's page shows them where a reviewer needs them.
            let item = try stored(context)
            return Self.json(try archive.history(itemID: item.id).map { $0.masked(type: item.type) })
        }
        router.post("/api/items/:id/check") { request, context in
            let body = try await request.decode(as: FieldValues.self, context: context).withinLimits()
            let update = try reviewing { try desk.check(try id(context), values: body.pairs, asOf: asOf()) }
            return Self.json(Verdict(update))
        }
        router.post("/api/items/:id/fields") { request, context in
            let body = try await request.decode(as: FieldValues.self, context: context).withinLimits()
            let item = try reviewing {
                try desk.set(try id(context), values: body.pairs, reviewer: reviewer(body.reviewer), asOf: asOf())
            }
            return Self.json(Verdict(item))
        }
        router.post("/api/items/:id/accept") { request, context in
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            let item = try reviewing { try desk.accept(try id(context), reviewer: reviewer(body.reviewer), despite: body.despite) }
            return Self.json(Verdict(item))
        }
        router.post("/api/items/:id/reject") { request, context in
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            guard let reason = body.reason, !reason.isEmpty else { throw HTTPError(.badRequest, message: "say why") }
            let item = try reviewing { try desk.reject(try id(context), reviewer: reviewer(body.reviewer), reason: reason) }
            return Self.json(Verdict(item))
        }
        return router
    }

    // MARK: handlers' parts

    /// Sets the token's cookie once the token is the server's: nothing a request brings is written into a header
    /// unchecked. A server without a token needs no cookie.
    private func login(_ request: Request) throws -> Response {
        guard access.requiresToken else { return Response(status: .seeOther, headers: [.location: "/"]) }
        guard let token = request.uri.queryParameters["token"].map(String.init),
              token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) }),
              access.matches(token) else {
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "wrong or missing token\n")))
        }
        return Response(status: .seeOther, headers: [
            .location: "/",
            .setCookie: "certarchive_token=\(token); HttpOnly; SameSite=Strict; Path=/",
        ])
    }

    private func queue() throws -> [StoredItem] {
        var filter = ItemFilter()
        filter.statuses = [.review]
        return try archive.items(filter)
    }

    private func reviewedToday() throws -> Int {
        try archive.reviewerEventsToday()
    }

    /// The items before and after this one in the queue (for an item no longer in it, the queue's first).
    private func neighbours(of id: Int64) throws -> (previous: Int64?, next: Int64?) {
        var filter = ItemFilter()
        filter.statuses = [.review]
        let ids = try archive.itemIDs(filter)
        guard let index = ids.firstIndex(of: id) else { return (ids.first, ids.first) }
        func at(_ i: Int) -> Int64? { ids.indices.contains(i) ? ids[i] : nil }
        return (at(index - 1), at(index + 1))
    }

    private func id(_ context: BasicRequestContext) throws -> Int64 {
        try context.parameters.require("id", as: Int64.self)
    }

    private func stored(_ context: BasicRequestContext) throws -> StoredItem {
        guard let item = try archive.item(id: try id(context)) else { throw HTTPError(.notFound, message: "no such item") }
        return item
    }

    /// The reviewer's name as the page sends it, in the request's JSON: a name in Chinese cannot travel in an
    /// HTTP header, and a person's name never does.
    private func reviewer(_ name: String?) -> String {
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? "web" : String(name.prefix(60))
    }

    /// A review action the desk refuses (or that needs the key the server was not given) answers 409 with its
    /// reason; a missing item 404.
    private func reviewing<T>(_ action: () throws -> T) throws -> T {
        do {
            return try action()
        } catch let error as ReviewError {
            if case .noSuchItem = error { throw HTTPError(.notFound, message: error.description) }
            throw HTTPError(.conflict, message: error.description)
        } catch let error as PersonalDataError {
            // An encrypted archive served without its key: its personal numbers cannot be changed.
            throw HTTPError(.conflict, message: error.description)
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json<T: Encodable>(_ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// `{"fields": {"credit_code": "…"}, "reviewer": "王审核"}`.
struct FieldValues: Decodable {
    var fields: [String: String]
    var reviewer: String?
    var pairs: [(field: String, value: String)] { fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// No field of a certificate is longer than `longestValue` characters (the longest company names are about
    /// 40): a longer one is refused, not stored.
    static let longestValue = 200

    func withinLimits() throws -> FieldValues {
        guard fields.count <= 32, fields.allSatisfy({ $0.key.count <= 64 && $0.value.count <= Self.longestValue }),
              (reviewer ?? "").count <= 60 else {
            throw HTTPError(.contentTooLarge, message: "a field's value is at most \(Self.longestValue) characters")
        }
        return self
    }
}

/// `{"despite": "…"}` to accept, `{"reason": "…"}` to reject; with `"reviewer"`.
struct Decision: Decodable {
    var despite: String?
    var reason: String?
    var reviewer: String?

    func withinLimits() throws -> Decision {
        guard (despite ?? "").count <= 500, (reason ?? "").count <= 500, (reviewer ?? "").count <= 60 else {
            throw HTTPError(.contentTooLarge, message: "a reason is at most 500 characters")
        }
        return self
    }
}

/// What a change left: the values as normalised, and the problems (empty: passes every rule).
struct Verdict: Encodable {
    var status: String?
    var fields: [String: String]
    var problems: [Problem]
    var passes: Bool

    init(_ update: ItemUpdate) {
        status = nil
        fields = update.fields.mapValues(\.value)
        problems = update.problems
        passes = update.problems.filter { !$0.rule.hasPrefix("review.") }.isEmpty
    }

    init(_ item: StoredItem) {
        status = item.status.rawValue
        fields = item.fields.mapValues(\.value)
        problems = item.problems
        passes = item.problems.filter { !$0.rule.hasPrefix("review.") }.isEmpty
    }
}
