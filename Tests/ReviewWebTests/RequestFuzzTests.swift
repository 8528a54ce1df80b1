import Archive
import Extraction
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import Logging
import PropertyBased
import Review
@testable import ReviewWeb
import Rules
import Testing

/// Random and hostile requests through the router (PropertyBased generates them; a failure prints its seed): the
/// queue's query, the JSON bodies of every change, and the Host header. No request may trap, and none may get a
/// 5xx — a request that cannot be served is refused with a 4xx and its reason. Bounded: a few hundred requests.
@Suite struct RequestFuzzTests {
    /// Characters that break parsers: digits and signs for numbers, JSON's and URLs' own, a combining mark and an
    /// Arabic sign that fuse with a neighbour, a direction override, NUL, a line break, Han.
    static let hostile: [Character] = Array("0123456789-+.eE&=%?#<>\"'{}[]:,\\/ \u{301}\u{600}\u{202E}\u{0}\n鞍山T*")
    static let text = Gen<Character?>.element(of: hostile).map { $0! }.string(of: 0...40)
    static let number = Gen.int().map { String($0) }
    static let anything = Gen<String>.oneOf(text, number, Gen.int64().map { "\($0)\($0)" })

    let archive: ArchiveDatabase

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        let page = PageOutcome(page: 1, type: .safetyProductionLicense, origin: .ocr,
                               fields: ["holder": ExtractedField(value: "鞍山恒泰建筑有限公司", raw: "", confidence: 95)],
                               problems: [Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")],
                               flags: [], thumbnailPNG: nil, text: "")
        try archive.record(InputOutcome(source: "in/a.png", sha256: "a", format: .png, byteCount: 1, pages: [page],
                                        failure: nil, seconds: 1), runID: runID)
    }

    func app() throws -> some ApplicationProtocol {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let desk = ReviewDesk(
            archive: archive,
            validator: try Validator(rules: try RuleSet.load(from: repo.appendingPathComponent("pipelines/rules.yaml"))),
            models: try ExtractionModel.loadAll(from: repo.appendingPathComponent("models")))
        let controller = ReviewController(desk: desk, access: WebAccess(tokenSHA256: nil),
                                          requestGuard: RequestGuard(hostNames: ["localhost"]),
                                          asOf: { PrintedDate(year: 2026, month: 12, day: 4) })
        return buildApplication(controller, host: "127.0.0.1", port: 0, logger: Logger(label: "fuzz"))
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test func randomQueriesGetAnAnswerNeverATrapOrA5xx() async throws {
        try await app().test(.router) { client in
            await propertyCheck(count: 300, input: Self.anything, Self.anything, Self.anything) { page, age, other in
                let query = ["page": page, "age": age + "-" + other, "run": other, "type": other, "sort": other,
                             "company": other, "rule": other, "assignee": other]
                    .map { "\($0.key)=\(Self.encoded($0.value))" }.joined(separator: "&")
                for path in ["/?", "/search?q=\(Self.encoded(other))&", "/runs/\(Self.encoded(page))?"] {
                    let status = try? await client.execute(uri: path + query, method: .get) { $0.status.code }
                    #expect((status ?? 0) > 0 && (status ?? 500) < 500, "\(path)\(query): \(String(describing: status))")
                }
            }
        }
    }

    @Test func randomBodiesOfEveryChangeAreRefusedInWordsNeverWithA5xx() async throws {
        let bodies = Gen<String>.oneOf(
            Self.text,
            Self.anything.map { #"{"fields":{"holder":"\#($0)"},"reviewer":"\#($0)"}"# },
            Self.anything.map { #"{"ids":[\#($0)],"action":"reject","reason":"x"}"# },
            Self.anything.map { #"{"reason":\#($0),"revision":\#($0)}"# })
        try await app().test(.router) { client in
            await propertyCheck(count: 300, input: bodies) { body in
                for path in ["/api/items/1/check", "/api/items/1/fields", "/api/items/1/reject", "/api/items/1/accept",
                             "/api/bulk", "/api/items/1/assign"] {
                    let status = try? await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"],
                                                           body: ByteBuffer(string: body)) { $0.status.code }
                    #expect((status ?? 0) > 0 && (status ?? 500) < 500, "\(path) \(body.debugDescription): \(String(describing: status))")
                }
            }
            // The server still answers.
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func randomHeadersAreJudgedWithoutATrapAndRefusedWith4xx() async {
        let guardian = RequestGuard(hostNames: ["localhost", "127.0.0.1", "::1"])
        await propertyCheck(count: 500, input: Self.anything, Self.anything, Self.anything) { host, origin, type in
            for method in [HTTPRequest.Method.get, .post] {
                let refusal = guardian.refusal(method: method, authority: host, origin: origin, fetchSite: origin,
                                               contentType: type)
                #expect(refusal.map { (400..<500).contains($0.status.code) } ?? true)
                // A name this server does not answer to is never served.
                if !["localhost", "127.0.0.1", "::1"].contains(RequestGuard.host(of: host).lowercased()) {
                    #expect(refusal?.status == .misdirectedRequest, "\(host.debugDescription)")
                }
            }
        }
    }

    @Test func aQueueQueryFromAnyParametersIsBoundedAndSlicesWithoutATrap() async {
        await propertyCheck(count: 500, input: Self.anything, Self.anything) { page, age in
            let query = QueueQuery(["page": page, "age": age + "-" + page])
            #expect((1...QueueQuery.lastPage).contains(query.page))
            _ = query.slice(of: [])
            _ = query.link(["page": String(query.page + 1)])
        }
    }
}
