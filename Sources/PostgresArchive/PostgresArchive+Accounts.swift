import Archive
import Foundation
import PostgresNIO

/// Accounts, their sessions and the web UI's token in PostgreSQL, as the SQLite archive keeps them: every
/// `serve` process on the archive signs in the same people, and a session begun on one is known to all.
extension PostgresArchive: AccountStore {
    private static let accountColumns = """
        id, name, role, companies, password_hash, totp_secret, disabled, failed_sign_ins, locked_until, created_at
        """

    public func accounts() throws -> [Account] {
        try connections.withSession { session in
            try session.query("SELECT \(unescaped: Self.accountColumns) FROM accounts ORDER BY name COLLATE \"C\"")
                .map(Self.account).map(sealer.opened)
        }
    }

    public func account(named name: String) throws -> Account? {
        try connections.withSession { session in
            try session.query("SELECT \(unescaped: Self.accountColumns) FROM accounts WHERE name = \(name)")
                .first { _ in true }.map(Self.account).map(sealer.opened)
        }
    }

    public func account(id: Int64) throws -> Account? {
        try connections.withSession { session in
            try session.query("SELECT \(unescaped: Self.accountColumns) FROM accounts WHERE id = \(id)")
                .first { _ in true }.map(Self.account).map(sealer.opened)
        }
    }

    public func addAccount(_ account: Account, by actor: String) throws -> Account {
        try connections.transaction { session in
            guard try session.value("SELECT 1 FROM accounts WHERE name = \(account.name)", as: Int32.self) == nil else {
                throw AccountError("an account named \(account.name) exists already")
            }
            var added = account
            // The second factor's secret sealed when the archive encrypts (as personal numbers are).
            let stored = try sealer.sealed(account)
            added.id = try session.value("""
                INSERT INTO accounts (name, role, companies, password_hash, totp_secret, disabled, failed_sign_ins,
                                      locked_until, created_at)
                VALUES (\(account.name), \(account.role.rawValue), \(try JSONText.encode(account.companies)),
                        \(account.passwordHash), \(stored.totpSecret), \(account.disabled), \(account.failedSignIns),
                        \(account.lockedUntil), \(account.createdAt))
                RETURNING id
                """, as: Int64.self)
            try Self.insert(AccountEvent(actor: actor, account: account.name, action: "added",
                                         detail: "role \(account.role.rawValue)" + (account.isScoped
                                             ? ", companies " + account.companies.joined(separator: " ") : "")), in: session)
            return added
        }
    }

    public func updateAccount(_ account: Account, action: String, detail: String?, by actor: String) throws {
        let stored = try sealer.sealed(account)
        return try connections.transaction { session in
            try session.execute("""
                UPDATE accounts SET name = \(account.name), role = \(account.role.rawValue),
                    companies = \(try JSONText.encode(account.companies)), password_hash = \(account.passwordHash),
                    totp_secret = \(stored.totpSecret), disabled = \(account.disabled),
                    failed_sign_ins = \(account.failedSignIns), locked_until = \(account.lockedUntil)
                WHERE id = \(account.id)
                """)
            try Self.insert(AccountEvent(actor: actor, account: account.name, action: action, detail: detail), in: session)
            if account.disabled || action == "password" {
                try session.execute("DELETE FROM sessions WHERE account_id = \(account.id)")
            }
        }
    }

    public func beginSignInAttempt(accountID: Int64, at: Date, maxFailures: Int, lockUntil: Date) throws -> SignInAttempt? {
        try connections.withSession { session in
            // One statement: PostgreSQL locks the row, and every SET reads it as it was.
            let rows = try session.query("""
                UPDATE accounts SET
                    locked_until = CASE WHEN failed_sign_ins + 1 >= \(maxFailures) THEN \(lockUntil) ELSE NULL END,
                    failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= \(maxFailures) THEN 0 ELSE failed_sign_ins + 1 END
                WHERE id = \(accountID) AND (locked_until IS NULL OR locked_until <= \(at))
                RETURNING locked_until
                """)
            guard let row = rows.first else { return nil }
            return try row.decode(Date?.self) == nil ? .allowed : .lastBeforeLock
        }
    }

    public func endSignInAttempt(_ account: Account, succeeded: Bool, outcome: String) throws {
        try connections.transaction { session in
            if succeeded {
                try session.execute("UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = \(account.id)")
            } else {
                try Self.insert(AccountEvent(actor: "web", account: account.name, action: "sign-in refused", detail: outcome),
                                in: session)
            }
        }
    }

    public func approvalSteps() throws -> String? {
        try connections.withSession { session in
            try session.value("SELECT yaml FROM approval_steps WHERE id = 1", as: String.self)
        }
    }

    public func setApprovalSteps(_ yaml: String, by actor: String) throws {
        try connections.transaction { session in
            try session.execute("""
                INSERT INTO approval_steps (id, yaml) VALUES (1, \(yaml)) ON CONFLICT (id) DO UPDATE SET yaml = EXCLUDED.yaml
                """)
            try Self.insert(AccountEvent(actor: actor, account: ApprovalSteps.eventName, action: "approval steps set",
                                         detail: ApprovalSteps.digest(yaml)), in: session)
        }
    }

    public func accountEvents() throws -> [AccountEvent] {
        try connections.withSession { session in try Self.accountEvents(in: session) }
    }

