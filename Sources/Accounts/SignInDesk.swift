import Archive
import Crypto
import Foundation
import IngestCore

/// Why a sign-in was refused, in words the sign-in page shows. A wrong name and a wrong password read alike, so
/// that the page tells no one which names exist.
public enum SignInRefusal: Error, Equatable, CustomStringConvertible {
    case wrongNameOrPassword
    case locked(until: Date)
    case codeNeeded
    case wrongCode

    public var description: String {
        switch self {
        case .wrongNameOrPassword: "wrong name or password"
        case let .locked(until):
            "too many failed sign-ins: locked until \(ISO8601DateFormatter().string(from: until))"
        case .codeNeeded: "this account has a second factor: give the code your authenticator shows"
        case .wrongCode: "wrong code"
        }
    }

    /// The same refusal in Chinese, a lock's end in the archive's time.
    public var chinese: String {
        switch self {
        case .wrongNameOrPassword: "用户名或密码错误"
        case let .locked(until): "登录失败次数过多：账户锁定至 \(LocalTime.text(until))（\(LocalTime.zoneName)）"
        case .codeNeeded: "此账户已绑定验证器：请输入验证器上显示的动态码"
        case .wrongCode: "动态码不对"
        }
    }
}

/// A signed-in browser as the server knows it: the account, and the CSRF token its changes must carry.
public struct SignedIn: Sendable {
    public var account: Account
    public var csrfToken: String
}

/// Signing in and out, and the sessions in between: passwords and second factors checked, a lock after
/// `maxFailures` failures in a row, sessions that end when idle for `idleLimit` or older than `ageLimit`.
public struct SignInDesk: Sendable {
    let archive: any AccountStore
    let now: @Sendable () -> Date
    public var maxFailures = 5
    public var lockFor: TimeInterval = 15 * 60
    public var idleLimit: TimeInterval = 30 * 60
    public var ageLimit: TimeInterval = 12 * 3600
    /// Failures of names no account has, counted alike (see `UnknownNameLocks`).
    let unknownNames = UnknownNameLocks()

    public init(archive: any AccountStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.archive = archive; self.now = now
    }

    /// The names of the enabled accounts that correct items: those an item may be given to.
    public func reviewerNames() throws -> [String] {
        try archive.accounts().filter { !$0.disabled && $0.role.corrects }.map(\.name).sorted()
    }

    /// Checks name, password and (when enrolled) code; on success starts a session and returns its cookie token
    /// (given to the browser once, kept here only as its SHA-256).
    public func signIn(name: String, password: String, code: String?) throws -> (token: String, session: SignedIn) {
        let account = try authenticate(name: name, password: password, code: code)
        guard let accountID = account.id else { throw SignInRefusal.wrongNameOrPassword }
        // Sessions that ran out are cleared here, not on every request.
        let time = now()
        try archive.deleteSessions(idleSince: time.addingTimeInterval(-idleLimit), begunSince: time.addingTimeInterval(-ageLimit))
        let token = Self.randomToken(), csrf = Self.randomToken()
        try archive.insertSession(WebSession(tokenSHA256: Self.sha256(token), accountID: accountID, csrfToken: csrf, at: now()))
        return (token, SignedIn(account: account, csrfToken: csrf))
    }

    /// The account whose name, password and (when enrolled) code these are — counted like a sign-in (failures
    /// lock it) but starting no session: the command line's `--as`. Each attempt is counted as a failure before
    /// its password is checked (`beginSignInAttempt`), so that parallel guesses cannot outrun the lock: at most
    /// `maxFailures` passwords or codes are ever checked between two successes.
    /// `codeRequired` false: an enrolled account's code is checked only when given (a password change).
    public func authenticate(name: String, password: String, code: String?, codeRequired: Bool = true) throws -> Account {
        let time = now()
        guard let account = try archive.account(named: name), !account.disabled, let accountID = account.id else {
            // Answered as a real name is, lock included: the answers tell no name that exists from one that does not.
            if let until = unknownNames.lockedUntil(name, at: time) { throw SignInRefusal.locked(until: until) }
            _ = Passwords.verify(password, hash: Passwords.unknownAccountHash)
            _ = unknownNames.fail(name, at: time, maxFailures: maxFailures, lockFor: lockFor)
            throw SignInRefusal.wrongNameOrPassword
        }
        guard let attempt = try archive.beginSignInAttempt(accountID: accountID, at: time, maxFailures: maxFailures,
                                                           lockUntil: time.addingTimeInterval(lockFor)) else {
            let until = try archive.account(id: accountID)?.lockedUntil ?? time.addingTimeInterval(lockFor)
            throw SignInRefusal.locked(until: until)
        }
        let locked = attempt == .lastBeforeLock ? ", locked for \(Int(lockFor / 60)) minutes" : ""
        guard Passwords.verify(password, hash: account.passwordHash) else {
            try archive.endSignInAttempt(account, succeeded: false, outcome: "wrong password" + locked)
            throw SignInRefusal.wrongNameOrPassword
        }
        if let secret = account.totpSecret, codeRequired || code != nil {
            // The page asks for the code next. The attempt stays counted: a right password alone must not clear
            // the count of wrong codes.
            guard let code, !code.isEmpty else { throw SignInRefusal.codeNeeded }
            guard SecondFactor.accepts(code, secret: secret, at: time) else {
                try archive.endSignInAttempt(account, succeeded: false, outcome: "wrong code" + locked)
                throw SignInRefusal.wrongCode
            }
        }
        try archive.endSignInAttempt(account, succeeded: true, outcome: "signed in")
        var signedIn = account
        signedIn.failedSignIns = 0
        signedIn.lockedUntil = nil
        return signedIn
    }

    /// The session a cookie's token opens, nil when there is none, it has expired, or its account is disabled.
    /// A session in use is kept alive (written at most once a minute: a request is mostly a read).
    public func session(token: String) throws -> SignedIn? {
        let time = now()
        let digest = Self.sha256(token)
        guard let (session, account) = try archive.session(tokenSHA256: digest), !account.disabled else { return nil }
        guard time.timeIntervalSince(session.lastSeen) <= idleLimit, time.timeIntervalSince(session.createdAt) <= ageLimit else {
            try archive.deleteSession(tokenSHA256: digest)
            return nil
        }
        if time.timeIntervalSince(session.lastSeen) > 60 { try archive.touchSession(tokenSHA256: digest, at: time) }
        return SignedIn(account: account, csrfToken: session.csrfToken)
    }

    public func signOut(token: String) throws {
        try archive.deleteSession(tokenSHA256: Self.sha256(token))
    }

    /// 32 random bytes, hex.
    static func randomToken() -> String { Hex.random(bytes: 32) }

    static func sha256(_ text: String) -> String { Hex.string(SHA256.hash(data: Data(text.utf8))) }
}
