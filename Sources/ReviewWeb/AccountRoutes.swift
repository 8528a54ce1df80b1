import Accounts
import Archive
import Foundation
import Hummingbird

/// The signed-in person's own account at `/account`: a new password, and enrolling (or removing) a second factor —
/// the secret shown as text and as a QR image, kept only once a code from the authenticator proves it was taken.
struct AccountRoutes {
    let archive: ArchiveDatabase

    func add(to router: Router<ReviewContext>) {
        router.get("/account") { _, context in
            ReviewServer.html(Pages.account(try person(context).account, visitor: Visitor(context)))
        }
        router.post("/api/account/password") { request, context in
            let body = try await request.decode(as: PasswordChange.self, context: context)
            var account = try person(context).account
            guard body.current.utf8.count <= 200, Passwords.verify(body.current, hash: account.passwordHash) else {
                throw HTTPError(.forbidden, message: "the current password is wrong")
            }
            if let problem = Passwords.problem(with: body.new) { throw HTTPError(.badRequest, message: problem) }
            account.passwordHash = Passwords.hash(body.new)
            try archive.updateAccount(account, action: "password", detail: "changed by its holder", by: account.name)
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        // A secret to enrol: nothing is stored until a code confirms it.
        router.post("/api/account/second-factor/new") { _, context in
            let account = try person(context).account
            let secret = SecondFactor.newSecret()
            let url = SecondFactor.enrolmentURL(secret: secret, account: account.name)
            return ReviewServer.json(Enrolment(secret: secret, typed: SecondFactor.typedSecret(secret), url: url,
                                               qrSVG: QRCode(url)?.svg() ?? ""))
        }
        router.post("/api/account/second-factor") { request, context in
            let body = try await request.decode(as: EnrolmentConfirmation.self, context: context)
            var account = try person(context).account
            guard body.secret.count == 20, SecondFactor.accepts(body.code, secret: body.secret, at: Date()) else {
                throw HTTPError(.badRequest, message: "that code is not the authenticator's for this secret: try again")
            }
            account.totpSecret = body.secret
            try archive.updateAccount(account, action: "second factor enrolled", by: account.name)
            return ReviewServer.json(["enrolled": true])
        }
    }

    private func person(_ context: ReviewContext) throws -> SignedIn {
        guard let person = context.person else { throw HTTPError(.forbidden, message: "sign in as a person first") }
        return person
    }
}

struct PasswordChange: Decodable {
    var current: String
    var new: String
}

struct Enrolment: Encodable {
    var secret: String
    var typed: String
    var url: String
    var qrSVG: String

    enum CodingKeys: String, CodingKey {
        case secret, typed, url
        case qrSVG = "qr_svg"
    }
}

struct EnrolmentConfirmation: Decodable {
    var secret: String
    var code: String
}
