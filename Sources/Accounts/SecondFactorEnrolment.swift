import Archive
import Crypto
import Foundation

/// Second-factor secrets the server makes and hands out sealed: the enrolment's confirmation brings back the seal
/// (`proof`), not a secret of the visitor's choosing. The seal binds the secret to its account and an hour; its
/// key lives in this process only, so an offer is confirmed on the server that made it.
public struct SecondFactorEnrolment: Sendable {
    private let key = SymmetricKey(size: .bits256)
    public var lifetime: TimeInterval = 3600

    public init() {}

    /// A new secret for `account`, and its seal.
    public func offer(for account: Account, at time: Date) -> (secret: String, proof: String) {
        let secret = SecondFactor.newSecret()
        let sealed = "\(account.id ?? -1)\n\(Int(time.timeIntervalSince1970))\n\(secret)"
        let box = try? AES.GCM.seal(Data(sealed.utf8), using: key)
        return (secret, box?.combined?.base64EncodedString() ?? "")
    }

    /// The secret a seal holds, when this process made it for this account within its lifetime.
    func secret(fromProof proof: String, account: Account, at time: Date) -> String? {
        guard proof.utf8.count < 400, let data = Data(base64Encoded: proof),
              let box = try? AES.GCM.SealedBox(combined: data),
              let opened = try? AES.GCM.open(box, using: key) else { return nil }
        let parts = String(decoding: opened, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "\(account.id ?? -1)", let made = Double(parts[1]),
              time.timeIntervalSince1970 - made <= lifetime, time.timeIntervalSince1970 >= made - 60 else { return nil }
        return String(parts[2])
    }
}
