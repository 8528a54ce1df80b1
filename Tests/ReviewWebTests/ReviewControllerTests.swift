import Archive
import Extraction
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import Logging
import Review
import ReviewWeb
import Rules
import Testing

/// Every route of the reviewer web UI, through Hummingbird's router test client, over an archive holding one
/// enterprise qualification whose credit code fails its check character.
@Suite struct ReviewControllerTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let archive: ArchiveDatabase
    let itemID: Int64

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String, _ box: Box) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95, box: box) }
        var page = PageOutcome(
            page: 1, type: .enterpriseQualification, origin: .ocr,
            fields: ["certificate_number": field("D221098765", Box(x: 600, y: 580, width: 320, height: 44)),
                     "holder": field("鞍山恒泰建筑有限公司", Box(x: 640, y: 740, width: 550, height: 56)),
                     "credit_code": field("912103008765432102", Box(x: 850, y: 894, width: 610, height: 46)),
                     "issuer": field("辽宁省住房和城乡建设厅", Box(x: 640, y: 1340, width: 620, height: 56)),
                     "issue_date": field("2024-06-30", Box(x: 620, y: 1476, width: 420, height: 78)),
                     "expiry_date": field("2029-06-30", Box(x: 594, y: 1177, width: 456, height: 77))],
            problems: [Problem(rule: "credit_code.checksum", field: "credit_code", message: "check character is 2 but GB 32100 gives 1")],
            flags: [], thumbnailPNG: [0x89, 0x50, 0x4E, 0x47], text: "")
        page.pageWidth = 2480
        page.pageHeight = 3508
        try archive.record(InputOutcome(source: "in/code.png", sha256: "c1", format: .png, byteCount: 1, pages: [page],
                                        failure: nil, seconds: 1), runID: runID)
        itemID = try #require(try archive.items().first?.id)
    }

    func app(token: String? = nil, wording: Wording = .english) throws -> some ApplicationProtocol {
        var desk = ReviewDesk(
            archive: archive,
            validator: try Validator(rules: try RuleSet.load(from: Self.repo.appendingPathComponent("pipelines/rules.yaml"))),
            models: try ExtractionModel.loadAll(from: Self.repo.appendingPathComponent("models")))
        desk.wording = wording
        let controller = ReviewController(desk: desk, access: WebAccess(tokenSHA256: token.map(WebAccess.sha256)),
                                          requestGuard: RequestGuard(hostNames: ["localhost"]),
                                          asOf: { PrintedDate(year: 2026, month: 11, day: 22) })
        // The application `serve` runs, on a port of the system's choosing.
        return buildApplication(controller, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
    }

    /// A change as the page sends it: with the name typed at the top (an archive without accounts refuses one
    /// without), unless the test names someone itself.
    static func body(_ json: String) -> ByteBuffer {
        guard json.hasPrefix("{"), !json.contains("\"reviewer\"") else { return ByteBuffer(string: json) }
        return ByteBuffer(string: "{\"reviewer\":\"dora\"" + (json == "{}" ? "" : ",") + json.dropFirst())
    }
    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    @Test func theQueueListsTheItemAndTheItemPageDrawsItsFieldBoxes() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<b>1</b> item(s) in review"))
                #expect(html.contains("href=\"/items/\(itemID)\"") && html.contains("credit_code.checksum"))
            }
            try await client.execute(uri: "/items/\(itemID)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("value=\"912103008765432102\""))
                // 850/2480 of the page's width: the box is drawn where the code is printed.
                #expect(html.contains("data-field=\"credit_code\" style=\"left:34.27%;top:25.48%"))
                #expect(html.contains("Enter accept") && html.contains("F2 next problem field"))
            }
            try await client.execute(uri: "/items/\(itemID)/image", method: .get) { response in
                #expect(response.headers[.contentType] == "image/png")
                #expect(Array(buffer: response.body) == [0x89, 0x50, 0x4E, 0x47])
            }
            try await client.execute(uri: "/items/999", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func aDecisionIsUndoneOnThePageByReopeningWithAReason() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(itemID)/reject", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"reason":"a copy"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/items/\(itemID)", method: .get) { response in
                #expect(String(buffer: response.body).contains("id=\"reopen\""), "a rejected item offers reopening")
            }
            try await client.execute(uri: "/api/items/\(itemID)/reopen", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body("{}")) { #expect($0.status == .badRequest, "not without a reason") }
            try await client.execute(uri: "/api/items/\(itemID)/reopen", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"reason":"rejected by mistake"}"#)) { #expect($0.status == .ok) }
        }
        #expect(try archive.item(id: itemID)?.status == .review)
        #expect(try archive.history(itemID: itemID).last.map { "\($0.actor) \($0.action.rawValue) \($0.reason ?? "")" }
            == "reviewer:dora reopened rejected by mistake")
    }

    @Test func aCorrectionIsCheckedLiveThenSavedAcceptedAndAudited() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(itemID)/check", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"fields":{"credit_code":"912103008765432103"}}"#)) { response in
                #expect(String(buffer: response.body).contains("credit_code.checksum"))
            }
            try await client.execute(uri: "/api/items/\(itemID)/accept", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body("{}")) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/items/\(itemID)/fields", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"fields":{"credit_code":"9121 0300 8765 4321 01"},"reviewer":"carol"}"#)) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"passes\":true") && text.contains("912103008765432101"))
                #expect(text.contains(#""typed":["credit_code"]"#), "no reading showed the code typed: never a silent pass")
            }
            try await client.execute(uri: "/api/items/\(itemID)/accept", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"reviewer":"carol"}"#)) { response in
                #expect(String(buffer: response.body).contains("\"status\":\"accepted\""))
            }
            try await client.execute(uri: "/api/items/\(itemID)/history", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"actor\":\"reviewer:carol\"") && text.contains("\"action\":\"accepted\""))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<b>0</b> item(s) in review"))
            }
            try await client.execute(uri: "/items/\(itemID)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<td>carol</td><td>set</td><td>credit_code: 912103008765432102 → 912103008765432101</td>"))
                #expect(html.contains("<td>carol</td><td>accepted</td>"))
            }
        }
        #expect(try archive.items(statuses: [.accepted]).first?.fields["credit_code"]?.value == "912103008765432101")
    }

    @Test func aPageThatIsItselfWrongIsAcceptedAsPrintedOnlyWithAReason() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(itemID)/accept", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body("{}")) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("accept it as printed, saying why it is right"))
            }
            try await client.execute(uri: "/api/items/\(itemID)/accept", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"despite":"the certificate prints this code","reviewer":"carol"}"#)) { response in
                #expect(String(buffer: response.body).contains("\"status\":\"accepted\""))
            }
        }
        let accepted = try #require(try archive.item(id: itemID))
        #expect(accepted.flags == ["printed_error"])
        #expect(accepted.fields["credit_code"]?.value == "912103008765432102", "kept as the paper prints it")
    }

    @Test func theServedPagesAreInChineseByDefault() async throws {
        let rules = try RuleSet.load(from: Self.repo.appendingPathComponent("pipelines/rules.yaml"))
        let chinese = try Wording.load(from: Self.repo.appendingPathComponent("pipelines/wording.yaml"), rules: rules)
        try await app(wording: chinese).test(.router) { client in
            try await client.execute(uri: "/items/\(itemID)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="zh-CN">"#) && html.contains(#"<meta name="viewport""#))
                #expect(html.contains(#"<label for="f-credit_code">统一社会信用代码</label>"#))
                #expect(html.contains("企业资质证书") || html.contains("建筑业企业资质证书"), "the type by its name")
                #expect(html.contains(#"统一社会信用代码的校验位不对：有字符读错，或证书不真 <small class="rule">credit_code.checksum</small>"#))
                #expect(html.contains("把握 95"), "the confidence says what it is")
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"<small class="rule">credit_code.checksum</small>"#))
            }
            try await client.execute(uri: "/api/items/\(itemID)/check", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"fields":{"credit_code":"912103008765432103"}}"#)) { response in
                #expect(String(buffer: response.body).contains(#""words":["统一社会信用代码的校验位不对：有字符读错，或证书不真"]"#))
            }
        }
    }

    @Test func searchFindsRecordsByNumberHolderOrIssuer() async throws {
        try await app().test(.router) { client in
            for query in ["D2210", "%E6%81%92%E6%B3%B0", "%E8%BE%BD%E5%AE%81"] {  // D2210, 恒泰, 辽宁
                try await client.execute(uri: "/search?q=\(query)", method: .get) { response in
                    #expect(String(buffer: response.body).contains("href=\"/items/\(itemID)\""), "\(query)")
                }
            }
            try await client.execute(uri: "/search?q=nothing-like-it", method: .get) { response in
                #expect(String(buffer: response.body).contains("0 record(s)"))
            }
        }
    }

    @Test func aCorrectionReviewersMadeElsewhereIsOfferedOnTheSameMisreading() async throws {
        // A second page read the same way; a reviewer corrects the first.
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        let first = try #require(try archive.item(id: itemID))
        let page = PageOutcome(page: 1, type: .enterpriseQualification, origin: .ocr, fields: first.fields,
                               problems: first.problems, flags: [], thumbnailPNG: nil, text: "")
        try archive.record(InputOutcome(source: "in/twin.png", sha256: "c2", format: .png, byteCount: 1, pages: [page],
                                        failure: nil, seconds: 1), runID: runID)
        let twin = try #require(try archive.items(statuses: [.review]).first { $0.id != itemID })
        try await app().test(.router) { client in
            try await client.execute(uri: "/items/\(twin.id)", method: .get) { response in
                #expect(!String(buffer: response.body).contains("reviewers corrected"))
            }
            try await client.execute(uri: "/api/items/\(itemID)/fields", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"fields":{"credit_code":"912103008765432101"}}"#)) { _ in }
            try await client.execute(uri: "/items/\(twin.id)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("data-value=\"912103008765432101\">reviewers corrected 912103008765432102 → <b>912103008765432101</b> (1 other item(s); Alt+A)"))
            }
        }
        // Offered, never applied unasked.
        #expect(try archive.item(id: twin.id)?.fields["credit_code"]?.value == "912103008765432102")
    }

    @Test func rejectingNeedsAReason() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(itemID)/reject", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body("{}")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/items/\(itemID)/reject", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"reason":"a copy"}"#)) { response in
                #expect(String(buffer: response.body).contains("review.rejected"))
            }
        }
    }

    /// The probe's cross-site writes: a foreign page's POST (its Origin, or a form's or plain text's content type
    /// that a cross-site request may send) changes nothing, and is recorded nowhere.
    @Test func aForeignPageCannotChangeAnItem() async throws {
        let before = try archive.history(itemID: itemID).count
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(itemID)/reject", method: .post,
                                     headers: [.contentType: "application/json", .origin: "https://evil.example"],
                                     body: Self.body(#"{"reason":"forged"}"#)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/items/\(itemID)/reject", method: .post,
                                     headers: [.contentType: "text/plain"],
                                     body: Self.body(#"{"reason":"forged"}"#)) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(uri: "/api/items/\(itemID)/accept", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: Self.body("a=b")) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(uri: "/api/items/\(itemID)/accept", method: .post,
                                     headers: [.contentType: "application/json", HTTPField.Name("Sec-Fetch-Site")!: "cross-site"],
                                     body: Self.body("{}")) { #expect($0.status == .forbidden) }
            // The server's own page, as a browser sends it.
            try await client.execute(uri: "/api/items/\(itemID)/check", method: .post,
                                     headers: [.contentType: "application/json", .origin: "http://localhost"],
                                     body: Self.body(#"{"fields":{}}"#)) { #expect($0.status == .ok) }
        }
        #expect(try archive.item(id: itemID)?.status == .review)
        #expect(try archive.history(itemID: itemID).count == before)
    }

    /// DNS rebinding: a request naming another host is refused before any page is made.
    @Test func onlyTheServersOwnHostNamesAreAnswered() {
        let loopback = RequestGuard.listening(on: "127.0.0.1", loopback: true, publicNames: [])
        for authority in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST:8080", "localhost"] {
            #expect(loopback.refusal(method: .get, authority: authority, origin: nil, fetchSite: nil, contentType: nil) == nil,
                    "\(authority)")
        }
        for authority in ["rebind.evil.example:8080", "rebind.evil.example", "127.0.0.1.evil.example:8080", nil] {
            #expect(loopback.refusal(method: .get, authority: authority, origin: nil, fetchSite: nil, contentType: nil)?.status
                    == .misdirectedRequest, "\(authority ?? "no host")")
        }
        let named = RequestGuard.listening(on: "0.0.0.0", loopback: false, publicNames: ["review.example.cn"])
        #expect(named.refusal(method: .get, authority: "review.example.cn", origin: nil, fetchSite: nil, contentType: nil) == nil)
        #expect(named.refusal(method: .get, authority: "other.example", origin: nil, fetchSite: nil, contentType: nil) != nil)
    }

    @Test func aHostNameThatOnlyLooksLikeLoopbackIsNotLoopback() {
        #expect(LoopbackAddress.isLoopback("127.0.0.1") && LoopbackAddress.isLoopback("::1"))
        #expect(LoopbackAddress.isLoopback("localhost"))
        #expect(!LoopbackAddress.isLoopback("127.attacker.example"))
        #expect(!LoopbackAddress.isLoopback("0.0.0.0") && !LoopbackAddress.isLoopback("192.0.2.10"))
    }

    /// Every answer forbids framing, sniffing, referrers and caching: pages and images hold personal data.
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await app().test(.router) { client in
            for uri in ["/", "/items/\(itemID)", "/items/\(itemID)/image", "/items/999"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                    let policy = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                    #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self';"),
                            "no inline script: \(policy)")
                    #expect(!String(buffer: response.body).contains("<script>"), "\(uri): no inline script to allow")
                }
            }
        }
    }

    /// A reviewer's name in Chinese: it travels in the request's JSON, and the history names the reviewer.
    @Test func aReviewerNamedInChineseCanSaveAndAccept() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(itemID)/fields", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"fields":{"credit_code":"912103008765432101"},"reviewer":"王审核"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/items/\(itemID)/accept", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"reviewer":"王审核"}"#)) { #expect($0.status == .ok) }
        }
        #expect(try archive.history(itemID: itemID).suffix(2).allSatisfy { $0.actor == "reviewer:王审核" })
    }

    /// The probe's 1.9 MB field: refused, nothing stored.
    @Test func anOverlongValueIsRefusedNotStored() async throws {
        let long = String(repeating: "鑫", count: 5_000)
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(itemID)/fields", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"fields":{"holder":"\#(long)"}}"#)) { #expect($0.status == .contentTooLarge) }
            try await client.execute(uri: "/api/items/\(itemID)/reject", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"reason":"\#(long)"}"#)) { #expect($0.status == .contentTooLarge) }
        }
        #expect(try archive.item(id: itemID)?.fields["holder"]?.value != long)
        #expect(try archive.item(id: itemID)?.status == .review)
    }

    /// Whole personal numbers only on an item waiting in review; a decided one shows them masked.
    @Test func aDecidedItemsPageMasksItsPersonalNumbers() async throws {
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        let fields = [FieldName.holder: ExtractedField(value: "王磊", raw: "王磊", confidence: 95),
                      FieldName.idNumber: ExtractedField(value: "210102198005121231", raw: "210102198005121231", confidence: 95)]
        let page = PageOutcome(page: 1, type: .safetyAssessment, origin: .ocr, fields: fields,
                               problems: [Problem(rule: "id_number.checksum", field: FieldName.idNumber, message: "check")],
                               flags: [], thumbnailPNG: nil, text: "")
        try archive.record(InputOutcome(source: "in/card.png", sha256: "c3", format: .png, byteCount: 1, pages: [page],
                                        failure: nil, seconds: 1), runID: runID)
        let card = try #require(try archive.items(statuses: [.review]).first { $0.type == .safetyAssessment })
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/items/\(card.id)/fields", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"fields":{"id_number":"210102198005121230"}}"#)) { _ in }
            try await client.execute(uri: "/items/\(card.id)", method: .get) { response in
                #expect(String(buffer: response.body).contains("210102198005121230"), "in review: whole")
            }
            try await client.execute(uri: "/api/items/\(card.id)/reject", method: .post, headers: Self.jsonHeaders,
                                     body: Self.body(#"{"reason":"a copy"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/items/\(card.id)", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("210102198005121230") && !html.contains("210102198005121231"))
                #expect(html.contains("2101**********1230"))
            }
            try await client.execute(uri: "/api/items/\(card.id)/history", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(!text.contains("210102198005121230") && !text.contains("210102198005121231"))
            }
        }
    }

    /// The token is stored salted: the same token gives another digest each time, each of which admits it.
    @Test func theTokenIsStoredSalted() {
        let token = "s3cret-token-0123456789"
        let first = WebAccess.digest(of: token), second = WebAccess.digest(of: token)
        #expect(first != second && first.hasPrefix("sha256$") && !first.contains(WebAccess.sha256(token)))
        #expect(WebAccess(tokenSHA256: first).matches(token) && WebAccess(tokenSHA256: second).matches(token))
        #expect(!WebAccess(tokenSHA256: first).matches("s3cret-token-0123456788"))
        #expect(WebAccess(tokenSHA256: WebAccess.sha256(token)).matches(token), "a digest stored before salts")
    }

    @Test func withoutATokenLoginSetsNoCookie() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/login?token=x%0d%0aSet-Cookie:%20a=b", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test func withATokenNothingIsServedWithoutIt() async throws {
        let token = "s3cret-token-0123456789"
        try await app(token: token).test(.router) { client in
            for uri in ["/", "/items/\(itemID)", "/items/\(itemID)/image", "/api/items/\(itemID)/history", "/search?q=D"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(!String(buffer: response.body).contains("912103"))
                }
            }
            try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer wrong"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/login?token=\(token)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.setCookie]?.contains("certarchive_token=\(token); HttpOnly") == true)
            }
            try await client.execute(uri: "/items/\(itemID)", method: .get, headers: [.cookie: "certarchive_token=\(token)"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/login?token=wrong", method: .get) { #expect($0.status == .unauthorized) }
        }
    }
}
