import Foundation
import IngestCore

// The archive as its clients see it: one protocol per client, so a second store (PostgreSQL) implements what
// each needs and the clients never name the SQLite one. `ArchiveDatabase` (GRDB over SQLite) is the store
// behind all of them today.

/// What an ingest run asks: its run record, the durable job queue (each page stored as it is read, a file's
/// items committed with its last page), and what it needs to know of inputs already archived.
public protocol IngestArchive: Sendable {
    func beginRun(asOf: String, arguments: String) throws -> Int64
    func finishRun(_ id: Int64, summary: RunSummary, stopped: Bool) throws
    /// Forgets a run that found nothing to do.
    func discardRun(_ id: Int64) throws

    /// Pages a killed run left marked running are queued again (only while holding the archive's lock).
    func requeueInterruptedPages() throws -> Int
    func unfinishedJob(sha256: String) throws -> QueuedJob?
    func unfinishedJobs() throws -> [QueuedJob]
    func enqueue(_ file: JobFile, runID: Int64) throws -> QueuedJob
    func setAside(jobID: Int64, reason: String) throws
    func markRunning(jobID: Int64, page: Int) throws
    /// Stores a read page; returns the input when this page completed it (committed in the same transaction).
    func completePage(jobID: Int64, page: Int, items: [PageOutcome], seconds: Double, runID: Int64) throws -> InputOutcome?
    /// Commits the file as failed whole, with the pages read before; nil when it was committed already.
    func failJob(jobID: Int64, problem: Problem, runID: Int64) throws -> InputOutcome?
    /// Commits an input not read page by page (refused at intake); false when its content is archived already.
    @discardableResult
    func record(_ outcome: InputOutcome, runID: Int64) throws -> Bool

    func knownInput(sha256: String) throws -> KnownInput?
    func knownCompanyNames() throws -> Set<String>
    func disposition(sha256: String) throws -> InputDisposition?
    /// Where a scan was moved to (a drop folder's done or quarantine).
    func recordLocation(sha256: String, path: String) throws
    /// A scan moved later (out of quarantine), recorded in its items' histories too.
    func recordMove(sha256: String, to path: String, reason: String) throws
    /// Every input the archive references, and where each is now.
    func storedScans() throws -> [StoredScan]
    /// A run's items of these statuses, in source and page order: what its report lists.
    func items(runID: Int64?, statuses: [ItemStatus]?) throws -> [StoredItem]
    /// Whether the archive encrypts personal numbers, and whether this process holds the key to write them.
    var encryptsPersonalData: Bool { get }
    var hasPersonalDataKey: Bool { get }
}

/// What the review desk asks — and through the desk, the reviewer web UI: items, their history, search, and
/// applying a reviewer's change with its audit events.
public protocol ReviewArchive: Sendable {
    func item(id: Int64) throws -> StoredItem?
    func items(_ filter: ItemFilter) throws -> [StoredItem]
    func itemIDs(_ filter: ItemFilter) throws -> [Int64]
    func apply(_ update: ItemUpdate, to itemID: Int64) throws
    /// Appends an event that changes nothing (a number revealed, an approval step).
    func note(_ event: AuditEvent) throws
    func history(itemID: Int64) throws -> [AuditEvent]
    /// The page at the width a reviewer reads it; nil when ingest kept none.
    func reviewImage(itemID: Int64) throws -> [UInt8]?
    /// The input file an item was read from, with every item read from that file; nil for no such item.
    func scan(ofItem itemID: Int64) throws -> ItemScan?
    func search(_ text: String, limit: Int) throws -> [StoredItem]
    func reviewerCorrections(for item: StoredItem) throws -> [ReviewerCorrection]
    func itemsDecidedToday() throws -> [Int64]
    /// The last decision a reviewer made on each of a run's items.
    func reviewerDecisions(runID: Int64) throws -> [Int64: AuditEvent]
    /// Claims an item for a reviewer until a time, unless another holds it now (that claim is returned).
    func claim(itemID: Int64, by reviewer: String, until: Date, now: Date) throws -> ItemClaim?
    func claim(itemID: Int64, now: Date) throws -> ItemClaim?
    func releaseClaim(itemID: Int64) throws
    /// Each assigned item's reviewer (the last `assigned` event of its history).
    func assignees() throws -> [Int64: String]
    func assignee(itemID: Int64) throws -> String?
    /// The company codes each item belongs to (an account's scope).
    func itemCompanyCodes() throws -> [Int64: Set<String>]
}

/// What the compliance commands, the statistics and the auditor ask: the records, and whether the archive is
/// as certarchive left it.
public protocol RecordArchive: Sendable {
    func recordSummaries(statuses: [ItemStatus]?) throws -> [RecordSummary]
    func checkIntegrity() throws -> IntegrityReport
}

extension ArchiveDatabase: IngestArchive, ReviewArchive, RecordArchive {}

