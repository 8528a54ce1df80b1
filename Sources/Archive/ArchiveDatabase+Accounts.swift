import Foundation
import GRDB

public struct AccountError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension ArchiveDatabase {
    public func accounts() throws -> [Account] {
        try writer.read { try Account.order(Account.Columns.name).fetchAll($0) }.map(sealer.opened)
    }

    public func account(named name: String) throws -> Account? {
        try writer.read { try Account.filter(Account.Columns.name == name).fetchOne($0) }.map(sealer.opened)
    }

    public func account(id: Int64) throws -> Account? {
        try writer.read { try Account.fetchOne($0, key: id) }.map(sealer.opened)
    }

    /// Adds an account, recording who did it. A name already taken is refused.
    public func addAccount(_ account: Account, by actor: String) throws -> Account {
        try writer.write { db in
            guard try Account.filter(Account.Columns.name == account.name).fetchCount(db) == 0 else {
                throw AccountError("an account named \(account.name) exists already")
            }
            // The second factor's secret sealed when the archive encrypts (as personal numbers are).
            try sealer.sealed(account).insert(db)
            var added = account
            added.id = db.lastInsertedRowID
            try Self.append(AccountEvent(actor: actor, account: account.name, action: "added",
                                         detail: "role \(account.role.rawValue)" + (account.isScoped
                                             ? ", companies " + account.companies.joined(separator: " ") : "")),
                            account: try Account.fetchOne(db, key: added.id), to: db)
            return added
        }
    }

    /// Stores a changed account and what changed. Sessions of an account disabled or given a new password end.
    public func updateAccount(_ account: Account, action: String, detail: String?, by actor: String) throws {
        try writer.write { db in
            try sealer.sealed(account).update(db)
            try Self.append(AccountEvent(actor: actor, account: account.name, action: action, detail: detail),
                            account: try Account.fetchOne(db, key: account.id), to: db)
            if account.disabled || action == "password" {
                try WebSession.filter(WebSession.Columns.accountID == account.id).deleteAll(db)
            }
        }
    }

    public func beginSignInAttempt(accountID: Int64, at: Date, maxFailures: Int, lockUntil: Date) throws -> SignInAttempt? {
        try writer.write { db in
            let row = try Row.fetchOne(db, sql: Self.signInAttemptSQL,
                                       arguments: ["max": maxFailures, "until": lockUntil, "id": accountID, "at": at])
            guard let row else { return nil }
            return (row["locked_until"] as Date?) == nil ? .allowed : .lastBeforeLock
        }
    }

    /// One statement (every SET reads the row as it was): an account not locked now counts one failure more, and
    /// at `max` is locked and its count starts again. No row comes back for a locked account.
    static let signInAttemptSQL = """
        UPDATE accounts SET
            locked_until = CASE WHEN failed_sign_ins + 1 >= :max THEN :until ELSE NULL END,
            failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= :max THEN 0 ELSE failed_sign_ins + 1 END
        WHERE id = :id AND (locked_until IS NULL OR locked_until <= :at)
        RETURNING failed_sign_ins, locked_until
        """

    public func endSignInAttempt(_ account: Account, succeeded: Bool, outcome: String) throws {
        try writer.write { db in
            if succeeded {
                try db.execute(sql: "UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?",
                               arguments: [account.id])
            } else {
                try Self.append(AccountEvent(actor: "web", account: account.name, action: "sign-in refused", detail: outcome),
                                account: try Account.fetchOne(db, key: account.id), to: db)
            }
        }
    }

    /// Appends an account event to the accounts' chain, binding `account`'s state after it (as stored: its secret
    /// sealed).
    static func append(_ event: AccountEvent, account: Account?, to db: Database) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM account_events ORDER BY id DESC LIMIT 1")
            ?? AccountChain.genesis
        try AccountChain.chained(event, account: account, previous: previous).insert(db)
    }

    public func approvalSteps() throws -> String? {
        try writer.read { try String.fetchOne($0, sql: "SELECT yaml FROM approval_steps WHERE id = 1") }
    }

    public func setApprovalSteps(_ yaml: String, by actor: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO approval_steps (id, yaml) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET yaml = excluded.yaml",
                           arguments: [yaml])
            try Self.append(AccountEvent(actor: actor, account: ApprovalSteps.eventName, action: "approval steps set",
                                         detail: ApprovalSteps.digest(yaml)), account: nil, to: db)
        }
    }

    public func accountEvents() throws -> [AccountEvent] {
        try writer.read { try AccountEvent.order(Column("id")).fetchAll($0) }
    }

    // MARK: sessions

    public func insertSession(_ session: WebSession) throws {
        try writer.write { try session.insert($0) }
    }

    /// The session whose token has this SHA-256, with its account.
    public func session(tokenSHA256: String) throws -> (WebSession, Account)? {
        try writer.read { db in
            guard let session = try WebSession.fetchOne(db, key: tokenSHA256),
                  let account = try Account.fetchOne(db, key: session.accountID) else { return nil }
            return (session, sealer.opened(account))
        }
    }

    public func touchSession(tokenSHA256: String, at: Date) throws {
        try writer.write { db in
            _ = try WebSession.filter(key: tokenSHA256).updateAll(db, WebSession.Columns.lastSeen.set(to: at))
        }
    }

    public func deleteSession(tokenSHA256: String) throws {
        try writer.write { _ = try WebSession.deleteOne($0, key: tokenSHA256) }
    }

    /// Ends sessions idle since before `idleSince` or begun before `begunSince`.
    public func deleteSessions(idleSince: Date, begunSince: Date) throws {
        try writer.write { db in
            _ = try WebSession.filter(WebSession.Columns.lastSeen < idleSince || WebSession.Columns.createdAt < begunSince)
                .deleteAll(db)
        }
    }
}
