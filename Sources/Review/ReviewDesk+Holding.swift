import Archive
import Foundation
import IngestCore

/// Why a person may not change an item now: it is another reviewer's, given to him or opened by him.
public struct ItemHold: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Someone gave him the item; it stays his until it is given to another.
        case assigned
        /// He opened it; it is his until then, or until he decides it.
        case working(until: Date)
    }

    public var reviewer: String
    public var kind: Kind
}

/// Items given to reviewers, and locked while a reviewer works on one: a team of reviewers never corrects the same
/// item twice at once, and a lead shares the queue out. Every assignment is an event of the item's history.
extension ReviewDesk {
    /// How long an opened item stays a reviewer's: another person's change waits until then.
    public static let claimLasts: TimeInterval = 15 * 60

    /// A reviewer opens an item: it is his for `claimLasts` unless it is another's; then that hold is returned.
    public func open(_ id: Int64, for reviewer: String, now: Date = Date()) throws -> ItemHold? {
        if let assigned = try heldByAssignment(id, than: reviewer) { return assigned }
        return try archive.claim(itemID: id, by: reviewer, until: now.addingTimeInterval(Self.claimLasts), now: now)
            .map { ItemHold(reviewer: $0.reviewer, kind: .working(until: $0.until)) }
    }

    /// Another reviewer's hold on the item, if any: given to him, or opened by him a moment ago.
    public func heldByAnother(_ id: Int64, than reviewer: String, now: Date = Date()) throws -> ItemHold? {
        if let assigned = try heldByAssignment(id, than: reviewer) { return assigned }
        return try archive.claim(itemID: id, now: now).flatMap { claim in
            claim.reviewer == reviewer ? nil : ItemHold(reviewer: claim.reviewer, kind: .working(until: claim.until))
        }
    }

    private func heldByAssignment(_ id: Int64, than reviewer: String) throws -> ItemHold? {
        try archive.assignee(itemID: id).flatMap { $0 == reviewer ? nil : ItemHold(reviewer: $0, kind: .assigned) }
    }

    /// Gives an item in review to a reviewer (nil: to nobody), recorded in its history with who gave it and why.
    /// Whoever had it open lets go of it.
    public func assign(_ id: Int64, to reviewer: String?, by person: String, reason: String? = nil) throws {
        _ = try inReview(id)
        let before = try archive.assignee(itemID: id)
        guard before != reviewer else { return }
        try archive.note(AuditEvent(itemID: id, actor: Self.actor(person), action: .assigned,
                                    oldValue: before, newValue: reviewer ?? "", reason: reason))
        try archive.releaseClaim(itemID: id)
    }

    /// Marks the lapse of an item's certificate as dealt with, saying how; recorded in its history.
    public func acknowledgeLapse(_ id: Int64, by person: String, reason: String) throws {
        if let refusal = TypedText.problem(with: reason, kind: .reason, limit: TypedText.longestReason) { throw refusal }
        guard try archive.item(id: id) != nil else { throw ReviewError.noSuchItem(id) }
        try archive.note(AuditEvent(itemID: id, actor: Self.actor(person), action: .acknowledged, reason: reason))
    }

    /// Of these items, those whose lapse someone marked dealt with.
    public func acknowledgedLapses(_ ids: [Int64]) throws -> Set<Int64> {
        Set(try ids.filter { id in try archive.history(itemID: id).contains { $0.action == .acknowledged } })
    }

    /// The reviewer the item is given to; nil: nobody.
    public func assignee(of id: Int64) throws -> String? {
        try archive.assignee(itemID: id)
    }

    /// Each assigned item's reviewer.
    public func assignees() throws -> [Int64: String] {
        try archive.assignees()
    }

}
