import Crypto
import Foundation

/// What an authenticator app does with the secret typed into it (RFC 4648 base32, RFC 6238 TOTP: HMAC-SHA1,
/// 30-second steps, six digits): written here from the RFCs, apart from the server's own code, so a test that
/// enrols with it checks what a person's phone would show.
enum Authenticator {
    static func code(typedSecret: String, at date: Date = Date()) -> String? {
        guard let key = base32(typedSecret) else { return nil }
        var counter = UInt64(date.timeIntervalSince1970 / 30).bigEndian
        let message = Data(bytes: &counter, count: 8)
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let offset = Int(mac[19] & 0x0f)
        let number = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        return String(format: "%06d", number % 1_000_000)
    }

    /// Base32 as apps accept it typed: groups separated by spaces, no padding needed.
    static func base32(_ text: String) -> Data? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0, buffer = 0
        var bytes: [UInt8] = []
        for character in text.uppercased() where character != " " && character != "=" {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> bits) & 0xff))
            }
        }
        return Data(bytes)
    }
}
