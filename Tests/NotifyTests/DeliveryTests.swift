import Archive
import Compliance
import Foundation
import Hummingbird
import HummingbirdTesting
import IngestCore
@testable import Notify
import Synchronization
import Testing

extension ArchiveDatabase: NoticeLog {}

/// Warnings delivered for real: a local HTTP receiver stands in for the webhook, DingTalk and WeCom robots, a
/// local mail sink for sendmail; the archive remembers what went where.
@Suite struct DeliveryTests {
    struct Received: Sendable {
        var path: String
        var query: String
        var body: String
    }

    /// Every request a receiver was sent.
    final class Inbox: Sendable {
        let requests = Mutex<[Received]>([])
        var all: [Received] { requests.withLock { $0 } }
    }

    /// A receiver answering as the robots do, keeping every request.
    static func receiver(_ received: Inbox) -> some ApplicationProtocol {
        let router = Router()
        router.post("/:name") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            received.requests.withLock { $0.append(Received(path: request.uri.path, query: request.uri.query ?? "",
                                                   body: String(buffer: body))) }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"errcode":0,"errmsg":"ok"}"#)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// A sendmail that appends each message to a file.
    static func mailSink(in folder: URL) throws -> (program: String, box: URL) {
        let box = folder.appendingPathComponent("mailbox.txt"), program = folder.appendingPathComponent("sendmail")
        try "#!/bin/sh\n[ \"$1 $2\" = \"-t -oi\" ] || exit 9\ncat >> '\(box.path)'\necho '--end--' >> '\(box.path)'\n"
            .write(to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        return (program.path, box)
    }

    /// An archive holding a licence 6 days from expiry and a person's card that has lapsed.
    static func archive() throws -> ArchiveDatabase {
        let archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-12-01", arguments: "test")
        func page(_ type: DocumentType, _ fields: [String: String]) -> PageOutcome {
            PageOutcome(page: 1, type: type, origin: .ocr,
                        fields: fields.mapValues { ExtractedField(value: $0, raw: $0, confidence: 99) },
                        problems: [], flags: [], thumbnailPNG: nil, text: "")
        }
        let pages = [
            page(.safetyProductionLicense, ["certificate_number": "(辽)JZ安许证字[2021]001234", "holder": "沈阳宏远建筑工程有限公司",
                                            "issue_date": "2023-12-08", "expiry_date": "2026-12-07"]),
            page(.specialOperation, ["certificate_number": "T\(NoticeFinderTests.idNumber)", "holder": "李明",
                                     "id_number": NoticeFinderTests.idNumber, "issue_date": "2020-11-20",
                                     "expiry_date": "2026-11-20"]),
        ]
        for (index, page) in pages.enumerated() {
            try archive.record(InputOutcome(source: "in/\(index).png", sha256: "s\(index)", format: .png, byteCount: 1,
                                            pages: [page], failure: nil, seconds: 1), runID: runID)
        }
        return archive
    }

    static func notices(_ archive: ArchiveDatabase) throws -> [Notice] {
        let records = try archive.recordSummaries(statuses: nil).map(ArchivedCertificate.init)
        return NoticeFinder(thresholds: [30, 15, 7], backlogThreshold: nil)
            .notices(records, asOf: PrintedDate(iso: "2026-12-01")!)
    }

    /// The receivers answer in milliseconds, but the whole suite shares a loaded 2-core machine: the channels wait
    /// long enough that a slow answer is not mistaken for a lost message. A webhook sent elsewhere (`webhookPort`, where
    /// nothing listens) gives up after 3 s: the HTTP client retries a refused connection until its deadline.
    static func settings(port: Int, sendmail: String, webhookPort: Int? = nil, timeout: Int = 120) throws -> NotifySettings {
        let yaml = """
            channels:
              - kind: webhook
                url: http://127.0.0.1:\(webhookPort ?? port)/hook
                timeout_seconds: \(webhookPort == nil ? timeout : 3)
              - kind: dingtalk
                url: http://127.0.0.1:\(port)/ding?access_token=abc
                timeout_seconds: \(timeout)
                secret: SECabc
              - kind: wecom
                url: http://127.0.0.1:\(port)/wecom?key=k1
                timeout_seconds: \(timeout)
              - kind: mail
                to: [zizhi@example.com]
                sendmail: \(sendmail)
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID()).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try NotifySettings.load(from: file)
    }

    @Test func eachWarningReachesEachChannelOnceMaskedAndSigned() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (sendmail, mailbox) = try Self.mailSink(in: folder)
        let archive = try Self.archive()
        let notices = try Self.notices(archive)
        #expect(notices.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.expiring, .lapsed])
        let received = Inbox()

        try await Self.receiver(received).test(.live) { client in
            let port = try #require(client.port)
            let notifier = Notifier(settings: try Self.settings(port: port, sendmail: sendmail), log: archive)
            let first = try await notifier.deliver(notices, title: "certarchive 证书提醒 2026-12-01")
            #expect(first.map(\.sent) == [2, 2, 2, 2] && first.allSatisfy { $0.failure == nil }, "\(first)")
            let again = try await notifier.deliver(notices, title: "certarchive 证书提醒 2026-12-01")
            #expect(again.map(\.sent) == [0, 0, 0, 0], "nothing twice")
        }

        let requests = received.all
        #expect(requests.map(\.path) == ["/hook", "/ding", "/wecom"])
        let mail = try String(contentsOf: mailbox, encoding: .utf8)
        #expect(mail.components(separatedBy: "--end--").count == 2, "one mail")
        #expect(mail.contains("To: zizhi@example.com") && mail.contains("即将到期：") && mail.contains("已过期："))
        for text in requests.map(\.body) + [mail] {
            #expect(!text.contains(NoticeFinderTests.idNumber), "a whole ID number went out: \(text)")
        }
        let hook = try #require(try JSONSerialization.jsonObject(with: Data(requests[0].body.utf8)) as? [String: Any])
        #expect((hook["notices"] as? [[String: String]])?.map { $0["kind"] ?? "" }.sorted() == ["expiring", "lapsed"])
        let ding = try #require(try JSONSerialization.jsonObject(with: Data(requests[1].body.utf8)) as? [String: Any])
        #expect(ding["msgtype"] as? String == "text")
        #expect(((ding["text"] as? [String: String])?["content"])?.hasPrefix("certarchive 证书提醒 2026-12-01\n") == true)
        #expect(requests[1].query.contains("access_token=abc&timestamp=") && requests[1].query.contains("&sign="))
        #expect(!requests[2].query.contains("sign="), "WeCom's robot is not signed: its key is in the URL")
    }

    @Test func aTimeoutUnderOneSecondIsRefusedInWords() throws {
        #expect(throws: NotifySettingsError.self) { try Self.settings(port: 1, sendmail: "/bin/true", timeout: 0) }
    }

    @Test func aChannelThatCannotDeliverKeepsItsWarningsForTheNextRun() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (sendmail, _) = try Self.mailSink(in: folder)
        let archive = try Self.archive()
        let notices = try Self.notices(archive)
        let received = Inbox()

        try await Self.receiver(received).test(.live) { client in
            let port = try #require(client.port)
            // Port 9 (discard) on loopback: nothing listens, the webhook cannot be reached.
            let broken = Notifier(settings: try Self.settings(port: port, sendmail: sendmail, webhookPort: 9), log: archive)
            let first = try await broken.deliver(notices, title: "t")
            #expect(first[0].sent == 0 && first[0].failure?.contains("could not be reached") == true, "\(first[0])")
            #expect(first.dropFirst().map(\.sent) == [2, 2, 2], "the other channels are not held back")

            let mended = Notifier(settings: try Self.settings(port: port, sendmail: sendmail), log: archive)
            let second = try await mended.deliver(notices, title: "t")
            #expect(second.map(\.sent) == [2, 0, 0, 0], "the webhook's warnings went out on the next run, the others not again")
        }
        #expect(received.all.map(\.path) == ["/ding", "/wecom", "/hook"])
    }
}
