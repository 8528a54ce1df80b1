@testable import Archive
import Crypto
import Foundation
import GRDB
import IngestCore
import Testing

/// Personal numbers encrypted at rest: sealed in every column that holds them, opened only with the key.
@Suite struct PersonalDataTests {
    static let id = "210102198005121236"
    static func key() throws -> PersonalDataKey { try PersonalDataKey(bytes: Data((0..<32).map { _ in UInt8.random(in: 0...255) })) }

    static func card(_ sha: String) -> InputOutcome {
        var number = ExtractedField(value: "T" + id, raw: "T" + id, confidence: 90)
        number.readings = ["T" + id, "T210102198005121230"]
        var idNumber = ExtractedField(value: id, raw: "21O102198005121236", confidence: 90)
        idNumber.corrections = [FieldCorrection(from: "21O102198005121236", to: id, reason: "O read as 0")]
        let page = PageOutcome(page: 1, type: .specialOperation, origin: .ocr,
                               fields: ["certificate_number": number, "id_number": idNumber,
                                        "holder": ExtractedField(value: "李明", raw: "李明", confidence: 90)],
                               problems: [Problem(rule: "holder.unconfirmed", field: "holder", message: "doubt")],
                               flags: [], thumbnailPNG: nil, text: "特种作业操作证\n证号 T\(id)\n身份证号 \(id)\n姓名 李明")
        return InputOutcome(source: "in/\(sha).jpg", sha256: sha, format: .jpeg, byteCount: 1, pages: [page],
                            failure: nil, seconds: 0)
    }

    /// Every text the database holds, table by table.
    static func everything(_ queue: DatabaseQueue) throws -> String {
        try queue.read { db in
            try ["items", "events", "page_jobs", "problems", "inputs"].map { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                    row.databaseValues.map { "\($0)" }.joined(separator: "|")
                }.joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }

    /// An encrypted archive holding two records of one person, and a reviewer's change to the ID number.
    func encrypted() throws -> (DatabaseQueue, PersonalDataKey, ArchiveDatabase) {
        let queue = try DatabaseQueue()
        let key = try Self.key()
        _ = try ArchiveDatabase(writer: queue).rekey(to: key)
        let archive = try ArchiveDatabase(writer: queue, key: key)
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        try archive.record(Self.card("a"), runID: runID)
        try archive.record(Self.card("b"), runID: runID)
        let item = try #require(try archive.items().first)
        var fields = item.fields
        fields["id_number"]?.value = Self.id
        try archive.apply(ItemUpdate(fields: fields, problems: [], flags: [], status: .review, events: [
            AuditEvent(itemID: item.id, actor: "reviewer:ann", action: .set, field: "id_number", oldValue: "210102198005121230",
                       newValue: Self.id),
        ]), to: item.id)
        return (queue, key, archive)
    }

    @Test func noColumnHoldsANumberInClearAndTheKeyOpensThemAll() throws {
        let (queue, key, archive) = try encrypted()
        let stored = try Self.everything(queue)
        #expect(!stored.contains("198005121"), "no whole or partial number in clear")
        #expect(stored.contains("enc:v1:2101**********1236:"))
        let item = try #require(try archive.items().first)
        #expect(item.fields["certificate_number"]?.value == "T" + Self.id)
        #expect(item.fields["id_number"]?.corrections?.first?.from == "21O102198005121236")
        #expect(item.fields["certificate_number"]?.readings == ["T" + Self.id, "T210102198005121230"])
        #expect(try archive.history(itemID: item.id).last?.oldValue == "210102198005121230")
        #expect(try archive.recordSummaries().map(\.personKey) == [Self.id, Self.id])
        #expect(try ArchiveDatabase(writer: queue, key: key).checkIntegrity().chainBreak == nil)
    }

    @Test func withoutTheKeyNumbersAreMasksPeopleStayLinkedAndNothingPersonalIsWritten() throws {
        let (queue, _, _) = try encrypted()
        let locked = try ArchiveDatabase(writer: queue)
        #expect(locked.encryptsPersonalData && !locked.hasPersonalDataKey)
        let item = try #require(try locked.items().first)
        #expect(item.fields["id_number"]?.value == "2101**********1236")
        #expect(item.fields["certificate_number"]?.value == "T210***********1236")
        let keys = try locked.recordSummaries().map(\.personKey)
        #expect(keys[0]?.hasPrefix("link:") == true && keys[0] == keys[1], "one person, one keyed digest")
        #expect(throws: PersonalDataError.keyNeeded) {
            try locked.apply(ItemUpdate(fields: item.fields, problems: [], flags: [], status: .accepted, events: []), to: item.id)
        }
    }

