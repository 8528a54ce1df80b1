import Archive
import Foundation
import IngestCore

/// What a reviewer reads at the desk: the queue, an item and its history, what reviewers made of the same value
/// elsewhere, search, and — for an auditor or the statistics page — the records and the archive's integrity.
/// The web UI reaches the archive through these and the desk's actions only.
extension ReviewDesk {
    /// The items waiting for a person, in queue order.
    public func queue() throws -> [StoredItem] {
        try archive.items(Self.inQueue)
    }

    /// The ids of the items in the queue, in queue order (the item page's previous and next).
    public func queueIDs() throws -> [Int64] {
        try archive.itemIDs(Self.inQueue)
    }

    public func item(_ id: Int64) throws -> StoredItem? {
        try archive.item(id: id)
    }

    /// Items of any status whose number, holder, company, issuer, credit code or 身份证号 contains `text`, newest
    /// first. Brackets typed full-width (（辽）, 【2021】) are the archive's ASCII ones; a 身份证号's check letter
    /// matches either case.
    public func search(_ text: String) throws -> [StoredItem] {
        try archive.search(Self.searchable(text), limit: 200)
    }

    public static func searchable(_ text: String) -> String {
        let pairs: [Character: Character] = ["（": "(", "）": ")", "【": "[", "】": "]", "［": "[", "］": "]", "〔": "[", "〕": "]"]
        var normalised = String(text.map { pairs[$0] ?? $0 })
        if normalised.wholeMatch(of: /\d{17}x/) != nil { normalised = normalised.uppercased() }
        return normalised
    }

    /// The page as a reviewer reads it (`pages.review_image_width`); nil when ingest kept only the thumbnail.
    public func readingImage(of id: Int64) throws -> [UInt8]? {
        try archive.reviewImage(itemID: id)
    }

    /// The input file the item was read from, with every item read from it: a viewer pages through it.
    public func scan(ofItem id: Int64) throws -> ItemScan? {
        try archive.scan(ofItem: id)
    }

    /// Other scans of the same certificate (type and number) a person already decided: accepted into the archive,
    /// or rejected with a reason — the same card scanned in several bundles is decided once, then offered.
    public func earlierDecisions(for item: StoredItem) throws -> [EarlierDecision] {
        guard let number = item.fields[FieldName.certificateNumber]?.value, !number.isEmpty, item.type != .unknown else { return [] }
        return try archive.search(number, limit: 50).filter { other in
            other.id != item.id && other.type == item.type && other.fields[FieldName.certificateNumber]?.value == number
                && (other.status == .accepted || other.problems.contains { $0.rule == "review.rejected" })
        }.map { other in
            let rejection = other.problems.first { $0.rule == "review.rejected" }
            let reason = try history(of: other.id).last { $0.action == .rejected }?.reason
            return EarlierDecision(itemID: other.id, accepted: rejection == nil, fields: other.fields.mapValues(\.value),
                                   reason: reason, source: other.source)
        }
    }

    public func history(of id: Int64) throws -> [AuditEvent] {
        try archive.history(itemID: id)
    }

    /// For each of the item's values, the correction reviewers made most often to the same value elsewhere.
    public func suggestions(for item: StoredItem) throws -> [ReviewerCorrection] {
        try archive.reviewerCorrections(for: item)
    }

    /// The items reviewers decided today (UTC).
    public func decidedToday() throws -> [Int64] {
        try archive.itemsDecidedToday()
    }

    /// The company codes each item belongs to: what an account limited to some companies may see.
    public func companyCodes() throws -> [Int64: Set<String>] {
        try archive.itemCompanyCodes()
    }

    /// Records that a person was shown a personal number whole.
    public func recordReveal(of field: String, item id: Int64, to person: String, reason: String) throws {
        try archive.note(AuditEvent(itemID: id, actor: Self.actorName(person), action: .revealed, field: field,
                                    reason: reason))
    }

    /// Every record's summary, for the statistics page.
    public func recordSummaries() throws -> [RecordSummary] {
        try archive.recordSummaries(statuses: nil)
    }

    public func integrity() throws -> IntegrityReport {
        try archive.checkIntegrity()
    }

    private static var inQueue: ItemFilter {
        var filter = ItemFilter()
        filter.statuses = [.review]
        return filter
    }
}

/// Another scan of the same certificate, decided already: its values when accepted, its reason when rejected.
public struct EarlierDecision: Sendable {
    public var itemID: Int64
    public var accepted: Bool
    public var fields: [String: String]
    public var reason: String?
    public var source: String
}
