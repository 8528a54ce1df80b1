import Foundation
import HummingbirdOTP

/// The optional second factor: TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), as every authenticator app
/// reads it. The secret is 20 random characters; apps are given them base32-encoded in an `otpauth://` URL.
public enum SecondFactor {
    public static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The code an authenticator shows at `date`, six digits.
    public static func code(secret: String, at date: Date) -> String {
        String(format: "%06d", TOTP(secret: secret).compute(date: date))
    }

    /// Whether `code` is the one for `date`, or for the step before or after it (clocks drift).
    public static func accepts(_ code: String, secret: String, at date: Date) -> Bool {
        let code = code.filter { !$0.isWhitespace }
        guard code.count == 6, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return false }
        return [-30.0, 0, 30].contains { Self.code(secret: secret, at: date.addingTimeInterval($0)) == code }
    }

    /// What an authenticator app scans or is typed: `otpauth://totp/certarchive:NAME?secret=BASE32&issuer=certarchive`.
    public static func enrolmentURL(secret: String, account: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "certarchive:\(account)", issuer: "certarchive")
    }

    /// The secret as an app asks it typed: base32 in groups of four.
    public static func typedSecret(_ secret: String) -> String {
        let url = enrolmentURL(secret: secret, account: "x")
        let base32 = url.components(separatedBy: "secret=").last?.components(separatedBy: "&").first ?? ""
        return stride(from: 0, to: base32.count, by: 4).map { start in
            let from = base32.index(base32.startIndex, offsetBy: start)
            return String(base32[from..<(base32.index(from, offsetBy: 4, limitedBy: base32.endIndex) ?? base32.endIndex)])
        }.joined(separator: " ")
    }
}
