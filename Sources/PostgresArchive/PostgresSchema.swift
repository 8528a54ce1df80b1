import Archive
import Foundation
import PostgresNIO

/// The PostgreSQL archive's schema, as named migrations applied in order and never edited once released (add new
/// ones at the end), like the SQLite archive's. Each runs in one transaction under an advisory lock, so processes
/// opening a new archive together apply each migration once.
enum PostgresSchema {
    static let migrations: [(name: String, sql: String)] = [
        ("v1: runs, inputs, items, problems, the audit chain, the shared work queue", v1),
        ("v2: files of a shared drop folder claimed", v2),
        ("v3: review, accounts, notices, key changes", v3),
        ("v4: events by time", v4),
        ("v5: runs alive while their process is", v5),
        ("v6: the accounts' chain", v6),
        ("v7: approval steps kept with the archive", v7),
        ("v8: noted events counted on their item", v8),
    ]

    /// Brings the schema up to date.
    static func migrate(_ connections: PostgresConnections) throws {
        try connections.transaction { session in
            try session.execute("SELECT pg_advisory_xact_lock(hashtext('certarchive migrations'))")
            try session.execute("""
                CREATE TABLE IF NOT EXISTS certarchive_migrations (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let applied = Set(try session.values("SELECT name FROM certarchive_migrations", as: String.self))
            for migration in migrations where !applied.contains(migration.name) {
                for statement in statements(of: migration.sql) {
                    try session.execute(PostgresQuery(unsafeSQL: statement))
                }
                if migration.name == "v6: the accounts' chain" { try chainExistingAccountEvents(in: session) }
                try session.execute("INSERT INTO certarchive_migrations (name) VALUES (\(migration.name))")
            }
        }
    }

    /// Chains the account events an archive held before the accounts' chain existed, each binding its account's
    /// state as it stands now (as the SQLite archive's migration does).
    static func chainExistingAccountEvents(in session: PostgresSession) throws {
        let accounts = Dictionary(try PostgresArchive.accounts(in: session).map { ($0.name, $0) },
                                  uniquingKeysWith: { first, _ in first })
        try session.execute("ALTER TABLE account_events DISABLE TRIGGER account_events_never_change")
        var previous = AccountChain.genesis
        for event in try PostgresArchive.accountEvents(in: session) {
            let chained = AccountChain.chained(event, account: accounts[event.account], previous: previous)
            try session.execute("""
                UPDATE account_events SET state = \(chained.state), prev_hash = \(chained.prevHash), hash = \(chained.hash)
                WHERE id = \(event.id)
                """)
            previous = chained.hash ?? previous
        }
        try session.execute("ALTER TABLE account_events ENABLE TRIGGER account_events_never_change")
    }

    /// A migration's statements one by one (postgres-nio sends each as one prepared statement): split after
    /// each line ending in `;` that is not inside a `$$` function body.
    static func statements(of sql: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        var inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            current.append(line)
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    static let v1 = """
        CREATE TABLE runs (
            id bigserial PRIMARY KEY,
            started_at text NOT NULL,
            finished_at text,
            as_of text NOT NULL,
            arguments text NOT NULL,
            machine text NOT NULL,             -- host:pid of the process that ran it
            inputs integer, skipped integer, pages integer, accepted integer, review integer, failed integer,
            seconds double precision,
            stopped boolean NOT NULL DEFAULT false
        );
        -- One row per input file, keyed by its content: the same bytes are never taken twice.
        CREATE TABLE inputs (
            id bigserial PRIMARY KEY,
            sha256 text NOT NULL UNIQUE,
            source text NOT NULL,
            format text,
            byte_count bigint NOT NULL,
            page_count integer NOT NULL,
            status text NOT NULL CHECK (status IN ('read', 'failed')),
            reason text,
            run_id bigint NOT NULL REFERENCES runs(id),
            seconds double precision NOT NULL,
            stored_at text
        );
        -- One row per certificate found on a page, or per input that could not be read (page NULL). The JSON
        -- columns are text, byte for byte as the SQLite archive keeps them: the audit chain hashes them.
        CREATE TABLE items (
            id bigserial PRIMARY KEY,
            input_id bigint NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
            run_id bigint NOT NULL REFERENCES runs(id),
            source text NOT NULL,
            page integer,
            type text NOT NULL,
            status text NOT NULL CHECK (status IN ('accepted', 'review', 'failed')),
            origin text,
            fields text NOT NULL,
            field_details text NOT NULL,
            flags text NOT NULL,
            thumbnail bytea,
            review_image bytea,
            page_text text,
            page_width integer,
            page_height integer,
            region text,
            back_region text
        );
        CREATE INDEX items_status ON items(status);
        CREATE INDEX items_run ON items(run_id);
        CREATE INDEX items_input ON items(input_id);
        CREATE TABLE problems (
            id bigserial PRIMARY KEY,
            item_id bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            rule text NOT NULL,
            field text,
            message text NOT NULL
        );
        CREATE INDEX problems_item ON problems(item_id);

        -- Every change to an item, by ingest or a reviewer: append-only, one hash chain. Ids are the chain's
        -- order, given by the writer that holds the chain's head.
        CREATE TABLE events (
            id bigint PRIMARY KEY,
            item_id bigint NOT NULL REFERENCES items(id),
            at text NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            field text,
            old_value text,
            new_value text,
            reason text,
            state text,
            prev_hash text NOT NULL,
            hash text NOT NULL
        );
        CREATE INDEX events_item ON events(item_id);
        CREATE INDEX events_assigned ON events(item_id, id) WHERE action = 'assigned';
        -- The chain's last event. A writer locks this row (SELECT … FOR UPDATE) in the transaction that appends,
        -- so writers on every machine append one after another and the chain stays one chain.
        CREATE TABLE chain_head (
            id integer PRIMARY KEY CHECK (id = 1),
            last_id bigint NOT NULL,
            hash text NOT NULL
        );
        INSERT INTO chain_head VALUES (1, 0, '\(EventChain.genesis)');
        CREATE FUNCTION certarchive_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only';
        END $$;
        CREATE TRIGGER events_never_change BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION certarchive_events_append_only();
        -- An event must follow the chain's head, and moves it: the chain cannot be extended by hand unseen.
        CREATE FUNCTION certarchive_events_follow_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            head chain_head%ROWTYPE;
        BEGIN
            SELECT * INTO head FROM chain_head WHERE id = 1 FOR UPDATE;
            IF NEW.id <> head.last_id + 1 OR NEW.prev_hash <> head.hash THEN
                RAISE EXCEPTION 'an audit event must carry its hash and follow the chain';
            END IF;
            UPDATE chain_head SET last_id = NEW.id, hash = NEW.hash WHERE id = 1;
            RETURN NEW;
        END $$;
        CREATE TRIGGER events_chained BEFORE INSERT ON events
            FOR EACH ROW EXECUTE FUNCTION certarchive_events_follow_chain();

        -- Present when the archive encrypts its personal numbers: a keyed digest that recognises the key.
        CREATE TABLE personal_data (
            id integer PRIMARY KEY CHECK (id = 1),
            key_check text NOT NULL,
            since text NOT NULL
        );

        -- The work queue every process shares: one row per input file taken in, keyed by its content...
        CREATE TABLE jobs (
            id bigserial PRIMARY KEY,
            sha256 text NOT NULL UNIQUE,
            source text NOT NULL,
            format text,
            byte_count bigint NOT NULL,
            page_count integer NOT NULL,
            state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'aside')),
            reason text,
            run_id bigint NOT NULL REFERENCES runs(id),
            queued_at text NOT NULL,
            finished_at text
        );
        -- ...and one row per page, claimed by one process at a time under a lease (claimed_by host:pid until
        -- claimed_until). A read page keeps its outcome until its whole file is committed; the row stays, without
        -- it, to count who read what. `claims` counts how often the page was handed out.
        CREATE TABLE page_jobs (
            job_id bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            page integer NOT NULL,
            state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'aside')),
            outcome text,
            seconds double precision,
            claimed_by text,
            claimed_until timestamptz,
            claims integer NOT NULL DEFAULT 0,
            PRIMARY KEY (job_id, page)
        );
        CREATE INDEX page_jobs_queued ON page_jobs(job_id, page) WHERE state = 'queued';
        CREATE INDEX page_jobs_leases ON page_jobs(claimed_until) WHERE state = 'running';

        """

    static let v2 = """
        -- A drop folder several machines share: each file is claimed by one process (host:pid, under a lease like
        -- its pages') before it is read, and let go once that process has moved it out of the folder.
        CREATE TABLE drop_claims (
            path text PRIMARY KEY,
            claimed_by text NOT NULL,
            claimed_until timestamptz NOT NULL
        );
        """

    static let v3 = """
        -- Who has an item open in the web UI, until when: another person's change waits until then.
        CREATE TABLE item_claims (
            item_id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            reviewer text NOT NULL,
            until timestamptz NOT NULL
        );
        -- The reviewer web UI's access token, as its salted SHA-256: needed to serve anything off loopback.
        CREATE TABLE web_access (
            id integer PRIMARY KEY CHECK (id = 1),
            token_sha256 text NOT NULL,
            set_at text NOT NULL
        );
        -- People who use the web UI (and the command line with --as): as in the SQLite archive.
        CREATE TABLE accounts (
            id bigserial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            role text NOT NULL CHECK (role IN ('viewer', 'reviewer', 'approver', 'auditor', 'admin')),
            companies text NOT NULL DEFAULT '[]',
            password_hash text NOT NULL,
            totp_secret text,
            disabled boolean NOT NULL DEFAULT false,
            failed_sign_ins integer NOT NULL DEFAULT 0,
            locked_until timestamptz,
            created_at timestamptz NOT NULL
        );
        -- Signed-in browsers: the SHA-256 of the session cookie's token (never the token), its CSRF token.
        CREATE TABLE sessions (
            token_sha256 text PRIMARY KEY,
            account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            csrf_token text NOT NULL,
            created_at timestamptz NOT NULL,
            last_seen timestamptz NOT NULL
        );
        -- Who changed which account, and how: append-only.
        CREATE TABLE account_events (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            account text NOT NULL,
            action text NOT NULL,
            detail text
        );
        CREATE FUNCTION certarchive_account_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'account events are append-only';
        END $$;
        CREATE TRIGGER account_events_never_change BEFORE UPDATE OR DELETE ON account_events
            FOR EACH ROW EXECUTE FUNCTION certarchive_account_events_append_only();
        -- Every change of key (or to or from encryption): the event chain is rewritten then, from its head.
        CREATE TABLE key_changes (
            id bigserial PRIMARY KEY,
            at text NOT NULL,
            change text NOT NULL,
            head_before text,
            head_after text
        );
        -- Each warning `notify` delivered, per channel, so none is sent twice (the SHA-256 of its key).
        CREATE TABLE notices_sent (
            digest text NOT NULL,
            channel text NOT NULL,
            kind text NOT NULL,
            sent_at text NOT NULL,
            PRIMARY KEY (digest, channel)
        );
        """

    static let v4 = """
        -- The queue page counts today's decisions on every load: found by time (byte order, as ISO 8601 sorts).
        CREATE INDEX events_at ON events(at COLLATE "C");
        """

    static let v5 = """
        -- Renewed with the process's leases while the run goes on: a run unfinished past it lost its process.
        ALTER TABLE runs ADD COLUMN alive_until timestamptz;
        """

    static let v7 = """
        CREATE TABLE approval_steps (id integer PRIMARY KEY CHECK (id = 1), yaml text NOT NULL);
        """

    static let v8 = """
        ALTER TABLE items ADD COLUMN noted integer NOT NULL DEFAULT 0;
        """

    /// Its columns only: the events an archive holds are chained by `chainExistingAccountEvents` after it.
    static let v6 = """
        ALTER TABLE account_events ADD COLUMN state text;
        ALTER TABLE account_events ADD COLUMN prev_hash text;
        ALTER TABLE account_events ADD COLUMN hash text;
        """
}