/// A store whose work queue many processes share (PostgreSQL): each worker claims its next page from the store
/// under a lease, rather than one run handing out the pages it queued. A claim that is not renewed runs out, and
/// the page goes to another worker; a page stored under a lease that ran out is not taken.
public protocol SharedWorkQueue: Sendable {
    /// How long a claim lasts without renewal.
    var lease: TimeInterval { get }
    /// The next page to read, claimed for this process; nil when no page is waiting.
    func claimPage() throws -> ClaimedPage?
    /// Extends every claim this process holds; returns how many.
    @discardableResult
    func renewLeases() throws -> Int
    /// Pages queued or being read, by any process.
    func pagesWaiting() throws -> Int
    /// Claims a file of a drop folder several machines share, for this process until its lease runs out (renewed
    /// with its pages'); false when another process holds it and is alive.
    func claimFile(_ path: String) throws -> Bool
    /// Lets a claimed file go: it has left the folder, or is left for a later run.
    func releaseFile(_ path: String) throws
}

/// A page claimed from a shared queue, with its file.
public struct ClaimedPage: Sendable {
    public var job: QueuedJob
    public var page: Int
    /// How many times the page has been handed out, this claim included (more than one: a lease ran out before).
    public var claims: Int

    public init(job: QueuedJob, page: Int, claims: Int) {
        self.job = job; self.page = page; self.claims = claims
    }
}

/// What signing in, `user` and `--as` ask of an archive: its accounts, their events, the web UI's sessions and
/// its access token.
public protocol AccountStore: Sendable {
    func accounts() throws -> [Account]
    func account(named name: String) throws -> Account?
    func account(id: Int64) throws -> Account?
    /// Adds an account, recording who did it; a name already taken is refused (`AccountError`).
    func addAccount(_ account: Account, by actor: String) throws -> Account
    /// Stores a changed account and what changed; an account disabled or given a new password loses its sessions.
    func updateAccount(_ account: Account, action: String, detail: String?, by actor: String) throws
    /// Counts a sign-in attempt as a failure before its password is checked, in one statement, so that parallel
    /// attempts cannot all read the count before any writes it: nil when the account is locked (no password may
    /// be checked); `.lastBeforeLock` when this attempt reached `maxFailures` and locked it until `lockUntil`.
    func beginSignInAttempt(accountID: Int64, at: Date, maxFailures: Int, lockUntil: Date) throws -> SignInAttempt?
    /// The attempt's end: a success clears the count and the lock; a refusal is kept in the account's history.
    func endSignInAttempt(_ account: Account, succeeded: Bool, outcome: String) throws
    func accountEvents() throws -> [AccountEvent]

    func insertSession(_ session: WebSession) throws
    func session(tokenSHA256: String) throws -> (WebSession, Account)?
    func touchSession(tokenSHA256: String, at: Date) throws
    func deleteSession(tokenSHA256: String) throws
    func deleteSessions(idleSince: Date, begunSince: Date) throws

    func webTokenSHA256() throws -> String?
    func setWebTokenSHA256(_ hash: String) throws

    /// The approval steps this archive keeps (their YAML, as `pipelines/approval.yaml` writes them); nil: none yet.
    func approvalSteps() throws -> String?
    /// Keeps new approval steps, recorded in the accounts' chain as `approval steps set` by `actor`.
    func setApprovalSteps(_ yaml: String, by actor: String) throws
}

/// A sign-in attempt the store let through to the password check.
public enum SignInAttempt: Sendable, Equatable {
    case allowed
    /// The attempt that locked the account: should it fail too, the lock stands.
    case lastBeforeLock
}

/// Re-sealing every personal number under a new key (or in clear): `rekey`.
public protocol RekeyableArchive: Sendable {
    func rekey(to newKey: PersonalDataKey?) throws -> RekeyReport
}

/// A copy of the archive as a SQLite file `verify` checks on its own: `backup`.
public protocol CopiedArchive: Sendable {
    func backup(to destination: String) throws -> ArchiveDatabase
}

extension ArchiveDatabase: AccountStore, RekeyableArchive, CopiedArchive {}

extension AccountStore {
    public func updateAccount(_ account: Account, action: String, by actor: String) throws {
        try updateAccount(account, action: action, detail: nil, by: actor)
    }

    /// Whether people sign in to this archive: it has accounts, enabled or not. An archive that has had accounts
    /// stays so when all are disabled — never back to token mode, where the API key writes under any name.
    public func hasAccounts() throws -> Bool {
        try !accounts().isEmpty
    }
}

/// The input file an item was read from, and the items read from each of its pages: what a viewer of the
/// original pages through.
public struct ItemScan: Sendable {
    public var scan: StoredScan
    /// Every item read from the file, with its page (nil: an image file's only page).
    public var items: [(id: Int64, page: Int?)]

    public init(scan: StoredScan, items: [(id: Int64, page: Int?)]) {
        self.scan = scan; self.items = items
    }

    /// The items read from page `page` of the file.
    public func items(onPage page: Int) -> [Int64] {
        items.filter { ($0.page ?? 1) == page }.map(\.id)
    }
}
