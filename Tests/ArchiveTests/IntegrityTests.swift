@testable import Archive
import Foundation
import GRDB
import IngestCore
import Testing

/// The audit events' hash chain and the items checked against their history.
@Suite struct IntegrityTests {
    /// The parts of an item's state a break names, by item; empty when it is no break of state.
    static func partsDiffering(_ itemBreak: ItemBreak) -> [Int64: [String]] {
        guard case let .state(item, parts, _) = itemBreak else { return [:] }
        return [item: parts]
    }

    let archive: ArchiveDatabase

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        try archive.record(ArchiveTests.input("aa", pages: [ArchiveTests.acceptedPage(), ArchiveTests.reviewPage()]),
                           runID: runID)
        try archive.record(ArchiveTests.input("bb", pages: [ArchiveTests.acceptedPage(number: "D221099999")]), runID: runID)
        let review = try #require(try archive.items(statuses: [.review]).first)
        try archive.apply(ItemUpdate(fields: review.fields, problems: [], flags: [], status: .accepted,
                                     events: [AuditEvent(itemID: review.id, actor: "reviewer:alice", action: .accepted)]),
                          to: review.id)
    }

    /// Runs SQL with the triggers that guard the events out of the way, as someone editing the file would.
    func tamper(_ sql: String) throws {
        try archive.writer.write { db in
            try db.execute(sql: "DROP TRIGGER events_never_change; DROP TRIGGER events_never_go; DROP TRIGGER events_chained")
            try db.execute(sql: sql)
        }
    }

    @Test func anUntouchedArchiveIsIntact() throws {
        let report = try archive.checkIntegrity()
        #expect(report.events == 4)
        #expect(report.chainBreak == nil && report.itemBreaks.isEmpty)
        #expect(try archive.history(itemID: 1).allSatisfy { $0.state?.hasPrefix("status=accepted fields=") == true })
        #expect(report.head?.count == 64)
    }

    @Test func aChangedEventBreaksTheChainThere() throws {
        try tamper("UPDATE events SET actor = 'reviewer:mallory' WHERE id = 4")
        let chainBreak = try #require(try archive.checkIntegrity().chainBreak)
        #expect(chainBreak.kind == .changed)
        #expect((chainBreak.event.id, chainBreak.event.itemID, chainBreak.event.action) == (4, 2, "accepted"))
    }

    @Test func aRemovedEventBreaksTheChainAtTheNext() throws {
        try tamper("DELETE FROM events WHERE id = 2")
        let chainBreak = try #require(try archive.checkIntegrity().chainBreak)
        #expect(chainBreak.kind == .notFollowing && chainBreak.event.id == 3)
        #expect(chainBreak.description.contains("removed or inserted"))
    }

    @Test func anEventCannotBeAddedOutsideTheChain() throws {
        let refusal = #expect(throws: DatabaseError.self) {
            try archive.writer.write {
                try $0.execute(sql: "INSERT INTO events (item_id, at, actor, action) VALUES (1, 'now', 'x', 'accepted')")
            }
        }
        #expect(refusal?.message == "an audit event must carry its hash and follow the chain", "the chain's trigger refused it")
    }

    @Test func anItemChangedOutsideCertarchiveIsNamed() throws {
        try archive.writer.write { try $0.execute(sql: "UPDATE items SET status = 'review' WHERE id = 3") }
        let breaks = try archive.checkIntegrity().itemBreaks
        #expect(breaks == [.status(item: 3, stored: "review", history: .accepted)])
        #expect(breaks.map(\.description) == ["item 3 is review but its history leaves it accepted"])
    }

    @Test func aFieldChangedInTheDatabaseIsNamed() throws {
        try archive.writer.write {
            try $0.execute(sql: "UPDATE items SET fields = json_set(fields, '$.expiry_date', '2031-01-01') WHERE id = 1")
        }
        let breaks = try archive.checkIntegrity().itemBreaks
        guard case let .state(item, parts, lastEvent) = try #require(breaks.count == 1 ? breaks.first : nil) else {
            Issue.record("\(breaks)")
            return
        }
        #expect((item, parts, lastEvent.id, lastEvent.action) == (1, ["fields"], 1, "created"))
    }

    @Test func aSwappedThumbnailIsNamed() throws {
        try archive.writer.write { try $0.execute(sql: "UPDATE items SET thumbnail = x'0102' WHERE id = 2") }
        guard case let .state(item, parts, _) = try #require(try archive.checkIntegrity().itemBreaks.first) else {
            Issue.record("not a state break")
            return
        }
        #expect(item == 2 && parts == ["thumbnail"])
    }

    @Test func aReviewersLastEventRemovedLeavesItsChangeUnexplained() throws {
        let item = try #require(try archive.item(id: 1))
        var fields = item.fields
        fields["holder"]?.value = "大连海川建设有限公司"
        try archive.apply(ItemUpdate(fields: fields, problems: [], flags: item.flags, status: .accepted, events: [
            AuditEvent(itemID: 1, actor: "reviewer:mallory", action: .set, field: "holder",
                       oldValue: item.fields["holder"]?.value, newValue: "大连海川建设有限公司"),
        ]), to: 1)
        #expect(try archive.checkIntegrity().itemBreaks.isEmpty)
        try tamper("DELETE FROM events WHERE id = (SELECT max(id) FROM events)")
        let report = try archive.checkIntegrity()
        #expect(report.chainBreak == nil, "the end of a chain can be cut unseen by the chain alone")
        #expect(report.itemBreaks.first.map(Self.partsDiffering) == [1: ["fields", "details"]])
    }

    @Test func eventsWrittenBeforeTheChainAreChainedByTheMigration() throws {
        let queue = try DatabaseQueue()
        try ArchiveDatabase.migrator.migrate(queue, upTo: "v4: page size, web access")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, started_at, as_of, arguments) VALUES (1, 'x', '2026-11-22', '');
                INSERT INTO inputs (id, sha256, source, byte_count, page_count, status, run_id, seconds)
                    VALUES (1, 'cc', 'in/cc.pdf', 1, 1, 'read', 1, 0);
                INSERT INTO items (id, input_id, run_id, source, page, type, status, fields, field_details, flags)
                    VALUES (1, 1, 1, 'in/cc.pdf', 1, 'unknown', 'review', '{}', '{}', '[]');
                INSERT INTO events (item_id, at, actor, action, reason) VALUES (1, 't0', 'ingest', 'created', 'run 1: sent to review: type.unknown');
                INSERT INTO events (item_id, at, actor, action) VALUES (1, 't1', 'reviewer:bob', 'rejected');
                UPDATE items SET status = 'failed';
                """)
        }
        let migrated = try ArchiveDatabase(writer: queue)
        let report = try migrated.checkIntegrity()
        #expect(report.events == 3 && report.chainBreak == nil && report.itemBreaks.isEmpty)
        let history = try migrated.history(itemID: 1)
        #expect(history.map { $0.hash != nil } == [true, true, true])
        #expect(history.map(\.action) == [.created, .rejected, .bound] && history.map { $0.state != nil } == [false, false, true])
        // Bound as it stood when migrated: a later change is seen.
        try queue.write { try $0.execute(sql: "UPDATE items SET fields = '{\"holder\":\"x\"}'") }
        #expect(try migrated.checkIntegrity().itemBreaks.first.map(Self.partsDiffering) == [1: ["fields"]])
    }
}

/// Who an event names, read back from its stored text.
@Suite struct EventActorTests {
    @Test func theStoredTextsReadBackAsTheirKinds() {
        #expect(EventActor("ingest") == .ingest && EventActor("certarchive") == .archive)
        #expect(EventActor("reviewer:王审核") == .reviewer("王审核") && EventActor("reviewer:王审核").name == "王审核")
        #expect(EventActor("someone") == .other("someone"))
        for actor in [EventActor.ingest, .archive, .reviewer("李复核"), .other("x")] {
            #expect(EventActor(actor.text) == actor)
        }
    }
}
