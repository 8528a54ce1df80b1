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
    /// Seals the secrets this server offers.
    let enrolment = SecondFactorEnrolment()

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
        // A secret to enrol, made here and handed out sealed: nothing is stored until a code confirms it, with the
        // holder's password (and the current factor's code).
        router.post("/api/account/second-factor/new") { _, context in
            let account = try person(context).account
            let (secret, proof) = enrolment.offer(for: account, at: Date())
            let url = SecondFactor.enrolmentURL(secret: secret, account: account.name)
            return ReviewController.json(Enrolment(secret: secret, proof: proof, typed: SecondFactor.typedSecret(secret),
                                                   url: url, qrSVG: QRCode(url)?.svg() ?? ""))
        }
        router.post("/api/account/second-factor") { request, context in
            let body = try await request.decode(as: EnrolmentConfirmation.self, context: context)
            try refusing {
                try signIn.enrolSecondFactor(of: try person(context).account, password: body.password,
                                             currentCode: body.currentCode, enrolment: enrolment, proof: body.proof,
                                             code: body.code)
            }
            return ReviewController.json(["enrolled": true])
        }
    }

    /// A refused change answers 403 (a wrong current password or code), 429 (locked) or 400 (what was asked
    /// cannot be).
    private func refusing(_ change: () throws -> Void) throws {
        do {
            try change()
        } catch let refusal as OwnAccountRefusal {
            let status: HTTPResponse.Status = switch refusal {
            case .wrongCurrentPassword, .wrongCurrentCode: .forbidden
            case .locked: .tooManyRequests
            default: .badRequest
            }
            throw HTTPError(status, message: wording.say(refusal.description))
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
    /// The secret sealed by this server: what the confirmation brings back.
    var proof: String
    var typed: String
    var url: String
    var qrSVG: String

    enum CodingKeys: String, CodingKey {
        case secret, proof, typed, url
        case qrSVG = "qr_svg"
    }
}

struct EnrolmentConfirmation: Decodable {
    var proof: String
    var code: String
    var password: String
    var currentCode: String?

    enum CodingKeys: String, CodingKey {
        case proof, code, password
        case currentCode = "current_code"
    }
}
