import Archive
import Extraction
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import Logging
import PostgresArchive
import PostgresTestSupport
import Review
@testable import ReviewWeb
import Rules
import SafeHTML
import Testing

/// Requests as an attacker writes them: numbers no page has, and text made to slip past HTML escaping.
@Suite struct HostileRequestTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let json: HTTPFields = [.contentType: "application/json"]

    let archive: ArchiveDatabase

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95) }
        for index in 0..<3 {
            let page = PageOutcome(page: 1, type: .safetyProductionLicense, origin: .ocr,
                                   fields: ["certificate_number": field("N\(index)"), "holder": field("鞍山恒泰建筑有限公司")],
                                   problems: [Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")],
                                   flags: [], thumbnailPNG: [0x89, 0x50], text: "")
            try archive.record(InputOutcome(source: "in/\(index).png", sha256: "s\(index)", format: .png, byteCount: 1,
                                            pages: [page], failure: nil, seconds: 1), runID: runID)
        }
    }

    func app() throws -> some ApplicationProtocol { try Self.app(on: archive) }

    /// The review server over `archive`, without accounts, as `serve` on loopback runs it.
    static func app(on archive: any ReviewArchive & RecordArchive) throws -> some ApplicationProtocol {
        let desk = ReviewDesk(
            archive: archive,
            validator: try Validator(rules: try RuleSet.load(from: Self.repo.appendingPathComponent("pipelines/rules.yaml"))),
            models: try ExtractionModel.loadAll(from: Self.repo.appendingPathComponent("models")))
        let controller = ReviewController(desk: desk, access: WebAccess(tokenSHA256: nil),
                                          requestGuard: RequestGuard(hostNames: ["localhost"]),
                                          asOf: { PrintedDate(year: 2026, month: 12, day: 4) })
        return buildApplication(controller, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
    }

    @Test func anAbsurdPageNumberEndsNothingAndTheServerStillAnswers() async throws {
        try await app().test(.live) { client in
            for page in ["9223372036854775807", "-9223372036854775808", "4611686018427387904", "99999999999999999999"] {
                try await client.execute(uri: "/?page=\(page)&age=9223372036854775807-1", method: .get) { response in
                    #expect(response.status == .ok, "page=\(page)")
                }
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("<b>3</b>"))
            }
        }
    }

    @Test(.enabled(if: TestPostgres.serverURL != nil, "no PostgreSQL server for the tests (make test starts one)"))
    func aPostgreSQLArchiveThatStopsAnsweringGets503WithWordsAndTheServerRecovers() async throws {
        let url = try TestPostgres.freshDatabase()
        let name = String(url.split(separator: "?")[0].split(separator: "/").last ?? "")
        let server = try #require(TestPostgres.serverURL)
        try await Self.app(on: try PostgresArchive(url: url)).test(.live) { client in
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .ok) }
            // The database goes away as in a restart: its connections cut, no new one let in.
            try TestPostgres.psql(server, "ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
            try TestPostgres.psql(server, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(name)'")
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "10")
                let words = String(buffer: response.body)
                #expect(words.contains("请") && words.contains("重试"), "\(words)")
            }
            try TestPostgres.psql(server, "ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .ok, "answers again once it is back") }
        }
    }

    @Test func twoHostHeadersAreRefused() async throws {
        try await app().test(.live) { client in
            var headers: HTTPFields = [:]
            headers.append(HTTPField(name: .named("Host"), value: "example.invalid"))
            try await client.execute(uri: "/", method: .get, headers: headers) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aValueIsCountedByScalarAndHiddenCharactersAreRefused() async throws {
        try await app().test(.router) { client in
            func body(_ value: String) throws -> ByteBuffer {
                ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["reviewer": "carol", "fields": ["holder": value]]))
            }
            // One grapheme cluster of 100,001 scalars.
            let heavy = "鞍" + String(repeating: "\u{301}", count: 100_000)
            try await client.execute(uri: "/api/items/1/fields", method: .post, headers: Self.json, body: try body(heavy)) {
                #expect($0.status == .contentTooLarge)
            }
            for hidden in ["鞍山\u{202E}司公限有", "鞍山\u{200B}恒泰建筑有限公司", "鞍山\u{1B}[2J"] {
                try await client.execute(uri: "/api/items/1/fields", method: .post, headers: Self.json, body: try body(hidden)) {
                    #expect($0.status == .conflict, "\(hidden.unicodeScalars.map(\.value))")
                }
            }
            #expect(try archive.item(id: 1)?.fields["holder"]?.value == "鞍山恒泰建筑有限公司", "nothing stored")
        }
    }

    /// `<` and `"` fused into one grapheme cluster with a neighbour: U+0600 before, U+0301 after.
    static let fusedTag = "\u{600}<meta http-equiv=refresh content=\"0;url=https://example.invalid/\">"
    /// (A name keeps no spaces: `/` parts the attributes instead.)
    static let fusedQuote = "x\"\u{301}/autofocus/onfocus=alert(1)/y=\"\u{301}"
    static let quoteBreakingOut = "\"\u{301}/autofocus"

    @Test func textFusedWithACombiningMarkIsEscapedAllTheSame() async throws {
        #expect(SafeHTML.escape(Self.fusedTag).hasPrefix("\u{600}&lt;meta"))
        let escaped = SafeHTML.escape(Self.fusedQuote), expected = "x&quot;\u{301}/autofocus/onfocus=alert(1)/y=&quot;\u{301}"
        #expect(escaped == expected)
        try await app().test(.router) { client in
            func body(_ object: [String: Any]) throws -> ByteBuffer {
                ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
            }
            try await client.execute(uri: "/api/items/1/fields", method: .post, headers: Self.json,
                                     body: try body(["reviewer": "carol", "fields": ["holder": Self.fusedQuote]])) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
            try await client.execute(uri: "/api/items/2/reject", method: .post, headers: Self.json,
                                     body: try body(["reviewer": "carol", "reason": Self.fusedTag])) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
            let stored = try archive.item(id: 1)?.fields["holder"]?.value
            #expect(stored == Self.fusedQuote)
            for uri in ["/items/1", "/items/2", "/runs/1", "/?status=all"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let html = String(buffer: response.body)
                    #expect(!html.contains("<meta http-equiv=refresh"), "\(uri)")
                    let brokenOut = html.contains(Self.quoteBreakingOut)
                    #expect(!brokenOut, "\(uri)")
                }
            }
        }
    }
}
