import GRDB

extension ArchiveDatabase {
    /// Migrations are named and never edited once released: add new ones below.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, inputs, items, problems") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    as_of TEXT NOT NULL,
                    arguments TEXT NOT NULL,
                    inputs INTEGER, skipped INTEGER, pages INTEGER, accepted INTEGER, review INTEGER, failed INTEGER,
                    seconds REAL
                );
                -- One row per input file, keyed by its content: the same bytes are never taken twice.
                CREATE TABLE inputs (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    format TEXT,
                    byte_count INTEGER NOT NULL,
                    page_count INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('read', 'failed')),
                    reason TEXT,
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    seconds REAL NOT NULL
                );
                -- One row per certificate found on a page, or per input that could not be read (page NULL).
                CREATE TABLE items (
                    id INTEGER PRIMARY KEY,
                    input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    source TEXT NOT NULL,
                    page INTEGER,
                    type TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('accepted', 'review', 'failed')),
                    origin TEXT,
                    fields TEXT NOT NULL,          -- JSON object: field name -> normalised value
                    field_details TEXT NOT NULL,   -- JSON object: field name -> value, raw text, confidence, box
                    flags TEXT NOT NULL,           -- JSON array, e.g. ["expired"]
                    thumbnail BLOB,                -- PNG, kept for items a person must look at
                    page_text TEXT
                );
                CREATE INDEX items_status ON items(status);
                CREATE INDEX items_run ON items(run_id);
                CREATE TABLE problems (
                    id INTEGER PRIMARY KEY,
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    rule TEXT NOT NULL,
                    field TEXT,
                    message TEXT NOT NULL
                );
                CREATE INDEX problems_item ON problems(item_id);
                CREATE VIEW archive AS SELECT * FROM items WHERE status = 'accepted';
                CREATE VIEW review_queue AS SELECT * FROM items WHERE status = 'review';
                """)
        }
        migrator.registerMigration("v2: durable job queue") { db in
            try db.execute(sql: """
                -- One row per input file taken in, keyed by its content, from intake until its items are committed.
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    format TEXT,
                    byte_count INTEGER NOT NULL,
                    page_count INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                    reason TEXT,
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    queued_at TEXT NOT NULL,
                    finished_at TEXT
                );
                CREATE INDEX jobs_state ON jobs(state);
                -- One row per page of a job; a read page keeps its outcome here until the whole file is committed.
                CREATE TABLE page_jobs (
                    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    page INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
                    outcome TEXT,      -- JSON PageOutcome without its thumbnail
                    thumbnail BLOB,
                    seconds REAL,
                    PRIMARY KEY (job_id, page)
                );
                ALTER TABLE runs ADD COLUMN stopped INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v3: audit events") { db in
            try db.execute(sql: """
                -- Every change to an item, by ingest or a reviewer: append-only.
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    item_id INTEGER NOT NULL REFERENCES items(id),
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,        -- 'ingest' or 'reviewer:NAME'
                    action TEXT NOT NULL,       -- created, corrected, set, accepted, rejected, reopened
                    field TEXT,
                    old_value TEXT,
                    new_value TEXT,
                    reason TEXT
                );
                CREATE INDEX events_item ON events(item_id);
                CREATE TRIGGER events_never_change BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                CREATE TRIGGER events_never_go BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                """)
        }
        migrator.registerMigration("v4: page size, web access") { db in
            try db.execute(sql: """
                ALTER TABLE items ADD COLUMN page_width INTEGER;
                ALTER TABLE items ADD COLUMN page_height INTEGER;
                -- The reviewer web UI's access token, as its SHA-256: needed to serve anything off loopback.
                CREATE TABLE web_access (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    token_sha256 TEXT NOT NULL,
                    set_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5: audit hash chain, where scans are") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN prev_hash TEXT;
                ALTER TABLE events ADD COLUMN hash TEXT;
                -- Where the input file is now (absolute, or relative to the archive's folder in a backup): its
                -- path when taken in, then where the drop folder moved it.
                ALTER TABLE inputs ADD COLUMN stored_at TEXT;
                DROP TRIGGER events_never_change;
                """)
            try chainExistingEvents(db)
            try db.execute(sql: eventGuards)
        }
        migrator.registerMigration("v6: personal data at rest") { db in
            try db.execute(sql: """
                -- Present when the archive encrypts its personal numbers: a keyed digest that recognises the key.
                CREATE TABLE personal_data (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    key_check TEXT NOT NULL,
                    since TEXT NOT NULL
                );
                -- Every change of key (or to or from encryption): the event chain is rewritten then, from its head.
                CREATE TABLE key_changes (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    change TEXT NOT NULL,
                    head_before TEXT,
                    head_after TEXT
                );
                """)
        }
        migrator.registerMigration("v7: several certificates on one page") { db in
            try db.execute(sql: """
                -- Where on its page the item lies, and its back, when a page held several cards (JSON boxes in the
                -- page's pixels); NULL when the item is the whole page.
                ALTER TABLE items ADD COLUMN region TEXT;
                ALTER TABLE items ADD COLUMN back_region TEXT;
                """)
        }
        migrator.registerMigration("v8: events bind their item's state") { db in
            try db.execute(sql: """
                -- The state the event left its item in (ItemState.text: digests of status, fields, flags, problems,
                -- thumbnail), covered by the event's hash: `verify` compares each item with its last event's.
                ALTER TABLE events ADD COLUMN state TEXT;
                """)
            // Items recorded before: bound as they stand now, by an event that says so.
            for itemID in try Int64.fetchAll(db, sql: "SELECT id FROM items ORDER BY id") {
                try AuditEvent(itemID: itemID, actor: EventActor.archive.text, action: .bound,
                               reason: "state bound to the audit chain (archive format v8)").append(to: db)
            }
        }
        migrator.registerMigration("v9: accounts and sessions") { db in
            try db.execute(sql: """
                -- People who use the web UI (and the command line with --as): a role, the companies an account is
                -- limited to (统一社会信用代码, JSON; empty: all), a bcrypt hash, an optional TOTP secret.
                CREATE TABLE accounts (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'approver', 'auditor', 'admin')),
                    companies TEXT NOT NULL DEFAULT '[]',
                    password_hash TEXT NOT NULL,
                    totp_secret TEXT,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
                    locked_until TEXT,
                    created_at TEXT NOT NULL
                );
                -- Signed-in browsers: the SHA-256 of the session cookie's token (never the token), its CSRF token.
                CREATE TABLE sessions (
                    token_sha256 TEXT PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    last_seen TEXT NOT NULL
                );
                -- Who changed which account, and how (added, disabled, new password, second factor…): append-only.
                CREATE TABLE account_events (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    account TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT
                );
                CREATE TRIGGER account_events_never_change BEFORE UPDATE ON account_events
                    BEGIN SELECT RAISE(ABORT, 'account events are append-only'); END;
                CREATE TRIGGER account_events_never_go BEFORE DELETE ON account_events
                    BEGIN SELECT RAISE(ABORT, 'account events are append-only'); END;
                """)
        }
        migrator.registerMigration("v10: notices sent") { db in
            try db.execute(sql: """
                -- Each warning `notify` delivered, per channel, so none is sent twice: the SHA-256 of its key (a key
                -- may name a person's certificate), its kind, when.
                CREATE TABLE notices_sent (
                    digest TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    sent_at TEXT NOT NULL,
                    PRIMARY KEY (digest, channel)
                );
                """)
        }
        migrator.registerMigration("v11: the page a reviewer reads") { db in
            try db.execute(sql: """
                -- The page at pages.review_image_width (PNG, grey), kept for items in review only: what a reviewer
                -- reads and magnifies a field from. The thumbnail stays for reports.
                ALTER TABLE items ADD COLUMN review_image BLOB;
                """)
        }
        migrator.registerMigration("v12: items a reviewer is working on, items given to a reviewer") { db in
            try db.execute(sql: """
                -- Who has an item open in the web UI, until when: another person's change waits until then.
                CREATE TABLE item_claims (
                    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
                    reviewer TEXT NOT NULL,
                    until TEXT NOT NULL
                );
                -- Assignments are the history's `assigned` events: this finds each item's last one quickly.
                CREATE INDEX events_assigned ON events(item_id, id) WHERE action = 'assigned';
                """)
        }
        migrator.registerMigration("v13: events by time") { db in
            // The queue page counts today's decisions on every load: found by time, not by reading every event.
            try db.execute(sql: "CREATE INDEX events_at ON events(at)")
        }
        migrator.registerMigration("v14: the accounts' chain") { db in
            try db.execute(sql: """
                ALTER TABLE account_events ADD COLUMN state TEXT;
                ALTER TABLE account_events ADD COLUMN prev_hash TEXT;
                ALTER TABLE account_events ADD COLUMN hash TEXT;
                DROP TRIGGER account_events_never_change;
                """)
            try chainExistingAccountEvents(db)
            try db.execute(sql: """
                CREATE TRIGGER account_events_never_change BEFORE UPDATE ON account_events
                    BEGIN SELECT RAISE(ABORT, 'account events are append-only'); END;
                """)
        }
        migrator.registerMigration("v15: approval steps kept with the archive") { db in
            try db.execute(sql: "CREATE TABLE approval_steps (id INTEGER PRIMARY KEY CHECK (id = 1), yaml TEXT NOT NULL)")
        }
        migrator.registerMigration("v16: noted events counted on their item") { db in
            try db.execute(sql: "ALTER TABLE items ADD COLUMN noted INTEGER NOT NULL DEFAULT 0")
        }
        return migrator
    }

    /// The triggers that keep the audit events append-only and chained (rekey lifts them while it re-seals).
    static let eventGuards = """
        CREATE TRIGGER events_never_change BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
        -- An event must carry its hash and follow the last one: the chain cannot be extended by hand unseen.
        CREATE TRIGGER events_chained BEFORE INSERT ON events
            WHEN NEW.hash IS NULL OR NEW.prev_hash IS NOT
                coalesce((SELECT hash FROM events ORDER BY id DESC LIMIT 1), '\(EventChain.genesis)')
            BEGIN SELECT RAISE(ABORT, 'an audit event must carry its hash and follow the chain'); END;
        """

    /// Chains the account events an archive held before the accounts' chain existed, each binding its account's
    /// state as it stands now.
    static func chainExistingAccountEvents(_ db: Database) throws {
        let accounts = Dictionary(try Account.fetchAll(db).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var previous = AccountChain.genesis
        for event in try AccountEvent.order(Column("id")).fetchAll(db) {
            // The hash reads the time to the second: the stored time, with its milliseconds, hashes alike.
            let chained = AccountChain.chained(event, account: accounts[event.account], previous: previous)
            try db.execute(sql: "UPDATE account_events SET state = ?, prev_hash = ?, hash = ? WHERE id = ?",
                           arguments: [chained.state, chained.prevHash, chained.hash, event.id])
            previous = chained.hash ?? previous
        }
    }

    /// Hashes the events, in order (those an archive held before the chain existed; all of them after a rekey).
    static func chainExistingEvents(_ db: Database) throws {
        var previous = EventChain.genesis
        for row in try Row.fetchAll(db, sql: "SELECT * FROM events ORDER BY id") {
            let hash = EventChain.hash(of: row, previous: previous)
            try db.execute(sql: "UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?",
                           arguments: [previous, hash, row["id"] as Int64])
            previous = hash
        }
    }
}
