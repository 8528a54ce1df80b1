import Foundation
import GRDB

/// What an account may do. Each role includes the reading of the one before it where it says so; see README's
/// "Accounts and roles".
public enum AccountRole: String, Codable, Sendable, CaseIterable {
    /// Reads the queue, items and statistics; personal numbers masked.
    case viewer
    /// Corrects fields, accepts and rejects; a change the approval steps name waits for an approver.
    case reviewer
    /// What a reviewer does, and approves or sends back another person's change.
    case approver
    /// Reads everything, history and `verify` included; changes nothing.
    case auditor
    /// Everything, accounts and keys included.
    case admin

    public var corrects: Bool { [.reviewer, .approver, .admin].contains(self) }
    public var approves: Bool { [.approver, .admin].contains(self) }
    public var readsHistory: Bool { self != .viewer }
    /// Asks for an item's whole personal numbers (each time recorded in its history).
    public var revealsNumbers: Bool { self != .viewer }
    public var administers: Bool { self == .admin }
}

/// A person who signs in. The password is kept only as its bcrypt hash; the TOTP secret, when a second factor is
/// enrolled, as text (it must be read back to check a code).
public struct Account: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "accounts"

    public var id: Int64?
    public var name: String
    public var role: AccountRole
    /// 统一社会信用代码 of the companies the account is limited to; empty: every company.
    public var companies: [String]
    public var passwordHash: String
    public var totpSecret: String?
    public var disabled: Bool
    /// Failed sign-ins in a row, and until when the account is locked after too many.
    public var failedSignIns: Int
    public var lockedUntil: Date?
    public var createdAt: Date

    public init(name: String, role: AccountRole, companies: [String] = [], passwordHash: String, createdAt: Date = Date()) {
        self.name = name; self.role = role; self.companies = companies; self.passwordHash = passwordHash
        self.disabled = false; self.failedSignIns = 0; self.createdAt = createdAt
    }

    public var isScoped: Bool { !companies.isEmpty }

    public enum Columns {
        static let name = Column(CodingKeys.name)
        static let disabled = Column(CodingKeys.disabled)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, companies, disabled
        case passwordHash = "password_hash"
        case totpSecret = "totp_secret"
        case failedSignIns = "failed_sign_ins"
        case lockedUntil = "locked_until"
        case createdAt = "created_at"
    }
}

/// A signed-in browser: the SHA-256 of its cookie's token, its account, its CSRF token, and when it was last used.
public struct WebSession: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sessions"

    public var tokenSHA256: String
    public var accountID: Int64
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeen: Date

    public init(tokenSHA256: String, accountID: Int64, csrfToken: String, at: Date) {
        self.tokenSHA256 = tokenSHA256; self.accountID = accountID; self.csrfToken = csrfToken
        createdAt = at; lastSeen = at
    }

    public enum Columns {
        static let tokenSHA256 = Column(CodingKeys.tokenSHA256)
        static let accountID = Column(CodingKeys.accountID)
        static let createdAt = Column(CodingKeys.createdAt)
        static let lastSeen = Column(CodingKeys.lastSeen)
    }

    enum CodingKeys: String, CodingKey {
        case tokenSHA256 = "token_sha256"
        case accountID = "account_id"
        case csrfToken = "csrf_token"
        case createdAt = "created_at"
        case lastSeen = "last_seen"
    }
}

/// One change to an account, as `user list --history` shows it.
public struct AccountEvent: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "account_events"

    public var id: Int64?
    public var at: Date
    public var actor: String
    public var account: String
    public var action: String
    public var detail: String?
    /// The accounts' chain (`AccountChain`): the account's state after the event, the hash before it and its own.
    public var state: String?
    public var prevHash: String?
    public var hash: String?

    public init(actor: String, account: String, action: String, detail: String? = nil, at: Date = Date()) {
        self.actor = actor; self.account = account; self.action = action; self.detail = detail; self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case id, at, actor, account, action, detail, state, hash
        case prevHash = "prev_hash"
    }
}
