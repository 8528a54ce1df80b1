@testable import Archive
import Foundation
import IngestCore
import PostgresArchive
import PostgresTestSupport
import Testing

/// Personal numbers at rest in a PostgreSQL archive: encrypted, rekeyed and decrypted as the SQLite archive's
/// are, and a process that still holds the old key is refused rather than sealing with it.
@Suite(.enabled(if: TestPostgres.serverURL != nil, "needs the PostgreSQL server make test starts"))
struct SharedArchiveKeyTests {
    /// Every text the archive's tables hold.
    static func everything(_ url: String) throws -> String {
        try ["items", "events", "page_jobs", "problems"].map { table in
            try TestPostgres.psql(url, "SELECT t::text FROM \(table) t")
        }.joined(separator: "\n")
    }

    @Test func encryptedRekeyedAndDecryptedWithTheChainWholeAndAStaleProcessRefused() throws {
        let url = try TestPostgres.freshDatabase()
        let clear = try PostgresArchive(url: url)
        let runID = try clear.beginRun(asOf: "2026-11-22", arguments: "test")
        try clear.record(PersonalDataTests.card("a"), runID: runID)
        let item = try #require(try clear.items(runID: nil, statuses: nil).first)
        var fields = item.fields
        fields["id_number"]?.value = PersonalDataTests.id
        try clear.apply(ItemUpdate(fields: fields, problems: [], flags: [], status: .review, events: [
            AuditEvent(itemID: item.id, actor: "reviewer:ann", action: .set, field: "id_number",
                       oldValue: "210102198005121230", newValue: PersonalDataTests.id),
        ]), to: item.id)
        #expect(try Self.everything(url).contains(PersonalDataTests.id))

        let key = try PersonalDataTests.key()
        let encrypted = try clear.rekey(to: key)
        #expect(encrypted.change == "encrypted" && encrypted.items == 1 && encrypted.headAfter != encrypted.headBefore)
        let stored = try Self.everything(url)
        #expect(!stored.contains("198005121") && stored.contains("enc:v1:2101**********1236:"), "no number in clear")

        let opened = try PostgresArchive(url: url, key: key)
        #expect(try opened.item(id: item.id)?.fields["id_number"]?.value == PersonalDataTests.id)
        #expect(try opened.history(itemID: item.id).last { $0.action == .set }?.oldValue == "210102198005121230")
        #expect(try opened.checkIntegrity().isWhole)
        #expect(throws: PersonalDataError.wrongKey) { try PostgresArchive(url: url, key: try PersonalDataTests.key()) }
        let locked = try PostgresArchive(url: url)
        #expect(try locked.item(id: item.id)?.fields["id_number"]?.value == "2101**********1236")

        // The process that opened the archive in clear would seal nothing now: it is told, and nothing is written.
        #expect(throws: PostgresArchiveError.keyChanged) {
            try clear.apply(ItemUpdate(fields: fields, problems: [], flags: [], status: .accepted, events: []), to: item.id)
        }
        #expect(try opened.item(id: item.id)?.status == .review)

        let newKey = try PersonalDataTests.key()
        #expect(try opened.rekey(to: newKey).change == "new key")
        let decrypted = try PostgresArchive(url: url, key: newKey).rekey(to: nil)
        #expect(decrypted.change == "decrypted")
        #expect(try Self.everything(url).contains(PersonalDataTests.id) && !(try Self.everything(url).contains("enc:v1:")))
        #expect(try PostgresArchive(url: url).checkIntegrity().isWhole)
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM key_changes") == "3")
        // The triggers are back: the chain cannot be edited by hand.
        #expect(throws: (any Error).self) { try TestPostgres.psql(url, "UPDATE events SET actor = 'x'") }
    }

    /// A rekey while another process corrects ID numbers: each correction is either stored before the rekey (and
    /// re-sealed by it) or refused after it, never sealed with a key the archive no longer has.
    @Test func writersDuringARekeyAreResealedOrRefused() throws {
        let url = try TestPostgres.freshDatabase()
        let writer = try PostgresArchive(url: url)
        let runID = try writer.beginRun(asOf: "2026-11-22", arguments: "test")
        for index in 0..<8 { try writer.record(PersonalDataTests.card("c\(index)"), runID: runID) }
        let items = try writer.items(runID: nil, statuses: nil)
        let key = try PersonalDataTests.key()
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            do {
                if lane == 0 {
                    Thread.sleep(forTimeInterval: 0.02)
                    _ = try PostgresArchive(url: url).rekey(to: key)
                    outcomes.add("rekeyed")
                    return
                }
                for item in items {
                    var fields = item.fields
                    fields["id_number"]?.value = PersonalDataTests.id
                    do {
                        try writer.apply(ItemUpdate(fields: fields, problems: [], flags: [], status: .review, events: [
                            AuditEvent(itemID: item.id, actor: "reviewer:ann", action: .set, field: "id_number",
                                       oldValue: "210102198005121230", newValue: PersonalDataTests.id),
                        ]), to: item.id)
                        outcomes.add("stored")
                    } catch PostgresArchiveError.keyChanged {
                        outcomes.add("refused")
                    }
                }
            } catch {
                outcomes.add("\(error)")
            }
        }
        let all = outcomes.sorted
        #expect(all.filter { $0 == "rekeyed" }.count == 1 && all.count == items.count + 1, "\(all)")
        #expect(all.allSatisfy { ["rekeyed", "stored", "refused"].contains($0) }, "\(all)")
        #expect(!(try Self.everything(url).contains("198005121")), "no number in clear after the rekey")
        #expect(try PostgresArchive(url: url, key: key).checkIntegrity().isWhole)
    }
}
