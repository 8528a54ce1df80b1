import HummingbirdBcrypt

/// Passwords as bcrypt hashes (cost 12: about a quarter of a second each, so guessing offline is slow).
public enum Passwords {
    public static let cost: UInt8 = 12
    public static let shortest = 10

    public static func hash(_ password: String, cost: UInt8 = cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Why a new password is refused, or nil. bcrypt reads only the first 72 bytes, so a longer one is refused
    /// rather than silently cut.
    public static func problem(with password: String) -> String? {
        if password.count < shortest { return "a password needs at least \(shortest) characters" }
        if password.utf8.count > 72 { return "a password is at most 72 bytes (bcrypt reads no more)" }
        return nil
    }

    /// Checked against when a name has no account, so that the time a refusal takes tells no one which names exist.
    static let unknownAccountHash = Bcrypt.hash("certarchive: no such account", cost: cost)
}
