import HTTPTypes
import Hummingbird

/// What a web page the reviewer happens to open must not be able to do through the reviewer's browser: send a
/// change here (a cross-site POST), or rebind its own name to this machine and read pages as if it were this
/// server (DNS rebinding). So every request must name this server in its `Host`, and every change must come from
/// this server's own pages — as JSON, which no cross-site form or simple request can send.
public struct RequestGuard: Sendable {
    /// The host names this server answers to, lower case, without brackets; empty: any (a server behind a name
    /// nobody told it, reachable only with the access token). The name is what a rebinding changes; the port is
    /// left to whatever proxy stands in front.
    let hostNames: Set<String>

    public init(hostNames: Set<String>) {
        self.hostNames = Set(hostNames.map { $0.lowercased().trimmingCharacters(in: ["[", "]"]) })
    }

    /// The server listening on `host`: a loopback address answers to every loopback name, and to no other.
    public static func listening(on host: String, loopback: Bool, publicNames: [String]) -> RequestGuard {
        var names = Set([host] + publicNames)
        if loopback { names.formUnion(["localhost", "127.0.0.1", "::1"]) }
        if !loopback, ["0.0.0.0", "::"].contains(host), publicNames.isEmpty { names = [] }
        return RequestGuard(hostNames: names)
    }

    public struct Refusal: Equatable, Sendable {
        public var status: HTTPResponse.Status
        public var reason: String
    }

    /// Why a request is refused, or nil. `authority` is the request's `Host`; `origin`, `fetchSite` and
    /// `contentType` its headers of those names.
    public func refusal(method: HTTPRequest.Method, authority: String?, origin: String?, fetchSite: String?,
                        contentType: String?) -> Refusal? {
        guard let authority, answers(to: authority) else {
            return Refusal(status: .misdirectedRequest, reason: "this server does not answer to that host name")
        }
        guard ![.get, .head, .options].contains(method) else { return nil }
        if let origin, origin != "http://\(authority)", origin != "https://\(authority)" {
            return Refusal(status: .forbidden, reason: "a change must come from this server's own pages")
        }
        if origin == nil, let fetchSite, !["same-origin", "none"].contains(fetchSite) {
            return Refusal(status: .forbidden, reason: "a change must come from this server's own pages")
        }
        guard contentType?.lowercased().hasPrefix("application/json") == true else {
            return Refusal(status: .unsupportedMediaType, reason: "a change is sent as application/json")
        }
        return nil
    }

    /// Whether `authority` (`host`, `host:port`, `[::1]:port`) names this server.
    func answers(to authority: String) -> Bool {
        hostNames.isEmpty || hostNames.contains(Self.host(of: authority).lowercased())
    }

    /// The host of `host`, `host:port` or `[::1]:port`.
    static func host(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<end])
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[0]) : authority
    }

    /// Sent with every response: no framing by another site, no guessing of content types, no referrer to
    /// elsewhere, and nothing kept in caches (pages and images hold personal data).
    static let policyHeader = HTTPField.Name.named("Content-Security-Policy")

    static let securityHeaders: [(HTTPField.Name, String)] = [
        // No inline script at all; inline style only in attributes (the field boxes' positions on the page).
        (policyHeader, "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "style-src-attr 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
            + "base-uri 'none'"),
        (.named("X-Frame-Options"), "DENY"),
        (.named("X-Content-Type-Options"), "nosniff"),
        (.named("Referrer-Policy"), "no-referrer"),
        (.cacheControl, "no-store"),
    ]
}

/// The guard in front of every route, and its headers on every answer.
struct RequestGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let requestGuard: RequestGuard
    /// Served over TLS: browsers are told to come back only over HTTPS (HSTS).
    var overTLS = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response {
        var response: Response
        // The first Host becomes the authority; any other is left among the headers. Two names for one request are
        // two answers to "which server": refused (400), as RFC 9112 says.
        if !request.headers[values: .named("Host")].isEmpty {
            response = Response(status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "more than one Host header\n")))
        } else if let refusal = requestGuard.refusal(
            method: request.method, authority: request.head.authority,
            origin: request.headers[.origin], fetchSite: HTTPField.Name("Sec-Fetch-Site").flatMap { request.headers[$0] },
            contentType: request.headers[.contentType]) {
            response = Response(status: refusal.status, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: refusal.reason + "\n")))
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPResponseError {
                response = try error.response(from: request, context: context)
            }
        }
        for (name, value) in RequestGuard.securityHeaders {
            // A page may bring a policy of its own (the statistics page: no script at all).
            if name == RequestGuard.policyHeader, response.headers[name] != nil { continue }
            response.headers[name] = value
        }
        if overTLS { response.headers[.named("Strict-Transport-Security")] = "max-age=31536000" }
        return response
    }
}

extension HTTPField.Name {
    /// A header name written in this source, always a valid token: one the HTTP types do not name already.
    static func named(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("\(name) is not a header name") }
        return field
    }
}
