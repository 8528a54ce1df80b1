import Archive
import Foundation

/// Why a person's change to his own account was refused.
public enum OwnAccountRefusal: Error, Equatable, CustomStringConvertible {
    case wrongCurrentPassword
    case weakPassword(String)
    case codeRefused

    public var description: String {
        switch self {
        case .wrongCurrentPassword: "the current password is wrong"
        case let .weakPassword(problem): problem
        case .codeRefused: "that code is not the authenticator's for this secret: try again"
        }
    }
}

/// A signed-in person's changes to his own account (`/account`), each kept in the account's history.
extension SignInDesk {
    public func changePassword(of account: Account, current: String, new: String) throws {
        guard current.utf8.count <= 200, Passwords.verify(current, hash: account.passwordHash) else {
            throw OwnAccountRefusal.wrongCurrentPassword
        }
        if let problem = Passwords.problem(with: new) { throw OwnAccountRefusal.weakPassword(problem) }
        var changed = account
        changed.passwordHash = Passwords.hash(new)
        try archive.updateAccount(changed, action: "password", detail: "changed by its holder", by: account.name)
    }

    /// Keeps a second-factor secret once a code from the authenticator proves it was taken.
    public func enrolSecondFactor(of account: Account, secret: String, code: String) throws {
        guard secret.count == 20, SecondFactor.accepts(code, secret: secret, at: now()) else {
            throw OwnAccountRefusal.codeRefused
        }
        var changed = account
        changed.totpSecret = secret
        try archive.updateAccount(changed, action: "second factor enrolled", by: account.name)
    }
}
