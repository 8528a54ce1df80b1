import Archive
import Foundation
import IngestCore
import PostgresArchive
import PostgresTestSupport
@testable import Review
import Testing

/// Review on one archive that two servers share (two connections to one SQLite file, or to one PostgreSQL
/// database): what one reviewer decides, the other sees; two saves of one item: the second, worked out from what
/// the first replaced, is refused in words and nothing of it is stored.
@Suite struct SharedReviewTests {
    enum Store: String, CustomTestStringConvertible, Sendable {
        case sqlite, postgres
        var testDescription: String { rawValue }
        static var all: [Store] { TestPostgres.serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }
    }

    static let asOf = PrintedDate(year: 2026, month: 11, day: 22)

    /// Two handles on one new archive, as two `serve` processes hold them, with one item in review.
    static func twoServers(_ store: Store) throws -> (first: any ReviewArchive & RecordArchive & IngestArchive,
                                                       second: any ReviewArchive & RecordArchive & IngestArchive, item: Int64) {
        let first: any ReviewArchive & RecordArchive & IngestArchive
        let second: any ReviewArchive & RecordArchive & IngestArchive
        switch store {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("shared-review-\(UUID()).sqlite").path
            first = try ArchiveDatabase(path: path)
            second = try ArchiveDatabase(path: path)
        case .postgres:
            let url = try TestPostgres.freshDatabase()
            first = try PostgresArchive(url: url, claimant: "server-a:1")
            second = try PostgresArchive(url: url, claimant: "server-b:2")
        }
        let runID = try first.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95) }
        let page = PageOutcome(
            page: 1, type: .enterpriseQualification, origin: .ocr,
            fields: ["certificate_number": field("D221098765"), "holder": field("鞍山恒泰建筑有限公司"),
                     "credit_code": field("912103008765432101"), "issuer": field("辽宁省住房和城乡建设厅"),
                     "issue_date": field("2024-06-30"), "expiry_date": field("2029-O6-30")],
            problems: [Problem(rule: "expiry_date.format", field: "expiry_date", message: "not a date")],
            flags: [], thumbnailPNG: nil, text: "")
        try first.record(InputOutcome(source: "in/a.png", sha256: "a1", format: .png, byteCount: 1, pages: [page],
                                      failure: nil, seconds: 1), runID: runID)
        let item = try #require(try first.items(runID: nil, statuses: [.review]).first?.id)
        return (first, second, item)
    }

    @Test(arguments: Store.all)
    func theSecondOfTwoSavesWorkedFromTheSameReadingIsRefusedAndTheHistoryShowsTheFirst(_ store: Store) throws {
        let (first, second, item) = try Self.twoServers(store)
        let deskA = try Desks.desk(on: first), deskB = try Desks.desk(on: second)
        // Both reviewers open the item at the same revision.
        let seenByA = try #require(try first.item(id: item)).revision
        let seenByB = try #require(try second.item(id: item)).revision
        #expect(seenByA == seenByB && seenByA > 0)

        let saved = try deskA.set(item, values: [("expiry_date", "2029-06-30")], reviewer: "王审核", asOf: Self.asOf, seen: seenByA)
        #expect(saved.revision > seenByA && saved.fields["expiry_date"]?.value == "2029-06-30")
        #expect(try second.item(id: item)?.revision == saved.revision, "the other server reads the change at once")

        #expect {
            try deskB.set(item, values: [("expiry_date", "2029-06-29")], reviewer: "李复核", asOf: Self.asOf, seen: seenByB)
        } throws: { error in
            guard case let ReviewError.changedSince(id, names) = error else { return false }
            return id == item && names == ["王审核"]
        }
        #expect(deskB.wording.refusal(.changedSince(item, by: ["王审核"])).contains("王审核"))

        let history = try second.history(itemID: item)
        #expect(history.filter { $0.action == .set }.map { "\(EventActor($0.actor).name) \($0.newValue ?? "")" } == ["王审核 2029-06-30"],
                "the refused save left nothing")
        #expect(try first.item(id: item)?.fields["expiry_date"]?.value == "2029-06-30")
        #expect(try second.checkIntegrity().isWhole)
    }

    @Test(arguments: Store.all)
    func twoSavesAtTheSameMomentStoreOneAndRefuseTheOther(_ store: Store) throws {
        let (first, second, item) = try Self.twoServers(store)
        let desks = [try Desks.desk(on: first), try Desks.desk(on: second)]
        let seen = try #require(try first.item(id: item)).revision
        // Each save is checked against the revision inside its own write: whichever stores first wins, the other
        // is told, whatever the timing.
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                _ = try desks[index].accept(item, reviewer: index == 0 ? "王审核" : "李复核", despite: "原件如此", seen: seen)
                outcomes.add("saved")
            } catch ReviewError.changedSince {
                outcomes.add("refused")
            } catch {
                outcomes.add("\(error)")
            }
        }
        #expect(outcomes.sorted == ["refused", "saved"])
        let decisions = try first.history(itemID: item).filter { $0.action == .accepted }
        #expect(decisions.count == 1)
        #expect(try first.checkIntegrity().isWhole)
    }

    @Test(arguments: Store.all)
    func anItemOpenedOnOneServerIsHeldOnTheOtherAndAnAcceptedOneLeavesBothQueues(_ store: Store) throws {
        let (first, second, item) = try Self.twoServers(store)
        let deskA = try Desks.desk(on: first), deskB = try Desks.desk(on: second)
        #expect(try deskA.open(item, for: "王审核") == nil)
        let hold = try deskB.open(item, for: "李复核")
        #expect(hold?.reviewer == "王审核")
        try deskA.assign(item, to: "赵审核", by: "组长")
        #expect(try second.assignee(itemID: item) == "赵审核" && second.assignees() == [item: "赵审核"])
        #expect(try first.claim(itemID: item, now: Date()) == nil, "giving the item away ends its claim")

        _ = try deskA.set(item, values: [("expiry_date", "2029-06-30")], reviewer: "赵审核", asOf: Self.asOf)
        _ = try deskA.accept(item, reviewer: "赵审核")
        var inReview = ItemFilter()
        inReview.statuses = [.review]
        #expect(try second.itemIDs(inReview).isEmpty, "accepted on one server, gone from the other's queue")
        #expect(try second.items(inReview).isEmpty)
        #expect(try second.search("D2210", limit: 10).map(\.id) == [item])
        #expect(try second.itemsDecidedToday() == [item])
        #expect(try second.reviewerDecisions(runID: try #require(second.item(id: item)?.runID))[item]?.action == .accepted)
        #expect(try second.itemCompanyCodes()[item] == ["912103008765432101"])
    }
    @Test(arguments: Store.all)
    func aDecisionCountsOnTheDayItWasMadeOnly(_ store: Store) throws {
        let (archive, _, item) = try Self.twoServers(store)
        let stored = try #require(try archive.item(id: item))
        let yesterday = Date().addingTimeInterval(-86_400)
        try archive.apply(ItemUpdate(fields: stored.fields, problems: [], flags: [], status: .failed, events: [
            AuditEvent(itemID: item, actor: "reviewer:王审核", action: .rejected, reason: "复印件", at: yesterday),
        ]), to: item)
        #expect(try archive.itemsDecidedToday().isEmpty, "decided yesterday")
        try archive.apply(ItemUpdate(fields: stored.fields, problems: [], flags: [], status: .accepted, events: [
            AuditEvent(itemID: item, actor: "reviewer:王审核", action: .accepted),
        ]), to: item)
        #expect(try archive.itemsDecidedToday() == [item])
    }
}
