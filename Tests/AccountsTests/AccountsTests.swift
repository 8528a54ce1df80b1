@testable import Accounts
import Archive
import Foundation
import Synchronization
import Testing

/// Passwords, sign-in with lock-out, sessions that expire, the TOTP second factor and its QR image.
@Suite struct AccountsTests {
    /// A clock the tests move by hand.
    final class Clock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
        var now: Date { time.withLock { $0 } }
    }

    let archive: ArchiveDatabase
    let clock = Clock()
    let desk: SignInDesk

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        let clock = clock
        desk = SignInDesk(archive: archive, now: { clock.now })
        // Cost 4: the lowest bcrypt allows, so that the tests are quick; the command uses Passwords.cost.
        let added = try archive.addAccount(Account(name: "王审核", role: .reviewer, passwordHash: Passwords.hash("王审核的密码很长", cost: 4)),
                                           by: "test")
        let stored = try archive.account(named: "王审核")
        #expect(added.id != nil && added.id == stored?.id)
    }

    @Test func aChineseNameSignsInWithItsPasswordAndNothingElse() throws {
        let (token, session) = try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil)
        #expect(session.account.name == "王审核" && session.account.role == .reviewer)
        #expect(token.count == 64 && session.csrfToken.count == 64 && token != session.csrfToken)
        #expect(try desk.session(token: token)?.account.name == "王审核")
        #expect(try desk.session(token: session.csrfToken) == nil, "the CSRF token opens no session")
        #expect(throws: SignInRefusal.wrongNameOrPassword) { try desk.signIn(name: "王审核", password: "wrong password", code: nil) }
        #expect(throws: SignInRefusal.wrongNameOrPassword) { try desk.signIn(name: "nobody", password: "王审核的密码很长", code: nil) }
    }

    @Test func fiveFailuresLockTheAccountForAWhile() throws {
        for _ in 1...4 {
            #expect(throws: SignInRefusal.wrongNameOrPassword) { try desk.signIn(name: "王审核", password: "guess guess", code: nil) }
        }
        #expect(throws: SignInRefusal.wrongNameOrPassword) { try desk.signIn(name: "王审核", password: "guess guess", code: nil) }
        let locked = #expect(throws: SignInRefusal.self) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil) }
        #expect(locked == .locked(until: clock.now.addingTimeInterval(15 * 60)), "even the right password waits")
        clock.advance(15 * 60 + 1)
        #expect(try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil).session.account.failedSignIns == 0)
        #expect(try archive.accountEvents().filter { $0.action == "sign-in refused" }.count == 5)
    }

    @Test func twentyParallelGuessesCheckNoMorePasswordsThanTheLockAllows() throws {
        let refusals = Mutex([SignInRefusal]())
        DispatchQueue.concurrentPerform(iterations: 20) { _ in
            do {
                _ = try desk.authenticate(name: "王审核", password: "guess guess", code: nil)
            } catch let refusal as SignInRefusal {
                refusals.withLock { $0.append(refusal) }
            } catch {
                Issue.record("\(error)")
            }
        }
        let checked = try archive.accountEvents().filter { $0.detail?.hasPrefix("wrong password") == true }
        #expect(checked.count == 5, "\(checked.map(\.detail))")
        #expect(refusals.withLock { $0.filter { $0 == .wrongNameOrPassword }.count } == 5)
        #expect(throws: SignInRefusal.self) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil) }
    }

    @Test func aNameNoAccountHasIsLockedAsARealOneIs() throws {
        for name in ["王审核", "不存在的人"] {
            for _ in 1...5 {
                #expect(throws: SignInRefusal.wrongNameOrPassword) { try desk.signIn(name: name, password: "guess guess", code: nil) }
            }
            let sixth = #expect(throws: SignInRefusal.self) { try desk.signIn(name: name, password: "guess guess", code: nil) }
            #expect(sixth == .locked(until: clock.now.addingTimeInterval(15 * 60)), "\(name)")
        }
    }

    @Test func aRightPasswordAloneDoesNotClearTheCountOfWrongCodes() throws {
        var account = try #require(try archive.account(named: "王审核"))
        let secret = SecondFactor.newSecret()
        account.totpSecret = secret
        try archive.updateAccount(account, action: "second factor enrolled", detail: nil, by: "test")
        // Four attempts: two wrong codes, and the right password twice without a code (the page's first step).
        for _ in 1...2 {
            #expect(throws: SignInRefusal.wrongCode) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: "000000") }
            #expect(throws: SignInRefusal.codeNeeded) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil) }
        }
        #expect(throws: SignInRefusal.wrongCode) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: "111111") }
        let refusal = #expect(throws: SignInRefusal.self) {
            try desk.signIn(name: "王审核", password: "王审核的密码很长", code: SecondFactor.code(secret: secret, at: clock.now))
        }
        #expect(refusal.map { if case .locked = $0 { true } else { false } } == true, "\(String(describing: refusal))")
    }

    @Test func sessionsEndWhenIdleOrOldOrTheAccountIsDisabled() throws {
        let (token, _) = try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil)
        clock.advance(29 * 60)
        #expect(try desk.session(token: token) != nil, "used within the idle limit: kept alive")
        clock.advance(29 * 60)
        #expect(try desk.session(token: token) != nil)
        clock.advance(31 * 60)
        #expect(try desk.session(token: token) == nil, "idle for 31 minutes")

        let (second, _) = try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil)
        for _ in 0..<25 { clock.advance(29 * 60); _ = try desk.session(token: second) }
        #expect(try desk.session(token: second) == nil, "older than 12 hours, however busy")

        let (third, _) = try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil)
        var account = try #require(try archive.account(named: "王审核"))
        account.disabled = true
        try archive.updateAccount(account, action: "disabled", by: "test")
        #expect(try desk.session(token: third) == nil)
        #expect(throws: SignInRefusal.wrongNameOrPassword) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil) }
    }

    @Test func aSecondFactorIsAskedForAndChecked() throws {
        var account = try #require(try archive.account(named: "王审核"))
        let secret = SecondFactor.newSecret()
        account.totpSecret = secret
        try archive.updateAccount(account, action: "second factor enrolled", by: "test")
        #expect(throws: SignInRefusal.codeNeeded) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: nil) }
        let wrong = SecondFactor.code(secret: secret, at: clock.now.addingTimeInterval(300))
        #expect(throws: SignInRefusal.wrongCode) { try desk.signIn(name: "王审核", password: "王审核的密码很长", code: wrong) }
        let code = SecondFactor.code(secret: secret, at: clock.now.addingTimeInterval(-30))
        #expect(try desk.signIn(name: "王审核", password: "王审核的密码很长", code: code).session.account.name == "王审核",
                "a code one step old still counts: clocks drift")
    }

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082 (8 digits; 6 shown).
    @Test func codesAreRFC6238s() {
        #expect(SecondFactor.code(secret: "12345678901234567890", at: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(SecondFactor.code(secret: "12345678901234567890", at: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")
        #expect(SecondFactor.accepts("081 804", secret: "12345678901234567890", at: Date(timeIntervalSince1970: 1_111_111_109)))
        #expect(!SecondFactor.accepts("08180", secret: "12345678901234567890", at: Date(timeIntervalSince1970: 1_111_111_109)))
    }

    @Test func theEnrolmentURLIsAQRCodeWithItsFinderPatterns() throws {
        let url = SecondFactor.enrolmentURL(secret: "12345678901234567890", account: "王审核")
        #expect(url.hasPrefix("otpauth://totp/certarchive:%E7%8E%8B%E5%AE%A1%E6%A0%B8?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
        #expect(SecondFactor.typedSecret("12345678901234567890") == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ")
        let code = try #require(QRCode(url))
        #expect((code.size - 21) % 4 == 0 && code.size > 21, "a QR version's size")
        // The three finder patterns: a dark 7×7 ring with a dark 3×3 centre, in three corners.
        for (top, left) in [(0, 0), (0, code.size - 7), (code.size - 7, 0)] {
            for i in 0..<7 {
                #expect(code.isDark(row: top, column: left + i) && code.isDark(row: top + 6, column: left + i))
                #expect(code.isDark(row: top + i, column: left) && code.isDark(row: top + i, column: left + 6))
            }
            #expect(!code.isDark(row: top + 1, column: left + 1) && code.isDark(row: top + 3, column: left + 3))
        }
        #expect(code.svg().hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func shortOrOverlongPasswordsAreRefused() {
        #expect(Passwords.problem(with: "short") != nil)
        #expect(Passwords.problem(with: String(repeating: "密", count: 30)) != nil, "90 bytes: bcrypt would cut it")
        #expect(Passwords.problem(with: "a long enough one") == nil)
    }
}