    static func accountEvents(in session: PostgresSession) throws -> [AccountEvent] {
        try session.query("""
            SELECT id, at, actor, account, action, detail, state, prev_hash, hash FROM account_events ORDER BY id
            """).map { row in
            let (id, at, actor, account, action, detail, state, prevHash, hash)
                = try row.decode((Int64, Date, String, String, String, String?, String?, String?, String?).self)
            var event = AccountEvent(actor: actor, account: account, action: action, detail: detail, at: at)
            event.id = id; event.state = state; event.prevHash = prevHash; event.hash = hash
            return event
        }
    }

    /// Every account, for `verify` in `session`'s snapshot.
    static func accounts(in session: PostgresSession) throws -> [Account] {
        try session.query("SELECT \(unescaped: accountColumns) FROM accounts ORDER BY name COLLATE \"C\"").map(account)
    }

    /// Appends an account event to the accounts' chain (one at a time across processes: the chain's head is
    /// locked for the transaction), binding the state of its account as `session` now sees it.
    static func insert(_ event: AccountEvent, in session: PostgresSession) throws {
        try session.execute("SELECT pg_advisory_xact_lock(hashtext('certarchive account chain'))")
        let previous = try session.value("SELECT hash FROM account_events ORDER BY id DESC LIMIT 1", as: String?.self)
            .flatMap { $0 } ?? AccountChain.genesis
        let account = try session.query("SELECT \(unescaped: accountColumns) FROM accounts WHERE name = \(event.account)")
            .map(account).first
        let chained = AccountChain.chained(event, account: account, previous: previous)
        try session.execute("""
            INSERT INTO account_events (at, actor, account, action, detail, state, prev_hash, hash)
            VALUES (\(chained.at), \(chained.actor), \(chained.account), \(chained.action), \(chained.detail),
                    \(chained.state), \(chained.prevHash), \(chained.hash))
            """)
    }

    private static func account(_ row: PostgresRow) throws -> Account {
        let (id, name, role, companies, hash, totp, disabled, failures, lockedUntil, createdAt)
            = try row.decode((Int64, String, String, String, String, String?, Bool, Int, Date?, Date).self)
        guard let accountRole = AccountRole(rawValue: role) else {
            throw PostgresArchiveError.inconsistent("account \(name) has an unknown role \(role)")
        }
        var account = Account(name: name, role: accountRole, companies: try JSONText.decode([String].self, from: companies),
                              passwordHash: hash, createdAt: createdAt)
        account.id = id; account.totpSecret = totp; account.disabled = disabled
        account.failedSignIns = failures; account.lockedUntil = lockedUntil
        return account
    }

    // MARK: sessions

    public func insertSession(_ session: WebSession) throws {
        try connections.withSession { connection in
            try connection.execute("""
                INSERT INTO sessions (token_sha256, account_id, csrf_token, created_at, last_seen)
                VALUES (\(session.tokenSHA256), \(session.accountID), \(session.csrfToken), \(session.createdAt), \(session.lastSeen))
                """)
        }
    }

    public func session(tokenSHA256: String) throws -> (WebSession, Account)? {
        try connections.withSession { connection in
            guard let row = try connection.query("""
                SELECT account_id, csrf_token, created_at, last_seen FROM sessions WHERE token_sha256 = \(tokenSHA256)
                """).first(where: { _ in true }) else { return nil }
            let (accountID, csrf, createdAt, lastSeen) = try row.decode((Int64, String, Date, Date).self)
            guard let account = try connection.query("SELECT \(unescaped: Self.accountColumns) FROM accounts WHERE id = \(accountID)")
                .first(where: { _ in true }).map(Self.account).map(sealer.opened) else { return nil }
            var session = WebSession(tokenSHA256: tokenSHA256, accountID: accountID, csrfToken: csrf, at: createdAt)
            session.lastSeen = lastSeen
            return (session, account)
        }
    }

    public func touchSession(tokenSHA256: String, at: Date) throws {
        try connections.withSession { try $0.execute("UPDATE sessions SET last_seen = \(at) WHERE token_sha256 = \(tokenSHA256)") }
    }

    public func deleteSession(tokenSHA256: String) throws {
        try connections.withSession { try $0.execute("DELETE FROM sessions WHERE token_sha256 = \(tokenSHA256)") }
    }

    public func deleteSessions(idleSince: Date, begunSince: Date) throws {
        try connections.withSession {
            try $0.execute("DELETE FROM sessions WHERE last_seen < \(idleSince) OR created_at < \(begunSince)")
        }
    }

    // MARK: the web UI's token

    public func webTokenSHA256() throws -> String? {
        try connections.withSession { try $0.value("SELECT token_sha256 FROM web_access WHERE id = 1", as: String.self) }
    }

    public func setWebTokenSHA256(_ hash: String) throws {
        try connections.withSession { session in
            try session.execute("""
                INSERT INTO web_access (id, token_sha256, set_at) VALUES (1, \(hash), \(Self.now()))
                ON CONFLICT (id) DO UPDATE SET token_sha256 = excluded.token_sha256, set_at = excluded.set_at
                """)
        }
    }
}

/// The warnings `notify` delivered, per channel.
extension PostgresArchive {
    public func sentNotices(channel: String) throws -> Set<String> {
        try connections.withSession { session in
            Set(try session.values("SELECT digest FROM notices_sent WHERE channel = \(channel)", as: String.self))
        }
    }

    public func recordSentNotices(_ notices: [(digest: String, kind: String)], channel: String) throws {
        let now = Self.now()
        try connections.transaction { session in
            for notice in notices {
                try session.execute("""
                    INSERT INTO notices_sent (digest, channel, kind, sent_at) VALUES (\(notice.digest), \(channel), \(notice.kind), \(now))
                    ON CONFLICT DO NOTHING
                    """)
            }
        }
    }
}
