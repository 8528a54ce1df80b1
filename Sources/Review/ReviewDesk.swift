import Archive
import Extraction
import Foundation
import IngestCore
import Rules

/// What reviewers do to items in the review queue: correct fields (validated again at once with the rules ingest
/// uses), accept, reject, reopen, and — with approval steps — approve or send back. Every change is an audit event
/// naming the reviewer.
public struct ReviewDesk: Sendable {
    let archive: any ReviewArchive & RecordArchive
    let validator: Validator
    let models: [DocumentType: ExtractionModel]
    /// The approval steps; nil: one step, every accept is final (an archive without accounts).
    let approval: ApprovalPolicy?
    /// What the web UI calls fields, types and problems.
    public var wording = Wording.english
    /// Reasons a reviewer may pick instead of typing one (`pipelines/reasons.yaml`).
    public var presetReasons: [String] = []

    public init(archive: any ReviewArchive & RecordArchive, validator: Validator, models: [ExtractionModel], approval: ApprovalPolicy? = nil) {
        self.archive = archive; self.validator = validator; self.approval = approval
        self.models = Dictionary(models.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Sets fields to the values given, normalised as ingest normalises what it reads (dates to ISO, look-alike
    /// letters in codes), and validates the item again. Problems ingest found on fields not set here stay.
    /// `seen`: the revision the reviewer worked from (`StoredItem.revision`); when the item has changed since,
    /// nothing is saved and `ReviewError.changedSince` names who changed it. The same holds for every decision.
    public func set(_ id: Int64, values: [(field: String, value: String)], reviewer: String,
                    asOf: PrintedDate, seen: Int64? = nil) throws -> StoredItem {
        let item = try inReview(id, seen: seen)
        try save(try revise(item, values: values, reviewer: reviewer, asOf: asOf), to: item)
        return try stored(id)
    }

    /// What setting these values would give — the fields as normalised and the problems — without saving:
    /// for live feedback while a reviewer types.
    public func check(_ id: Int64, values: [(field: String, value: String)], asOf: PrintedDate) throws -> ItemUpdate {
        try revise(try inReview(id), values: values, reviewer: "check", asOf: asOf)
    }

    private func revise(_ item: StoredItem, values: [(field: String, value: String)], reviewer: String,
                        asOf: PrintedDate) throws -> ItemUpdate {
        var fields = item.fields
        var events: [AuditEvent] = []
        for (field, value) in values {
            if let refusal = TypedText.problem(with: value, kind: .field, limit: TypedText.longestValue) { throw refusal }
            guard let spec = models[item.type]?.fields[field] else {
                throw ReviewError.unknownField(field, type: item.type, known: models[item.type]?.fields.keys.sorted() ?? [])
            }
            let normalised = spec.value(of: value)
            let old = fields[field]
            let shown = Self.valuesThePageShows(old, normalisedBy: spec.value(of:))
            var updated = ExtractedField(value: normalised, raw: value, confidence: 100)
            updated.box = old?.box
            updated.labelBox = old?.labelBox
            let otherReadings = shown.filter { $0 != normalised }
            updated.readings = otherReadings.isEmpty ? nil : otherReadings
            // A value no reading showed is the reviewer's, not the page's: marked, never a silent "passes".
            let typed = !shown.contains(normalised)
            updated.typed = typed ? true : nil
            fields[field] = updated
            // The same value set again is the reviewer confirming what was read: doubts about it are cleared.
            events.append(AuditEvent(itemID: item.id, actor: Self.actor(reviewer), action: .set, field: field,
                                     oldValue: old?.value, newValue: normalised,
                                     reason: typed ? Self.typedNotRead : old?.value == normalised ? Self.confirmedAsRead
                                         : Self.chosenReading))
        }
        let changed = Set(events.compactMap(\.field))
        let verdict = validator.validate(type: item.type, fields: fields, asOf: asOf)
        let problems = verdict.problems + ingestStageProblems(of: item, asOf: asOf)
            .filter { $0.field.map { !changed.contains($0) } ?? true }
        return ItemUpdate(fields: fields, problems: problems, flags: verdict.flags, status: .review, events: events)
    }

    /// Says what a page the classifier did not recognise is: its type set, the item validated as that type (its
    /// missing fields then asked for, to be typed from the page). Only for an item of no type in review; recorded
    /// as the reviewer's change (`type: unknown → …`).
    public func setType(_ id: Int64, to type: DocumentType, reviewer: String, asOf: PrintedDate, seen: Int64? = nil) throws -> StoredItem {
        let item = try inReview(id, seen: seen)
        guard item.type == .unknown, type != .unknown, models[type] != nil else { throw ReviewError.typeAlreadyKnown(id) }
        let verdict = validator.validate(type: type, fields: item.fields, asOf: asOf)
        try save(ItemUpdate(fields: item.fields, problems: verdict.problems, flags: verdict.flags, status: .review,
                            events: [AuditEvent(itemID: id, actor: Self.actor(reviewer), action: .set, field: "type",
                                                oldValue: item.type.rawValue, newValue: type.rawValue,
                                                reason: "the page is a \(type.rawValue), said by the reviewer")],
                            type: type), to: item)
        return try stored(id)
    }

    /// The flag of a certificate accepted as printed: the paper itself breaks a rule (a date that does not exist, a
    /// check character that does not hold), and a reviewer said why it is right all the same. The record keeps what
    /// the paper says; the compliance commands count it.
    public static let printedErrorFlag = ItemFlag.printedError

    /// The item's flags with the printed-error flag set or cleared.
    static func flags(_ flags: [String], printedError: Bool) -> [String] {
        flags.filter { $0 != printedErrorFlag } + (printedError ? [printedErrorFlag] : [])
    }

    /// The accept event's reason: what was accepted as printed and why, and the values typed, not read.
    static func acceptReason(open: [Problem], despite: String?, typed: [String]) -> String? {
        var parts: [String] = []
        if !open.isEmpty { parts.append("accepted as printed despite \(open.map(\.rule).joined(separator: ", ")): \(despite ?? "")") }
        if !typed.isEmpty { parts.append("\(typedNotRead): \(typed.joined(separator: ", "))") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// What a set event says of a value no reading of the page showed.
    public static let typedNotRead = "typed, not read from the page"
    /// What a set event says when the reviewer confirmed the value read (the page shows it): a person's word,
    /// never counted as recognisers agreeing.
    public static let confirmedAsRead = "confirmed as read"
    /// What a set event says when the reviewer took another of the page's readings.
    public static let chosenReading = "chosen from the page's readings"

    /// The fields a reviewer settles by confirming the value as the page shows it: each has problems, and every one
    /// is a doubt about the reading (readers disagree, one reader, low confidence), none a rule the value breaks.
    public func confirmableFields(of item: StoredItem, asOf: PrintedDate) -> Set<String> {
        let doubted = Set(item.problems.compactMap(\.field))
        return Set(doubted.filter { name in
            guard let value = item.fields[name]?.value, !value.isEmpty, item.fields[name]?.typed != true,
                  let confirmed = try? revise(item, values: [(name, value)], reviewer: "check", asOf: asOf) else { return false }
            return !confirmed.problems.contains { $0.field == name }
        })
    }

    /// The values the page itself showed for a field, normalised: what was read and every reading that disagreed.
    /// A value a reviewer typed before is no reading.
    static func valuesThePageShows(_ field: ExtractedField?, normalisedBy normalise: (String) -> String) -> [String] {
        guard let field else { return [] }
        var values = field.readings ?? []
        if field.typed != true { values += [field.value, normalise(field.raw)] }
        var seen = Set<String>()
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Other items in the queue whose field still holds a value a reviewer just corrected: the same misreading,
    /// offered for the same correction (never applied unasked).
    public func sameMisreading(as id: Int64, field: String, value: String) throws -> [StoredItem] {
        var filter = ItemFilter()
        filter.statuses = [.review]
        return try archive.items(filter).filter { $0.id != id && $0.fields[field]?.value == value }
    }

    /// Moves an item from the queue into the archive. An item with problems is refused unless `despite` says why
    /// it is right all the same (kept in the history). When the approval steps name a field the reviewers changed,
    /// the accept is their first step: the item waits for an approver (`review.awaiting_approval`) — unless the
    /// one accepting `mayApprove` and changed none of them himself, which approves it at once.
    public func accept(_ id: Int64, reviewer: String, despite: String? = nil, mayApprove: Bool = true,
                       seen: Int64? = nil) throws -> StoredItem {
        let item = try inReview(id, seen: seen)
        // A meeting notice or a letter is no certificate: accepting it "as printed" would put a record of no type
        // into the archive.
        guard item.type != .unknown else { throw ReviewError.unknownType(id) }
        let open = item.problems.filter { !$0.rule.hasPrefix("review.") }
        if !open.isEmpty, despite == nil, !isAwaitingApproval(item) { throw ReviewError.problemsRemain(id, open) }
        let changes = try changesNeedingApproval(id)
        if let approval, !changes.isEmpty {
            let own = changes.contains { $0.actor == Self.actor(reviewer) }
            if mayApprove, !own, isAwaitingApproval(item) { return try approve(id, approver: reviewer, seen: seen) }
            // Someone who changed a value after it was submitted (an approver correcting during 复核) submits it
            // again as his own change: it waits for another person, never approved with his typing thrown away.
            let changedSinceSubmitted = try changesSinceSubmitted(id).contains { $0.actor == Self.actor(reviewer) }
            if isAwaitingApproval(item), !changedSinceSubmitted {
                throw ReviewError.awaitingApproval(id, step: approval.secondStep, own: own)
            }
            return try submit(item, changes: changes, reviewer: reviewer, despite: open.isEmpty ? nil : despite,
                              policy: approval)
        }
        let reason = Self.acceptReason(open: open, despite: despite, typed: item.typedFields)
        try save(ItemUpdate(fields: item.fields, problems: [], flags: Self.flags(item.flags, printedError: !open.isEmpty),
                             status: .accepted,
                             events: [AuditEvent(itemID: id, actor: Self.actor(reviewer), action: .accepted,
                                                 reason: reason)]), to: item)
        return try stored(id)
    }

    /// The first step done: the changes wait for a second person.
    private func submit(_ item: StoredItem, changes: [(field: String, actor: String)], reviewer: String,
                        despite: String?, policy: ApprovalPolicy) throws -> StoredItem {
        let fields = Array(Set(changes.map(\.field))).sorted().joined(separator: ", ")
        let note = Problem(rule: "review.awaiting_approval", field: nil,
                           message: "\(policy.firstStep) by \(reviewer): \(fields) changed; waits for \(policy.secondStep) "
                               + "by another person" + (despite.map { "; accepted despite open problems: \($0)" } ?? ""))
        let kept = item.problems.filter { !$0.rule.hasPrefix("review.") }
        try save(ItemUpdate(fields: item.fields, problems: kept + [note],
                             flags: Self.flags(item.flags, printedError: despite != nil), status: .review,
                             events: [AuditEvent(itemID: item.id, actor: Self.actor(reviewer), action: .submitted,
                                                 reason: "\(policy.firstStep): \(fields)" + (despite.map { "; despite: \($0)" } ?? ""))]), to: item)
        return try stored(item.id)
    }

    /// The second step: another person's changes approved, the item accepted. Nobody approves his own change.
    public func approve(_ id: Int64, approver: String, seen: Int64? = nil) throws -> StoredItem {
        let item = try inReview(id, seen: seen)
        guard let approval, isAwaitingApproval(item) else { throw ReviewError.notAwaitingApproval(id) }
        let changes = try changesNeedingApproval(id)
        guard !changes.contains(where: { $0.actor == Self.actor(approver) }) else {
            throw ReviewError.awaitingApproval(id, step: approval.secondStep, own: true)
        }
        let authors = Array(Set(changes.map { EventActor($0.actor).name })).sorted()
        let fields = Array(Set(changes.map(\.field))).sorted()
        try save(ItemUpdate(fields: item.fields, problems: [], flags: item.flags, status: .accepted, events: [
            AuditEvent(itemID: id, actor: Self.actor(approver), action: .approved,
                       reason: "\(approval.secondStep): \(fields.joined(separator: ", ")) as changed by \(authors.joined(separator: ", "))"),
        ]), to: item)
        return try stored(id)
    }

    /// The second step refused: the changes go back to the reviewers, with the reason.
    public func sendBack(_ id: Int64, approver: String, reason: String, seen: Int64? = nil) throws -> StoredItem {
        let item = try inReview(id, seen: seen)
        guard let approval, isAwaitingApproval(item) else { throw ReviewError.notAwaitingApproval(id) }
        let note = Problem(rule: "review.sent_back", field: nil,
                           message: "\(approval.secondStep): sent back by \(approver): \(reason)")
        let kept = item.problems.filter { !$0.rule.hasPrefix("review.") }
        try save(ItemUpdate(fields: item.fields, problems: kept + [note],
                             flags: Self.flags(item.flags, printedError: false), status: .review,
                             events: [AuditEvent(itemID: id, actor: Self.actor(approver), action: .sentBack,
                                                 reason: reason)]), to: item)
        // Back to the person who submitted it, with the reason: it waits in his part of the queue, not anyone's.
        let history = try archive.history(itemID: id)
        if let submitter = history.last(where: { $0.action == .submitted }).map({ EventActor($0.actor) }),
           case let .reviewer(name) = submitter, name != approver {
            try assign(id, to: name, by: approver, reason: "sent back: \(reason)")
        }
        return try stored(id)
    }

    /// The approval steps' names (项目部初审, 安全部复核); nil with one step.
    public var approvalSteps: (first: String, second: String)? { approval.map { ($0.firstStep, $0.secondStep) } }

    public func isAwaitingApproval(_ item: StoredItem) -> Bool {
        item.problems.contains { $0.rule == "review.awaiting_approval" }
    }

    /// The reviewers' changes the approval steps name, made since ingest recorded the item or a second person last
    /// approved it: each field's real changes (a value confirmed as read is none) and who made them. A rejection
    /// and a reopening clear nothing: a watched change waits for another person however the item travels.
    func changesNeedingApproval(_ id: Int64) throws -> [(field: String, actor: String)] {
        try watchedChanges(id, after: [.created, .approved]).map { ($0.field ?? "", $0.actor) }
    }

    /// The watched changes made after the item was last submitted for approval (all of them if it never was).
    func changesSinceSubmitted(_ id: Int64) throws -> [(field: String, actor: String)] {
        try watchedChanges(id, after: [.created, .approved, .submitted]).map { ($0.field ?? "", $0.actor) }
    }

    /// What an approver is asked to approve: each watched field changed since ingest or the last approval, with the
    /// value before the first change, the value now and who changed it (in order).
    public func pendingChanges(_ id: Int64) throws -> [PendingChange] {
        var changes: [PendingChange] = []
        for event in try watchedChanges(id, after: [.created, .approved]) {
            let field = event.field ?? "", by = EventActor(event.actor).name
            if let at = changes.firstIndex(where: { $0.field == field }) {
                changes[at].new = event.newValue ?? ""
                if !changes[at].by.contains(by) { changes[at].by.append(by) }
            } else {
                changes.append(PendingChange(field: field, old: event.oldValue ?? "", new: event.newValue ?? "", by: [by]))
            }
        }
        return changes.filter { $0.old != $0.new }
    }

    /// The `set` events that really changed a field the approval steps name, after the last event of `boundary`.
    private func watchedChanges(_ id: Int64, after boundary: Set<AuditEvent.Action>) throws -> [AuditEvent] {
        guard let watched = approval.map({ Set($0.secondStepWhenChanged) }), !watched.isEmpty else { return [] }
        let history = try archive.history(itemID: id)
        let since = history.lastIndex { boundary.contains($0.action) }.map { $0 + 1 } ?? 0
        return history[since...].filter { event in
            event.action == .set && event.field.map(watched.contains) == true && event.oldValue != event.newValue
        }
    }

    /// Takes an item out of the queue as not a genuine or usable certificate. It is kept, as failed with
    /// `review.rejected` and the reason, and can be reopened.
    public func reject(_ id: Int64, reviewer: String, reason: String, seen: Int64? = nil) throws -> StoredItem {
        let item = try inReview(id, seen: seen)
        let problem = Problem(rule: "review.rejected", field: nil, message: "rejected by \(reviewer): \(reason)")
        try save(ItemUpdate(fields: item.fields, problems: [problem], flags: item.flags, status: .failed,
                             events: [AuditEvent(itemID: id, actor: Self.actor(reviewer), action: .rejected,
                                                 reason: reason)]), to: item)
        return try stored(id)
    }

    /// Puts an accepted or rejected item back into the review queue, validated again, with `review.reopened`.
    public func reopen(_ id: Int64, reviewer: String, reason: String?, asOf: PrintedDate) throws -> StoredItem {
        let item = try stored(id)
        let wasRejected = item.problems.contains { $0.rule == "review.rejected" }
        guard item.status == .accepted || wasRejected else { throw ReviewError.notReopenable(id, item.status) }
        let verdict = validator.validate(type: item.type, fields: item.fields, asOf: asOf)
        let note = Problem(rule: "review.reopened", field: nil,
                           message: "reopened by \(reviewer)" + (reason.map { ": \($0)" } ?? ""))
        try save(ItemUpdate(fields: item.fields, problems: verdict.problems + [note], flags: verdict.flags,
                             status: .review,
                             events: [AuditEvent(itemID: id, actor: Self.actor(reviewer), action: .reopened,
                                                 reason: reason)]), to: item)
        return try stored(id)
    }

    /// Problems the reading itself found (readings that disagree, a name the cross-check did not confirm,
    /// confusable characters): the rules cannot find them again, so they stay until their field is corrected.
    private func ingestStageProblems(of item: StoredItem, asOf: PrintedDate) -> [Problem] {
        let byRules = Set(validator.validate(type: item.type, fields: item.fields, asOf: asOf).problems.map(\.rule))
        return item.problems.filter { !byRules.contains($0.rule) && !$0.rule.hasPrefix("review.") }
    }

    private func stored(_ id: Int64) throws -> StoredItem {
        guard let item = try archive.item(id: id) else { throw ReviewError.noSuchItem(id) }
        return item
    }

    /// The item, in review, and — when `seen` is given — unchanged since that revision.
    func inReview(_ id: Int64, seen: Int64? = nil) throws -> StoredItem {
        let item = try stored(id)
        if let seen, item.revision != seen { throw try changedSince(id, after: seen) }
        guard item.status == .review else { throw ReviewError.notInReview(id, item.status) }
        return item
    }

    /// Stores a change worked out from `item` as read. Another change stored in between (another reviewer, another
    /// server) refuses it whole: `ReviewError.changedSince`, naming who.
    private func save(_ update: ItemUpdate, to item: StoredItem) throws {
        for reason in update.events.compactMap(\.reason) {
            if let refusal = TypedText.problem(with: reason, kind: .reason, limit: TypedText.longestReason) { throw refusal }
        }
        var update = update
        update.basedOn = item.revision
        do {
            try archive.apply(update, to: item.id)
        } catch let changed as ItemChangedError {
            throw try changedSince(item.id, after: changed.basedOn)
        }
    }

    /// Who changed the item after `revision`, as a refusal.
    private func changedSince(_ id: Int64, after revision: Int64) throws -> ReviewError {
        let later = try archive.history(itemID: id).filter { ($0.id ?? 0) > revision && AuditEvent.changingActions.contains($0.action) }
        var names: [String] = []
        for name in later.map({ EventActor($0.actor).name }) where !names.contains(name) { names.append(name) }
        return .changedSince(id, by: names)
    }

    static func actor(_ reviewer: String) -> String { EventActor.reviewer(reviewer).text }

    /// How the history names a person acting on an item.
    public static func actorName(_ name: String) -> String { actor(name) }
}

/// A watched field's change waiting for approval: the value before, the value now, who changed it.
public struct PendingChange: Sendable, Equatable {
    public var field: String, old: String, new: String, by: [String]
}

public enum ReviewError: Error, CustomStringConvertible {
    case noSuchItem(Int64)
    case notInReview(Int64, ItemStatus)
    case notReopenable(Int64, ItemStatus)
    case unknownField(String, type: DocumentType, known: [String])
    case problemsRemain(Int64, [Problem])
    case awaitingApproval(Int64, step: String, own: Bool)
    case notAwaitingApproval(Int64)
    /// The item changed after the reviewer read it (by these people): nothing of his change was saved.
    case changedSince(Int64, by: [String])
    /// A value or reason that may not be stored (`TypedText`).
    case unacceptableText(TextRefusal)
    /// Not recognised as any certificate type: it never enters the archive, as printed or not.
    case unknownType(Int64)
    /// A type is said only for a page of no known type.
    case typeAlreadyKnown(Int64)

    public var description: String {
        switch self {
        case let .noSuchItem(id): return "no item \(id) in the archive"
        case let .notInReview(id, status): return "item \(id) is \(status.rawValue), not in the review queue"
        case let .notReopenable(id, status):
            return "item \(id) is \(status.rawValue): only accepted or rejected items can be reopened"
        case let .unknownField(field, type, known):
            return "a \(type.rawValue) has no field '\(field)'; its fields: \(known.joined(separator: ", "))"
        case let .problemsRemain(id, problems):
            return "item \(id) still has problems (\(problems.map(\.rule).joined(separator: ", "))): correct them, "
                + "or — when the page itself prints it so — accept it as printed, saying why it is right"
        case let .awaitingApproval(id, step, own):
            return "item \(id) waits for \(step) by " + (own ? "another person: nobody approves his own change"
                                                            : "an account with the approver role")
        case let .notAwaitingApproval(id): return "item \(id) waits for no approval"
        case let .unknownType(id):
            return "item \(id) is not recognised as any certificate type: say which it is, or reject it"
        case let .typeAlreadyKnown(id): return "item \(id) has a type already: only a page of no known type is given one"
        case let .changedSince(id, names):
            return "item \(id) was changed by \(names.isEmpty ? "someone else" : names.joined(separator: ", ")) after you opened it: "
                + "nothing of your change was saved; reload the item to see theirs"
        case let .unacceptableText(refusal): return "refused: \(refusal.description)"
        }
    }
}
