import Accounts
import Foundation
import Hummingbird
import Review

/// The signed-in person's own account at `/account`: a new password, and enrolling (or removing) a second factor —
/// the secret shown as text and as a QR image, kept only once a code from the authenticator proves it was taken.
struct AccountRoutes {
    let signIn: SignInDesk
    /// What the account page calls things.
    let wording: Wording

    func add(to router: Router<ReviewContext>) {
        router.get("/account") { _, context in
            var visitor = Visitor(context)
            visitor.words = wording
            return ReviewController.html(Pages.account(try person(context).account, visitor: visitor))
        }
        router.post("/api/account/password") { request, context in
            let body = try await request.decode(as: PasswordChange.self, context: context)
            try refusing { try signIn.changePassword(of: try person(context).account, current: body.current, new: body.new) }
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        // A secret to enrol: nothing is stored until a code confirms it.
        router.post("/api/account/second-factor/new") { _, context in
            let account = try person(context).account
            let secret = SecondFactor.newSecret()
            let url = SecondFactor.enrolmentURL(secret: secret, account: account.name)
            return ReviewController.json(Enrolment(secret: secret, typed: SecondFactor.typedSecret(secret), url: url,
                                               qrSVG: QRCode(url)?.svg() ?? ""))
        }
        router.post("/api/account/second-factor") { request, context in
            let body = try await request.decode(as: EnrolmentConfirmation.self, context: context)
            try refusing { try signIn.enrolSecondFactor(of: try person(context).account, secret: body.secret, code: body.code) }
            return ReviewController.json(["enrolled": true])
        }
    }

    /// A refused change answers 403 (a wrong current password) or 400 (what was asked cannot be).
    private func refusing(_ change: () throws -> Void) throws {
        do {
            try change()
        } catch let refusal as OwnAccountRefusal {
            throw HTTPError(refusal == .wrongCurrentPassword ? .forbidden : .badRequest, message: refusal.description)
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
