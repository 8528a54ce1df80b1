import Accounts
import Foundation
import HTTPTypes
import Hummingbird

/// On a server whose archive has accounts: nothing is served to a request without a live session — but the
/// sign-in page and the pages' script and style — and every change must carry its session's CSRF token in
/// `X-CSRF-Token` (besides the Origin check in front of it). The API key (`Authorization: Bearer`) reads only.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = ReviewContext
    let desk: SignInDesk
    let apiKey: WebAccess

    static let cookieName = "certarchive_session"
    static let csrfHeader = HTTPField.Name.named("X-CSRF-Token")

    func handle(_ request: Request, context: ReviewContext, next: (Request, ReviewContext) async throws -> Response)
        async throws -> Response {
        let path = request.uri.path
        if path == "/login" || path.hasPrefix("/assets/") { return try await next(request, context) }
        var context = context
        let changes = ![.get, .head].contains(request.method)
        if apiKey.requiresToken, let token = WebAccess.bearer(in: request) {
            guard apiKey.matches(token) else { return Self.refuse(.unauthorized, "wrong API key") }
            guard !changes else { return Self.refuse(.forbidden, "the API key reads only: sign in to change anything") }
            context.viaAPIKey = true
            return try await next(request, context)
        }
        guard let token = WebAccess.cookie(Self.cookieName, in: request), let person = try desk.session(token: token) else {
            if !changes, !path.hasPrefix("/api/") {
                // Signed in again, the person lands back where the session ended (an item's typing kept by the page).
                let back = path == "/" ? "" : "?next=" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")
                return Response(status: .seeOther, headers: [.location: "/login" + back])
            }
            return Self.refuse(.unauthorized, "sign in first: /login")
        }
        if changes, request.headers[Self.csrfHeader] != person.csrfToken {
            return Self.refuse(.forbidden, "a change must carry this session's CSRF token")
        }
        context.person = person
        return try await next(request, context)
    }

    static func refuse(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: reason + "\n")))
    }
}
