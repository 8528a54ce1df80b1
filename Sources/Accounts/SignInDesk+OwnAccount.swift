import Archive
import Foundation

/// Why a person's change to his own account was refused.
public enum OwnAccountRefusal: Error, Equatable, CustomStringConvertible {
    case wrongCurrentPassword
    case wrongCurrentCode
    case locked
    case weakPassword(String)
    case codeRefused
    case secretNotOurs

    public var description: String {
        switch self {
        case .wrongCurrentPassword: "the current password is wrong"
        case .wrongCurrentCode: "the code of the second factor now enrolled is wrong"
        case .locked: "too many failed attempts: the account is locked for a while"
        case let .weakPassword(problem): problem
        case .codeRefused: "that code is not the authenticator's for this secret: try again"
        case .secretNotOurs: "that secret was not made by this server for this account, or is too old: start again"
        }
    }
}

/// A signed-in person's changes to his own account (`/account`), each kept in the account's history. Each asks
/// for the current password (and for a second factor, its current code), counted as a sign-in attempt: a session
/// alone, left open or stolen, changes nothing, and the check is no unthrottled oracle.
extension SignInDesk {
    public func changePassword(of account: Account, current: String, new: String) throws {
        try confirmHolder(of: account, password: current, code: nil)
        if let problem = Passwords.problem(with: new) { throw OwnAccountRefusal.weakPassword(problem) }
        var changed = account
        changed.passwordHash = Passwords.hash(new)
        try archive.updateAccount(changed, action: "password", detail: "changed by its holder", by: account.name)
    }

    /// Keeps a second-factor secret the server made (`enrolment` proves it: `SecondFactorEnrolment`) once a code
    /// from the authenticator proves it was taken; the holder's password, and the current factor's code when one
    /// is enrolled, say that the holder asks it.
    public func enrolSecondFactor(of account: Account, password: String, currentCode: String?,
                                  enrolment: SecondFactorEnrolment, proof: String, code: String) throws {
        guard let secret = enrolment.secret(fromProof: proof, account: account, at: now()) else {
            throw OwnAccountRefusal.secretNotOurs
        }
        try confirmHolder(of: account, password: password, code: account.totpSecret == nil ? nil : currentCode ?? "")
        guard SecondFactor.accepts(code, secret: secret, at: now()) else { throw OwnAccountRefusal.codeRefused }
        var changed = account
        changed.totpSecret = secret
        try archive.updateAccount(changed, action: "second factor enrolled", by: account.name)
    }

    /// The password (and `code`, when given) checked as a sign-in is: counted, locked after `maxFailures`.
    private func confirmHolder(of account: Account, password: String, code: String?) throws {
        guard password.utf8.count <= 200 else { throw OwnAccountRefusal.wrongCurrentPassword }
        do {
            _ = try authenticate(name: account.name, password: password, code: code, codeRequired: code != nil)
        } catch SignInRefusal.locked {
            throw OwnAccountRefusal.locked
        } catch SignInRefusal.wrongCode, SignInRefusal.codeNeeded {
            throw OwnAccountRefusal.wrongCurrentCode
        } catch is SignInRefusal {
            throw OwnAccountRefusal.wrongCurrentPassword
        }
    }
}
