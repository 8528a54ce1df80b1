import Crypto
import Foundation
import IngestCore
import HTTPTypes
import Hummingbird

/// Who may use the web UI. With a token set (a salted SHA-256 of it stored in the archive), every request must
/// carry it — `Authorization: Bearer TOKEN`, or the `certarchive_token` cookie that `/login?token=…` sets — or
/// nothing is served, not a page, not an image, not an ID number. Without one, only loopback binding is allowed (`serve`
/// refuses any other address).
public struct WebAccess: Sendable {
    /// What the archive stores for the token: `sha256$SALT$HEX` (`digest(of:)`), or the bare SHA-256 hex that
    /// archives stored before salts.
    let tokenSHA256: String?

    public init(tokenSHA256: String?) {
        self.tokenSHA256 = tokenSHA256
    }

    public var requiresToken: Bool { tokenSHA256 != nil }

    public static func sha256(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// What to store for `token`: its SHA-256 with a random salt of its own, so that two archives with the same
    /// token store different digests and no table of digests answers for them.
    public static func digest(of token: String) -> String {
        let salt = Hex.random(bytes: 16)
        return "sha256$\(salt)$" + sha256(salt + token)
    }

    /// Whether `token` is the one whose digest the archive stores. Compared as digests, so the time taken tells
    /// nothing about the token.
    public func matches(_ token: String) -> Bool {
        guard let stored = tokenSHA256 else { return true }
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "sha256" { return Self.sha256(parts[1] + token) == parts[2] }
        return Self.sha256(token) == stored
    }

    func allows(_ request: Request) -> Bool {
        guard requiresToken else { return true }
        guard let token = Self.token(in: request) else { return false }
        return matches(token)
    }

    static func token(in request: Request) -> String? {
        bearer(in: request) ?? cookie("certarchive_token", in: request)
    }

    static func bearer(in request: Request) -> String? {
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") else { return nil }
        return String(authorization.dropFirst("Bearer ".count))
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for cookie in field.split(separator: ";") {
                let parts = cookie.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == name { return String(parts[1]) }
            }
        }
        return nil
    }
}

/// Refuses every request without the token (when one is set, on a server without accounts), but the login page
/// itself.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let access: WebAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response {
        if request.uri.path == "/login" || request.uri.path.hasPrefix("/assets/") || access.allows(request) {
            return try await next(request, context)
        }
        return Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: "a token is needed: open /login?token=…\n")))
    }
}