    @Test func aWrongKeyIsRefusedAndARekeyMovesToTheNewOne() throws {
        let (queue, key, archive) = try encrypted()
        #expect(throws: PersonalDataError.wrongKey) { try ArchiveDatabase(writer: queue, key: try Self.key()) }
        let newKey = try Self.key()
        let before = try archive.checkIntegrity().head
        let report = try archive.rekey(to: newKey)
        #expect(report.change == "new key" && report.headBefore == before && report.headAfter != before,
                "the reviewer's sealed change is re-sealed, so the chain is hashed again")
        #expect(throws: PersonalDataError.wrongKey) { try ArchiveDatabase(writer: queue, key: key) }
        let reopened = try ArchiveDatabase(writer: queue, key: newKey)
        #expect(try reopened.items().first?.fields["id_number"]?.value == Self.id)
        let afterRekey = try reopened.checkIntegrity()
        #expect(afterRekey.chainBreak == nil && afterRekey.itemBreaks.isEmpty,
                "each item's re-sealed values are bound by its last event again")
        _ = try reopened.rekey(to: nil)
        let clear = try ArchiveDatabase(writer: queue)
        #expect(!clear.encryptsPersonalData)
        #expect(try Self.everything(queue).contains(Self.id) && !(try Self.everything(queue).contains("enc:v1:")))
        #expect(throws: PersonalDataError.notEncrypted) { try ArchiveDatabase(writer: queue, key: newKey) }
        #expect(try clear.checkIntegrity().chainBreak == nil && clear.checkIntegrity().itemBreaks.isEmpty)
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM key_changes") } == 3)
    }

    @Test func aBrokenChainIsNotRewritten() throws {
        let (queue, key, _) = try encrypted()
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_never_change")
            try db.execute(sql: "UPDATE events SET actor = 'x' WHERE id = 1")
            try db.execute(sql: ArchiveDatabase.eventGuards.components(separatedBy: "-- An event")[0])
        }
        #expect(throws: RekeyError.self) { try ArchiveDatabase(writer: queue, key: key).rekey(to: try Self.key()) }
    }

    @Test func anItemChangedOutsideCertarchiveIsNotRebound() throws {
        let (queue, key, _) = try encrypted()
        try queue.write { try $0.execute(sql: "UPDATE items SET flags = '[\"x\"]' WHERE id = 1") }
        #expect(throws: RekeyError.self) { try ArchiveDatabase(writer: queue, key: key).rekey(to: try Self.key()) }
    }

    @Test func keyFilesAreHexOrRawBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let hex = folder.appendingPathComponent("hex.key"), raw = folder.appendingPathComponent("raw.key")
        let bytes = Data((0..<32).map { UInt8($0) })
        try (bytes.map { String(format: "%02x", $0) }.joined() + "\n").write(to: hex, atomically: true, encoding: .utf8)
        try bytes.write(to: raw)
        #expect(try PersonalDataKey(file: hex.path).check == (try PersonalDataKey(file: raw.path)).check)
        try Data("short".utf8).write(to: raw)
        #expect(throws: PersonalDataError.self) { try PersonalDataKey(file: raw.path) }
    }
}

/// A second factor's secret in an encrypted archive: sealed at rest, opened with the key, and without the key
/// no code matches it (the factor fails closed, never open).
@Suite struct SealedSecondFactorTests {
    @Test func aSecretIsSealedAtRestAndOpensOnlyWithTheKey() throws {
        let queue = try DatabaseQueue()
        let key = try PersonalDataTests.key()
        _ = try ArchiveDatabase(writer: queue).rekey(to: key)
        let archive = try ArchiveDatabase(writer: queue, key: key)
        var account = Account(name: "王审核", role: .reviewer, passwordHash: "x")
        account.totpSecret = "ABCDEFGHJKLMNPQRSTUV"
        _ = try archive.addAccount(account, by: "admin")
        let stored = try queue.read { try String.fetchOne($0, sql: "SELECT totp_secret FROM accounts") ?? "" }
        #expect(stored.hasPrefix("enc:s1:") && !stored.contains("ABCDEFGH"))
        #expect(try archive.account(named: "王审核")?.totpSecret == "ABCDEFGHJKLMNPQRSTUV")
        let keyless = try ArchiveDatabase(writer: queue)
        #expect(try keyless.account(named: "王审核")?.totpSecret == stored, "without the key: the sealed text, no code matches")
        #expect(try archive.checkIntegrity().accountBreaks.isEmpty)
    }
}
