import Accounts
import Foundation
import HTTPTypes
import Hummingbird

/// Signing in and out of the web UI.
extension ReviewController {
    /// The sign-in page on a server with accounts. Without accounts: the token's cookie, set only for the
    /// server's own token (nothing a request brings is written into a header unchecked), or nothing to do.
    func loginPage(_ request: Request) throws -> Response {
        if signIn != nil {
            var visitor = Visitor()
            visitor.words = desk.wording
            return Self.html(Pages.signIn(visitor: visitor))
        }
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

    /// `{"name": "王审核", "password": "…", "code": "123456"}`: a session cookie (HttpOnly, SameSite=Strict, Secure
    /// over TLS) on success; the refusal's reason otherwise (401, or 429 while locked).
    func signInRequest(_ request: Request, _ context: ReviewContext) async throws -> Response {
        guard let signIn else { throw HTTPError(.notFound, message: "this archive has no accounts") }
        let body = try await request.decode(as: SignInForm.self, context: context)
        guard body.name.unicodeScalars.count <= 60, body.password.utf8.count <= 200, (body.code ?? "").unicodeScalars.count <= 12 else {
            throw HTTPError(.contentTooLarge, message: "too long")
        }
        do {
            let (token, _) = try signIn.signIn(name: body.name, password: body.password, code: body.code)
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[.setCookie] = "\(SignInMiddleware.cookieName)=\(token); HttpOnly; SameSite=Strict; Path=/"
                + (overTLS ? "; Secure" : "")
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "{\"signed_in\":true}")))
        } catch let refusal as SignInRefusal {
            let status: HTTPResponse.Status = if case .locked = refusal { .tooManyRequests } else { .unauthorized }
            return Response(status: status, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(["error": desk.wording.language == .zh ? refusal.chinese : refusal.description]))))
        }
    }

    func signOut(_ request: Request) throws -> Response {
        if let signIn, let token = WebAccess.cookie(SignInMiddleware.cookieName, in: request) {
            try signIn.signOut(token: token)
        }
        return Response(status: .seeOther, headers: [
            .location: "/login",
            .setCookie: "\(SignInMiddleware.cookieName)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
        ])
    }
}
