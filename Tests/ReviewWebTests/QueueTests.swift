import Archive
import Extraction
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import Logging
import Review
@testable import ReviewWeb
import Rules
import Testing

/// The queue at scale: filters with counts, order and pages; a selection rejected or accepted as printed at once
/// with one reason, the preset reasons offered.
@Suite struct QueueTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let archive: ArchiveDatabase

    /// 120 items in review: 60 enterprise qualifications with a bad credit code (鞍山 and 沈阳 companies), 60
    /// licences whose holder a second reader did not confirm.
    init() throws {
        archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95) }
        for index in 0..<120 {
            let qualification = index < 60
            let page = PageOutcome(
                page: 1, type: qualification ? .enterpriseQualification : .safetyProductionLicense, origin: .ocr,
                fields: ["certificate_number": field("N\(index)"), "holder": field(index % 2 == 0 ? "鞍山恒泰建筑有限公司" : "沈阳宏远建筑工程有限公司"),
                         "issuer": field("辽宁省住房和城乡建设厅")],
                problems: [qualification ? Problem(rule: "credit_code.checksum", field: "credit_code", message: "check")
                                         : Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")],
                flags: [], thumbnailPNG: nil, text: "")
            try archive.record(InputOutcome(source: "in/\(index).png", sha256: "s\(index)", format: .png, byteCount: 1,
                                            pages: [page], failure: nil, seconds: 1), runID: runID)
        }
    }

    func app() throws -> some ApplicationProtocol {
        var desk = ReviewDesk(
            archive: archive,
            validator: try Validator(rules: try RuleSet.load(from: Self.repo.appendingPathComponent("pipelines/rules.yaml"))),
            models: try ExtractionModel.loadAll(from: Self.repo.appendingPathComponent("models")))
        desk.presetReasons = try Wording.presetReasons(from: Self.repo.appendingPathComponent("pipelines/reasons.yaml"))
        let controller = ReviewController(desk: desk, access: WebAccess(tokenSHA256: nil),
                                          requestGuard: RequestGuard(hostNames: ["localhost"]),
                                          asOf: { PrintedDate(year: 2026, month: 12, day: 4) })
        return buildApplication(controller, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
    }

    static func ids(in html: String) -> [Int] {
        html.matches(of: /class="pick" value="(\d+)"/).compactMap { Int($0.output.1) }
    }

    @Test func theQueueIsFilteredCountedOrderedAndPaged() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<b>120</b> item(s) in review"))
                #expect(Self.ids(in: html) == Array(1...50), "fifty to a page, oldest first")
                #expect(html.contains("page 1 / 3") && html.contains(#"<a href="/?page=2">next</a>"#))
                #expect(html.contains(#"<a href="/?rule=credit_code">credit_code 60</a>"#), "each count a link")
                #expect(html.contains("不是证书（通知、说明等）"), "the preset reasons offered")
            }
            try await client.execute(uri: "/?page=3", method: .get) { response in
                #expect(Self.ids(in: String(buffer: response.body)) == Array(101...120))
            }
            try await client.execute(uri: "/?rule=holder&company=%E5%AE%8F%E8%BF%9C&sort=newest", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<b>30</b> shown by the filters"))
                #expect(Self.ids(in: html) == stride(from: 120, to: 60, by: -2).map { $0 }, "宏远's licences, newest first")
            }
            try await client.execute(uri: "/?type=enterprise_qualification&age=3", method: .get) { response in
                #expect(Self.ids(in: String(buffer: response.body)).isEmpty, "nothing has waited three days")
                #expect(!String(buffer: response.body).contains("unknown-filters"))
            }
            // A value that means nothing is said, not silently dropped (the whole queue shown as if filtered).
            try await client.execute(uri: "/?type=licence&age=old&sort=best", method: .get) { response in
                #expect(String(buffer: response.body).contains("not understood, not applied: type=licence, age=old, sort=best"))
            }
        }
    }

    @Test func aSelectionIsRejectedWithOneReasonAndEachIsInItsHistory() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/bulk", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"ids":[1,2,3],"action":"reject","reason":"不是证书（通知、说明等）","reviewer":"carol"}"#)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"done":[1,2,3],"refused":[]}"#)
            }
            try await client.execute(uri: "/api/bulk", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"ids":[3,4],"action":"accept_as_printed","reason":"印刷如此","reviewer":"dora"}"#)) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#""done":[4]"#) && text.contains(#""id":3"#), "a rejected item is no longer in review: \(text)")
            }
            try await client.execute(uri: "/api/bulk", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"ids":[5],"action":"reject","reason":"  ","reviewer":"dora"}"#)) { response in
                #expect(response.status == .badRequest, "a reason is required")
            }
        }
        #expect(try archive.history(itemID: 2).last?.reason?.contains("不是证书") == true)
        #expect(try archive.item(id: 4)?.flags == ["printed_error"])
        #expect(try archive.items(statuses: [.review]).count == 116)
    }
}
