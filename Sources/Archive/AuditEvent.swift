import Foundation
import GRDB

/// One change to an item: who, when, what, from what to what, why. Events are only ever added (the table refuses
/// updates and deletes), so an item's history is the list of its events.
public struct AuditEvent: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable {
        /// Ingest recorded the item.
        case created
        /// Ingest's correction stage changed a value as read.
        case corrected
        /// A reviewer changed a field.
        case set
        case accepted, rejected, reopened
        /// The archive bound the item's state to the chain as it stood (items recorded before events carried it).
        case bound
        /// A reviewer accepted changes the approval steps name: the first step done, the item waits for an approver.
        case submitted
        /// An approver approved another person's changes: the item is accepted.
        case approved
        /// An approver sent the changes back to the reviewers, saying why.
        case sentBack = "sent_back"
        /// Someone was shown a whole personal number (`field`) of the item.
        case revealed
        /// The scan was moved (out of a drop folder's quarantine once every item of it was accepted).
        case moved
        /// The item was given to a reviewer (`newValue`; empty: to nobody) by the actor, from `oldValue`.
        case assigned
        /// An administrator marked the lapse of the item's certificate dealt with (renewed elsewhere, the company
        /// gone), saying how: the desk lists it no more.
        case acknowledged
    }

    /// The actions that change what an item holds (fields, problems, status); an item's revision is its last
    /// event of these. Showing a number, moving a scan or giving the item to someone leaves a reading current.
    public static let changingActions: [Action] = [.created, .corrected, .set, .accepted, .rejected, .reopened,
                                                   .submitted, .approved, .sentBack]

    /// `action IN ('created', …)`, for the SQL that reads an item's revision.
    package static var changingActionsSQL: String {
        "action IN (" + changingActions.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }

    /// The actions that decide an item, as the queue's "decided today" counts them.
    package static let decisions: [Action] = [.accepted, .rejected, .approved]

    /// The bounds of `date`'s UTC day as event times compare (`at` is ISO 8601, UTC): from its start, before the
    /// next day's.
    package static func utcDay(of date: Date) -> (start: String, end: String) {
        let day = String(ISO8601DateFormatter().string(from: date).prefix(10))
        let next = String(ISO8601DateFormatter().string(from: date.addingTimeInterval(86_400)).prefix(10))
        return (day, next)
    }

    public var id: Int64?
    public var itemID: Int64
    public var at: String
    public var actor: String
    public var action: Action
    public var field: String?
    public var oldValue: String?
    public var newValue: String?
    public var reason: String?
    /// The state the event left its item in (`ItemState.text`), set when it is stored.
    public var state: String?
    /// The chain: the hash of the event before, and this event's (set when it is stored).
    public var prevHash: String?
    public var hash: String?

    /// What the event changed, as a history line shows it: `field: old → new`, or for an assignment `old → new`
    /// (∅ for nothing or nobody); nil when it changed no value.
    public var change: String? {
        if let field { return "\(field): \(oldValue ?? "∅") → \(newValue ?? "∅")" }
        guard action == .assigned else { return nil }
        return "\(oldValue ?? "∅") → \(newValue.flatMap { $0.isEmpty ? nil : $0 } ?? "∅")"
    }

    public init(itemID: Int64, actor: String, action: Action, field: String? = nil, oldValue: String? = nil,
                newValue: String? = nil, reason: String? = nil, at: Date = Date()) {
        self.itemID = itemID; self.actor = actor; self.action = action; self.field = field
        self.oldValue = oldValue; self.newValue = newValue; self.reason = reason
        self.at = ISO8601DateFormatter().string(from: at)
    }

    enum CodingKeys: String, CodingKey {
        case id, at, actor, action, field, reason, state
        case itemID = "item_id"
        case oldValue = "old_value"
        case newValue = "new_value"
        case prevHash = "prev_hash"
        case hash
    }

    /// Appends the event to the chain: its id and hash follow the last event's (inside the caller's transaction,
    /// and the archive has one writer, so nothing comes between). The item must already stand as the event
    /// leaves it: its state is read now and bound into the hash.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let itemID = Column(CodingKeys.itemID)
        public static let at = Column(CodingKeys.at)
        public static let actor = Column(CodingKeys.actor)
        public static let action = Column(CodingKeys.action)
        public static let field = Column(CodingKeys.field)
        public static let oldValue = Column(CodingKeys.oldValue)
        public static let newValue = Column(CodingKeys.newValue)
        public static let hash = Column(CodingKeys.hash)
    }

    /// Appends the event to the chain: it takes the next id, binds its item's state as it is now, and is hashed
    /// with the hash of the event before it.
    func append(to db: Database) throws {
        let last = try AuditEvent.order(Columns.id.desc).fetchOne(db)
        var event = self
        event.id = (last?.id ?? 0) + 1
        event.prevHash = last?.hash ?? EventChain.genesis
        event.state = try ItemState.current(of: itemID, in: db)?.text
        event.hash = EventChain.hash(id: event.id ?? 0, itemID: itemID, at: at, actor: actor, action: action.rawValue,
                                     field: field, oldValue: oldValue, newValue: newValue, reason: reason,
                                     state: event.state, previous: event.prevHash ?? EventChain.genesis)
        try event.insert(db)
    }

    /// An item's events, oldest first.
    static func of(item itemID: Int64) -> QueryInterfaceRequest<AuditEvent> {
        filter(Columns.itemID == itemID).order(Columns.id)
    }
}

extension AuditEvent: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "events"
}

extension AuditEvent.Action: DatabaseValueConvertible {}

/// Who an audit event names: ingest, a reviewer (a person's name or account), or the archive itself. Stored as
/// text in `events.actor` (`ingest`, `reviewer:NAME`, `certarchive`).
public enum EventActor: Equatable, Sendable {
    case ingest
    case reviewer(String)
    /// certarchive itself: binding the items' states to the chain.
    case archive
    /// Text of another form, as an archive may hold from elsewhere.
    case other(String)

    public init(_ text: String) {
        switch text {
        case "ingest": self = .ingest
        case "certarchive": self = .archive
        case _ where text.hasPrefix("reviewer:"): self = .reviewer(String(text.dropFirst("reviewer:".count)))
        default: self = .other(text)
        }
    }

    public var text: String {
        switch self {
        case .ingest: "ingest"
        case let .reviewer(name): "reviewer:" + name
        case .archive: "certarchive"
        case let .other(text): text
        }
    }

    /// The person's name for a reviewer; the stored text otherwise.
    public var name: String {
        if case let .reviewer(name) = self { return name }
        return text
    }
}
