import Foundation
import IngestCore

/// An audit event as a store holds it, every column.
package struct StoredEvent: Sendable {
    package var id: Int64
    package var itemID: Int64
    package var at: String
    package var actor: String
    package var action: String
    package var field: String?
    package var oldValue: String?
    package var newValue: String?
    package var reason: String?
    package var state: String?
    package var prevHash: String?
    package var hash: String?

    package init(id: Int64, itemID: Int64, at: String, actor: String, action: String, field: String?,
                 oldValue: String?, newValue: String?, reason: String?, state: String?, prevHash: String?,
                 hash: String?) {
        self.id = id; self.itemID = itemID; self.at = at; self.actor = actor; self.action = action
        self.field = field; self.oldValue = oldValue; self.newValue = newValue; self.reason = reason
        self.state = state; self.prevHash = prevHash; self.hash = hash
    }
}

/// Walks an archive's audit chain and its items, whichever store holds them: each event must follow the one
/// before and hash to its content, and each item must stand as its last event left it. `verify` on both stores.
package struct IntegrityAuditor {
    private var report = IntegrityReport()
    private var previous = EventChain.genesis
    private var statusByItem: [Int64: ItemStatus] = [:]
    private var lastEventByItem: [Int64: (event: EventReference, state: String?)] = [:]

    package init() {}

    /// The next event of the chain, in id order.
    package mutating func see(_ event: StoredEvent) {
        report.events += 1
        if report.chainBreak == nil {
            let expected = EventChain.hash(
                id: event.id, itemID: event.itemID, at: event.at, actor: event.actor, action: event.action,
                field: event.field, oldValue: event.oldValue, newValue: event.newValue, reason: event.reason,
                state: event.state, previous: previous)
            if event.prevHash != previous {
                report.chainBreak = ChainBreak(kind: .notFollowing, event: EventReference(event))
            } else if event.hash != expected {
                report.chainBreak = ChainBreak(kind: .changed, event: EventReference(event))
            }
            previous = event.hash ?? ""
        }
        lastEventByItem[event.itemID] = (EventReference(event), event.state)
        if let status = ArchiveDatabase.status(after: AuditEvent.Action(rawValue: event.action),
                                               newValue: event.newValue, reason: event.reason) {
            statusByItem[event.itemID] = status
        }
    }

    /// The report, once every event was seen: `items` (id, stored status) in id order; `state` reads an item's
    /// stored state.
    package func report(items: [(id: Int64, status: String)],
                        state: (Int64) throws -> ItemState?) throws -> IntegrityReport {
        var report = report
        report.head = report.events > 0 ? previous : nil
        for (id, status) in items {
            guard let expected = statusByItem[id] else {
                report.itemBreaks.append(.noHistory(item: id))
                continue
            }
            if expected.rawValue != status {
                report.itemBreaks.append(.status(item: id, stored: status, history: expected))
            } else if let last = lastEventByItem[id], let bound = last.state.flatMap(ItemState.init(text:)),
                      let stored = try state(id), !stored.differences(from: bound).isEmpty {
                report.itemBreaks.append(.state(item: id, parts: stored.differences(from: bound), lastEvent: last.event))
            }
        }
        // An item its history holds that the archive no longer does: its row was deleted.
        let stored = Set(items.map(\.id))
        for id in statusByItem.keys.sorted() where !stored.contains(id) {
            report.itemBreaks.append(.gone(item: id))
        }
        return report
    }
}
