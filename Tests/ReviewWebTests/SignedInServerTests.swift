import Accounts
@testable import Archive
import Extraction
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import PageImaging
import Review
import ReviewWeb
import Rules
import Testing

/// The web UI of an archive with accounts: sign-in, sessions and their CSRF token, roles, company scopes, whole
/// numbers shown only when asked for, and the approval step — through Hummingbird's router test client.
@Suite struct SignedInServerTests {
    static let companyA = "912103008765432101", companyB = "91210300MA0QD7X43Y"
    static let personA = "210105197503030112"

    let archive: ArchiveDatabase
    /// Company A's qualification, its 安管人员's certificate, and company B's licence, all in review; and company
    /// A's licence in the archive, which links A's name (on the 安管人员's certificate) to A.
    let qualificationA: Int64, personOfA: Int64, licenceB: Int64, licenceA: Int64

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95) }
        func page(_ type: DocumentType, _ fields: [String: String], inReview: Bool = true) -> PageOutcome {
            PageOutcome(page: 1, type: type, origin: .ocr, fields: fields.mapValues(field),
                        problems: inReview ? [Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")] : [],
                        flags: [], thumbnailPNG: [0x89, 0x50], text: "")
        }
        let pages = [
            page(.enterpriseQualification, ["certificate_number": "D221098765", "holder": "鞍山恒泰建筑有限公司",
                                            "credit_code": Self.companyA, "expiry_date": "2029-06-30",
                                            "issuer": "辽宁省住房和城乡建设厅", "issue_date": "2024-06-30"]),
            page(.safetyAssessment, ["certificate_number": "辽建安A(2018)0012345", "holder": "孙立", "id_number": Self.personA,
                                     "company": "鞍山恒泰建筑有限公司", "expiry_date": "2027-02-28"]),
            page(.safetyProductionLicense, ["certificate_number": "(辽)JZ安许证字[2018]004512", "holder": "鞍山桥鼎建筑工程有限公司",
                                            "credit_code": Self.companyB, "expiry_date": "2027-03-10"]),
            page(.safetyProductionLicense, ["certificate_number": "(辽)JZ安许证字[2019]001207", "holder": "鞍山恒泰建筑有限公司",
                                            "credit_code": Self.companyA, "expiry_date": "2028-01-15"], inReview: false),
        ]
        for (index, page) in pages.enumerated() {
            try archive.record(InputOutcome(source: "in/\(index).png", sha256: "s\(index)", format: .png, byteCount: 1,
                                            pages: [page], failure: nil, seconds: 1), runID: runID)
        }
        let ids = try archive.items().map(\.id)
        (qualificationA, personOfA, licenceB, licenceA) = (ids[0], ids[1], ids[2], ids[3])
        for (name, role, companies) in [("王审核", AccountRole.reviewer, [String]()), ("李复核", .approver, []),
                                        ("赵只读", .viewer, []), ("钱项目", .reviewer, [Self.companyA])] {
            _ = try archive.addAccount(Account(name: name, role: role, companies: companies,
                                               passwordHash: Passwords.hash(name + "的密码够长了", cost: 4)), by: "test")
        }
        try archive.setWebTokenSHA256(WebAccess.digest(of: "script-key-0123456789"))
    }

    func app() throws -> some ApplicationProtocol {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let desk = ReviewDesk(
            archive: archive,
            validator: try Validator(rules: try RuleSet.load(from: repo.appendingPathComponent("pipelines/rules.yaml"))),
            models: try ExtractionModel.loadAll(from: repo.appendingPathComponent("models")),
            approval: try ApprovalPolicy.load(from: repo.appendingPathComponent("pipelines/approval.yaml")))
        // The statistics page stands in as the list of records it was given: which records a person sees is
        // what is tested here (the page itself is `certarchive report`'s, tested with it).
        let server = ReviewController(desk: desk, access: WebAccess(tokenSHA256: try archive.webTokenSHA256()),
                                  requestGuard: RequestGuard(hostNames: ["localhost"]), signIn: SignInDesk(archive: archive),
                                  statisticsPage: { records in "<p>records: " + records.map { String($0.id) }.joined(separator: ",") + "</p>" },
                                  asOf: { PrintedDate(year: 2026, month: 11, day: 22) })
        return Application(router: server.router())
    }

    /// A signed-in browser: its session cookie and the CSRF token its pages carry.
    struct Browser {
        var cookie: String
        var csrf: String

        func headers(csrf: Bool = true) -> HTTPFields {
            var fields: HTTPFields = [.contentType: "application/json", .cookie: cookie]
            if csrf { fields[HTTPField.Name("X-CSRF-Token")!] = self.csrf }
            return fields
        }
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    /// One more item, taken in by a run of its own after the fixture's; its id.
    func recordLater(_ page: PageOutcome, source: String) throws -> Int64 {
        let runID = try archive.beginRun(asOf: "2026-11-23", arguments: "test")
        try archive.record(InputOutcome(source: "in/\(source).png", sha256: source, format: .png, byteCount: 1,
                                        pages: [page], failure: nil, seconds: 1), runID: runID)
        return try #require(try archive.items().map(\.id).max())
    }

    func signIn(_ client: some TestClientProtocol, _ name: String, password: String? = nil) async throws -> Browser {
        let body = #"{"name":"\#(name)","password":"\#(password ?? name + "的密码够长了")"}"#
        let cookie = try await client.execute(uri: "/login", method: .post, headers: Self.json, body: ByteBuffer(string: body)) {
            response -> String in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let setCookie = response.headers[.setCookie] ?? ""
            #expect(setCookie.contains("; HttpOnly; SameSite=Strict; Path=/") && !setCookie.contains("Secure"))
            return String(setCookie.prefix { $0 != ";" })
        }
        let csrf = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response -> String in
            let html = String(buffer: response.body)
            let start = try #require(html.range(of: "name=\"csrf-token\" content=\"")).upperBound
            return String(html[start...].prefix(64))
        }
        return Browser(cookie: cookie, csrf: csrf)
    }

    @Test func nothingIsServedBeforeSigningIn() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/login")
            }
            try await client.execute(uri: "/items/\(qualificationA)/image", method: .get) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/api/items/\(qualificationA)/history", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/items/\(qualificationA)/accept", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: "{}")) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("id=\"password\""))
            }
            try await client.execute(uri: "/assets/login.js", method: .get) { #expect($0.status == .ok) }
        }
        #expect(try archive.history(itemID: qualificationA).allSatisfy { $0.actor == "ingest" })
    }

    @Test func aChineseNameSignsInAndEveryChangeNeedsItsSessionsCSRFToken() async throws {
        try await app().test(.router) { client in
            let wang = try await signIn(client, "王审核")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: wang.cookie]) { response in
                #expect(String(buffer: response.body).contains(">王审核</a> · reviewer"))
            }
            let change = ByteBuffer(string: #"{"fields":{"holder":"鞍山恒泰建筑有限公司"},"reviewer":"mallory"}"#)
            try await client.execute(uri: "/api/items/\(qualificationA)/fields", method: .post, headers: wang.headers(csrf: false),
                                     body: change) { #expect($0.status == .forbidden) }
            var forged = wang
            forged.csrf = String(repeating: "0", count: 64)
            try await client.execute(uri: "/api/items/\(qualificationA)/fields", method: .post, headers: forged.headers(),
                                     body: change) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/items/\(qualificationA)/fields", method: .post, headers: wang.headers(),
                                     body: change) { #expect($0.status == .ok) }
            try await client.execute(uri: "/logout", method: .post, headers: wang.headers(), body: ByteBuffer(string: "{}")) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: wang.cookie]) { #expect($0.status == .seeOther) }
        }
        #expect(try archive.history(itemID: qualificationA).last?.actor == "reviewer:王审核",
                "the session names who acted; a name in the body does not")
    }

    @Test func aViewerReadsMaskedNumbersAndChangesNothing() async throws {
        try await app().test(.router) { client in
            let zhao = try await signIn(client, "赵只读")
            try await client.execute(uri: "/items/\(personOfA)", method: .get, headers: [.cookie: zhao.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains(Self.personA) && html.contains("2101**********0112"))
                #expect(!html.contains("id=\"accept\"") && !html.contains("<h2>History</h2>") && !html.contains("show whole"))
            }
            for path in ["fields", "accept", "reveal"] {
                try await client.execute(uri: "/api/items/\(personOfA)/\(path)", method: .post, headers: zhao.headers(),
                                         body: ByteBuffer(string: #"{"fields":{}}"#)) { #expect($0.status == .forbidden, "\(path)") }
            }
            try await client.execute(uri: "/api/items/\(personOfA)/history", method: .get, headers: [.cookie: zhao.cookie]) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func aWholeNumberIsShownOnlyWhenAskedAndTheAskingIsRecorded() async throws {
        try await app().test(.router) { client in
            let wang = try await signIn(client, "王审核")
            try await client.execute(uri: "/items/\(personOfA)", method: .get, headers: [.cookie: wang.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains(Self.personA) && html.contains("show whole"))
            }
            try await client.execute(uri: "/api/items/\(personOfA)/reveal", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(String(buffer: response.body).contains("\"id_number\":\"\(Self.personA)\""))
            }
        }
        let revealed = try archive.history(itemID: personOfA).filter { $0.action == .revealed }
        #expect(revealed.map(\.actor) == ["reviewer:王审核"] && revealed.map(\.field) == ["id_number"])
    }

    @Test func aScopedAccountSeesOnlyItsCompaniesAndTheirPeople() async throws {
        try await app().test(.router) { client in
            let qian = try await signIn(client, "钱项目")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: qian.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<b>2</b> item(s) in review"))
                #expect(html.contains("/items/\(qualificationA)\"") && html.contains("/items/\(personOfA)\""))
                #expect(!html.contains("/items/\(licenceB)\""))
            }
            // 鞍山桥鼎 is company B's holder; 恒泰 company A's.
            try await client.execute(uri: "/search?q=%E6%A1%A5%E9%BC%8E", method: .get, headers: [.cookie: qian.cookie]) {
                #expect(String(buffer: $0.body).contains("0 record(s)"))
            }
            try await client.execute(uri: "/search?q=%E6%81%92%E6%B3%B0", method: .get, headers: [.cookie: qian.cookie]) {
                #expect(String(buffer: $0.body).contains("3 record(s)"))
            }
            try await client.execute(uri: "/items/\(licenceB)", method: .get, headers: [.cookie: qian.cookie]) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/items/\(licenceB)/image", method: .get, headers: [.cookie: qian.cookie]) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/items/\(licenceB)/reject", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"reason":"x"}"#)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/report", method: .get, headers: [.cookie: qian.cookie]) { response in
                #expect(String(buffer: response.body).contains("<p>records: \(qualificationA),\(personOfA),\(licenceA)</p>"))
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.hasPrefix("default-src 'none'") == true,
                        "the statistics page runs no script at all")
            }
            let wang = try await signIn(client, "王审核")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: wang.cookie]) {
                #expect(String(buffer: $0.body).contains("<b>3</b> item(s) in review"))
            }
            try await client.execute(uri: "/report", method: .get, headers: [.cookie: wang.cookie]) {
                #expect(String(buffer: $0.body).contains("<p>records: \(qualificationA),\(personOfA),\(licenceB),\(licenceA)</p>"))
            }
        }
    }

    @Test func aScopedReviewerCannotTypeHisWayIntoAnotherCompany() async throws {
        // One more item of company A in review, taken in after B's licence; its reviewer, scoped to A, types B's
        // name as its holder. A scope rests on accepted records only: B's items stay out of his sight.
        let renewal = PageOutcome(page: 1, type: .enterpriseQualification, origin: .ocr,
                                  fields: ["certificate_number": ExtractedField(value: "D221098766", raw: "D221098766", confidence: 95),
                                           "holder": ExtractedField(value: "鞍山恒泰建筑有限公司", raw: "", confidence: 95),
                                           "credit_code": ExtractedField(value: Self.companyA, raw: "", confidence: 95)],
                                  problems: [Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")],
                                  flags: [], thumbnailPNG: [0x89, 0x50], text: "")
        let renewalID = try recordLater(renewal, source: "renewal")
        try await app().test(.router) { client in
            let qian = try await signIn(client, "钱项目")
            try await client.execute(uri: "/api/items/\(renewalID)/fields", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"fields":{"holder":"鞍山桥鼎建筑工程有限公司"}}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/items/\(licenceB)", method: .get, headers: [.cookie: qian.cookie]) {
                #expect($0.status == .notFound, "B's licence is not his for a name he typed")
            }
            try await client.execute(uri: "/search?q=%E6%A1%A5%E9%BC%8E", method: .get, headers: [.cookie: qian.cookie]) {
                #expect(!String(buffer: $0.body).contains("/items/\(licenceB)"))
            }
            try await client.execute(uri: "/api/items/\(licenceB)/history", method: .get, headers: [.cookie: qian.cookie]) {
                #expect($0.status == .notFound)
            }
            // Given to another reviewer: still not found, and nobody's name said (scope before holds).
            let li = try await signIn(client, "李复核")
            try await client.execute(uri: "/api/items/\(licenceB)/assign", method: .post, headers: li.headers(),
                                     body: ByteBuffer(string: #"{"to":"王审核"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/items/\(licenceB)/fields", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"fields":{"holder":"x"}}"#)) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("王审核"))
            }
        }
    }

    @Test func oneWhoMayNotSeeANumberWholeGetsNeitherItsImageNorASearchThatSpellsItOut() async throws {
        // A 特种作业操作证 whose number is T + the holder's 身份证号, with its place on a (white) page image.
        let number = "T" + Self.personA
        var numberField = ExtractedField(value: number, raw: number, confidence: 95)
        numberField.box = Box(x: 40, y: 40, width: 300, height: 30)
        let white = try #require(PageImage.white(width: 400, height: 300, resolution: 200)?.thumbnailPNG(width: 400))
        var card = PageOutcome(page: 1, type: .specialOperation, origin: .ocr,
                               fields: ["certificate_number": numberField,
                                        "holder": ExtractedField(value: "孙立", raw: "孙立", confidence: 95)],
                               problems: [Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")],
                               flags: [], thumbnailPNG: white, text: "")
        card.pageWidth = 400; card.pageHeight = 300
        let cardID = try recordLater(card, source: "card")
        try await app().test(.router) { client in
            let zhao = try await signIn(client, "赵只读"), wang = try await signIn(client, "王审核")
            // A digit guessed in the middle of the number: the viewer's search says nothing of it.
            let middle = String(Self.personA.dropFirst(6).prefix(8))
            try await client.execute(uri: "/search?q=\(middle)", method: .get, headers: [.cookie: zhao.cookie]) {
                #expect(!String(buffer: $0.body).contains("/items/\(cardID)\""), "the viewer's search matched a hidden digit")
            }
            try await client.execute(uri: "/search?q=\(middle)", method: .get, headers: [.cookie: wang.cookie]) {
                #expect(String(buffer: $0.body).contains("/items/\(cardID)\""), "a reviewer may find by the whole number")
            }
            // The viewer's page image has the number painted over; the reviewer's is whole, and recorded.
            let viewerImage = try await client.execute(uri: "/items/\(cardID)/image", method: .get, headers: [.cookie: zhao.cookie]) {
                response -> [UInt8] in
                #expect(response.status == .ok)
                return Array(buffer: response.body)
            }
            let painted = try ImageReader.readPNG(bytes: viewerImage)
            #expect(painted.width == 400)
            try await client.execute(uri: "/items/\(cardID)/image", method: .get, headers: [.cookie: wang.cookie]) {
                #expect($0.status == .ok && Array(buffer: $0.body) == white)
            }
            #expect(viewerImage != white, "painted over")
            // An item with a personal number of unknown place: no image for the viewer at all.
            try await client.execute(uri: "/items/\(personOfA)/image", method: .get, headers: [.cookie: zhao.cookie]) {
                #expect($0.status == .forbidden)
            }
        }
        let revealed = try archive.history(itemID: cardID).filter { $0.action == .revealed }
        #expect(revealed.map(\.actor) == ["reviewer:王审核"] && revealed.first?.reason == "shown whole on the page image")
    }

    @Test func theReviewersCorrectedHintMasksPersonalNumbers() async throws {
        // Another certificate of 孙立 read with the same 身份证号; a reviewer corrects it on the first one.
        let second = PageOutcome(page: 1, type: .safetyAssessment, origin: .ocr,
                                 fields: ["certificate_number": ExtractedField(value: "辽建安A(2018)0012346", raw: "", confidence: 95),
                                          "holder": ExtractedField(value: "孙立", raw: "孙立", confidence: 95),
                                          "id_number": ExtractedField(value: Self.personA, raw: "", confidence: 95)],
                                 problems: [Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")],
                                 flags: [], thumbnailPNG: nil, text: "")
        let secondID = try recordLater(second, source: "second")
        let corrected = "210105197503030139"
        try await app().test(.router) { client in
            let wang = try await signIn(client, "王审核")
            try await client.execute(uri: "/api/items/\(personOfA)/fields", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: #"{"fields":{"id_number":"\#(corrected)"}}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/items/\(secondID)", method: .get, headers: [.cookie: wang.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("class=\"suggestion\""), "the hint is shown")
                #expect(!html.contains(Self.personA) && !html.contains(corrected), "a whole number in the hint")
            }
        }
    }

    @Test func aReviewersChangeWaitsForAnApproverWhoApprovesIt() async throws {
        try await app().test(.router) { client in
            let wang = try await signIn(client, "王审核"), li = try await signIn(client, "李复核")
            try await client.execute(uri: "/api/items/\(qualificationA)/fields", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: #"{"fields":{"holder":"鞍山恒泰建筑工程有限公司"}}"#)) { _ in }
            try await client.execute(uri: "/api/items/\(qualificationA)/accept", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: "{}")) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"awaiting_approval\":true") && text.contains("\"status\":\"review\""), "\(text)")
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/approve", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: "{}")) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/items/\(qualificationA)", method: .get, headers: [.cookie: li.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("id=\"approve\"") && html.contains("项目部初审 by 王审核: holder changed"))
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/approve", method: .post, headers: li.headers(),
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(String(buffer: response.body).contains("\"status\":\"accepted\""))
            }
        }
        let steps = try archive.history(itemID: qualificationA).filter { [.submitted, .approved].contains($0.action) }
        #expect(steps.map(\.actor) == ["reviewer:王审核", "reviewer:李复核"])
    }

    @Test func anItemOpenedByOneReviewerIsHisWhileHeWorksOnIt() async throws {
        try await app().test(.router) { client in
            let wang = try await signIn(client, "王审核"), qian = try await signIn(client, "钱项目")
            try await client.execute(uri: "/items/\(qualificationA)", method: .get, headers: [.cookie: wang.cookie]) { response in
                #expect(!String(buffer: response.body).contains("id=\"held\""), "his own")
            }
            try await client.execute(uri: "/items/\(qualificationA)", method: .get, headers: [.cookie: qian.cookie]) { response in
                #expect(String(buffer: response.body).contains("王审核 is working on item \(qualificationA) (for 15 more minutes)"))
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/fields", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"fields":{"holder":"鞍山恒泰建筑工程有限公司"}}"#)) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("王审核 is working on item \(qualificationA)"))
            }
            try await client.execute(uri: "/api/bulk", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"ids":[\#(qualificationA)],"action":"reject","reason":"x"}"#)) { response in
                #expect(String(buffer: response.body).contains("王审核 is working on item \(qualificationA)"))
                #expect(String(buffer: response.body).contains(#""done":[]"#))
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/fields", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: #"{"fields":{"holder":"鞍山恒泰建筑有限公司"}}"#)) { response in
                #expect(response.status == .ok, "the one who holds it works on")
            }
        }
        #expect(try archive.history(itemID: qualificationA).filter { $0.action == .set }.map(\.actor) == ["reviewer:王审核"])
    }

    @Test func aLeadGivesItemsToReviewersAndAReviewerHandsOneOn() async throws {
        try await app().test(.router) { client in
            let li = try await signIn(client, "李复核"), wang = try await signIn(client, "王审核"), qian = try await signIn(client, "钱项目")
            try await client.execute(uri: "/api/bulk", method: .post, headers: li.headers(), body: ByteBuffer(
                string: #"{"ids":[\#(qualificationA),\#(personOfA)],"action":"assign","to":"王审核","reason":"本周由王审核负责"}"#)) { response in
                #expect(String(buffer: response.body).contains(#""done":[\#(qualificationA),\#(personOfA)]"#))
            }
            try await client.execute(uri: "/api/bulk", method: .post, headers: li.headers(), body: ByteBuffer(
                string: #"{"ids":[\#(licenceB)],"action":"assign","to":"无此人","reason":""}"#)) { response in
                #expect(String(buffer: response.body).contains("no reviewer of that name"))
            }
            // Given to 王审核: another reviewer's change is refused, whoever opened it first.
            try await client.execute(uri: "/api/items/\(qualificationA)/reject", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"reason":"看不清"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("item \(qualificationA) is given to 王审核"))
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/assign", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"to":"钱项目"}"#)) { response in
                #expect(response.status == .conflict, "a reviewer takes nobody's item")
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/assign", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: #"{"to":"钱项目","reason":"他熟悉这家公司"}"#)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/reject", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"reason":"看不清"}"#)) { response in
                #expect(response.status == .ok, "now his")
            }
            try await client.execute(uri: "/api/items/\(personOfA)/fields", method: .post, headers: qian.headers(),
                                     body: ByteBuffer(string: #"{"fields":{"holder":"孙立"}}"#)) { response in
                #expect(response.status == .conflict, "still 王审核's")
            }
        }
        let given = try archive.history(itemID: qualificationA).filter { $0.action == .assigned }
        #expect(given.map(\.actor) == ["reviewer:李复核", "reviewer:王审核"])
        #expect(given.map(\.newValue) == ["王审核", "钱项目"])
        #expect(given.map(\.reason) == ["本周由王审核负责", "他熟悉这家公司"])
        #expect(try archive.assignees() == [qualificationA: "钱项目", personOfA: "王审核"])
        let integrity = try archive.checkIntegrity()
        #expect(integrity.chainBreak == nil && integrity.itemBreaks.isEmpty)
    }

    @Test func aRunsPageFollowsWhatReviewersDecidedSince() async throws {
        try await app().test(.router) { client in
            let wang = try await signIn(client, "王审核")
            try await client.execute(uri: "/api/items/\(licenceB)/reject", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: #"{"reason":"复印件，不是原件"}"#)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/runs/1", method: .get, headers: [.cookie: wang.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<a class="n" href="/?run=1">2</a>"#), "two still wait")
                #expect(html.contains(##"<a class="n" href="#decided">1</a>"##), "one decided since")
                #expect(html.contains("<td>王审核</td><td>rejected</td>") && html.contains("复印件，不是原件"), "\(html)")
            }
        }
    }

    @Test func fiveWrongPasswordsLockTheAccount() async throws {
        try await app().test(.router) { client in
            let wrong = ByteBuffer(string: #"{"name":"王审核","password":"not the password"}"#)
            for _ in 1...5 {
                try await client.execute(uri: "/login", method: .post, headers: Self.json, body: wrong) {
                    #expect($0.status == .unauthorized && String(buffer: $0.body).contains("wrong name or password"))
                }
            }
            try await client.execute(uri: "/login", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: #"{"name":"王审核","password":"王审核的密码够长了"}"#)) { response in
                #expect(response.status == .tooManyRequests && String(buffer: response.body).contains("locked until"))
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test func aPersonEnrolsASecondFactorAndChangesHisPassword() async throws {
        try await app().test(.router) { client in
            let wang = try await signIn(client, "王审核")
            try await client.execute(uri: "/account", method: .get, headers: [.cookie: wang.cookie]) { response in
                #expect(String(buffer: response.body).contains("role: reviewer · every company"))
            }
            let enrolment = try await client.execute(uri: "/api/account/second-factor/new", method: .post,
                                                     headers: wang.headers(), body: ByteBuffer(string: "{}")) { response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String] ?? [:]
            }
            let secret = try #require(enrolment["secret"]), proof = try #require(enrolment["proof"])
            #expect(enrolment["qr_svg"]?.hasPrefix("<svg") == true && enrolment["typed"]?.count == 39)
            #expect(try archive.account(named: "王审核")?.totpSecret == nil, "nothing kept before a code proves it")
            let password = "王审核的密码够长了"
            func confirmation(_ proof: String, _ code: String, password: String, current: String? = nil) -> ByteBuffer {
                ByteBuffer(string: #"{"proof":"\#(proof)","code":"\#(code)","password":"\#(password)""#
                    + (current.map { #","current_code":"\#($0)""# } ?? "") + "}")
            }
            let code = SecondFactor.code(secret: secret, at: Date())
            try await client.execute(uri: "/api/account/second-factor", method: .post, headers: wang.headers(),
                                     body: confirmation(proof, "000000", password: password)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/account/second-factor", method: .post, headers: wang.headers(),
                                     body: confirmation(proof, code, password: "not his password")) {
                #expect($0.status == .forbidden, "a session alone enrols nothing")
            }
            // A proof of the visitor's own making (a secret he chose) is not the server's.
            let chosen = "ABCDEFGHJKLMNPQRSTUV"
            try await client.execute(uri: "/api/account/second-factor", method: .post, headers: wang.headers(),
                                     body: confirmation(Data(chosen.utf8).base64EncodedString(),
                                                        SecondFactor.code(secret: chosen, at: Date()), password: password)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/account/second-factor", method: .post, headers: wang.headers(),
                                     body: confirmation(proof, code, password: password)) { #expect($0.status == .ok) }
            #expect(try archive.account(named: "王审核")?.totpSecret == secret)
            // Replacing the factor asks for the current one's code too.
            let offer = try await client.execute(uri: "/api/account/second-factor/new", method: .post,
                                                 headers: wang.headers(), body: ByteBuffer(string: "{}")) { response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String] ?? [:]
            }
            let newSecret = try #require(offer["secret"]), newProof = try #require(offer["proof"])
            let newCode = SecondFactor.code(secret: newSecret, at: Date())
            try await client.execute(uri: "/api/account/second-factor", method: .post, headers: wang.headers(),
                                     body: confirmation(newProof, newCode, password: password)) { #expect($0.status == .forbidden) }
            #expect(try archive.account(named: "王审核")?.totpSecret == secret)

            let change = #"{"current":"wrong password","new":"一个新的足够长的密码"}"#
            try await client.execute(uri: "/api/account/password", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: change)) { #expect($0.status == .forbidden) }
            let changed = #"{"current":"王审核的密码够长了","new":"一个新的足够长的密码"}"#
            try await client.execute(uri: "/api/account/password", method: .post, headers: wang.headers(),
                                     body: ByteBuffer(string: changed)) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: wang.cookie]) {
                #expect($0.status == .seeOther, "a new password ends the sessions")
            }
            let withCode = #"{"name":"王审核","password":"一个新的足够长的密码","code":"\#(SecondFactor.code(secret: secret, at: Date()))"}"#
            try await client.execute(uri: "/login", method: .post, headers: Self.json, body: ByteBuffer(string: withCode)) {
                #expect($0.status == .ok)
            }
            let withoutCode = #"{"name":"王审核","password":"一个新的足够长的密码"}"#
            try await client.execute(uri: "/login", method: .post, headers: Self.json, body: ByteBuffer(string: withoutCode)) {
                #expect($0.status == .unauthorized && String(buffer: $0.body).contains("second factor"))
            }
        }
    }

    @Test func anAuditorChecksTheArchivesIntegrityAndAReviewerMayNot() async throws {
        _ = try archive.addAccount(Account(name: "孙审计", role: .auditor, passwordHash: Passwords.hash("孙审计的密码够长了", cost: 4)),
                                   by: "test")
        try await archive.writer.write { try $0.execute(sql: "UPDATE items SET thumbnail = x'00' WHERE id = \(licenceB)") }
        try await app().test(.router) { client in
            let sun = try await signIn(client, "孙审计"), wang = try await signIn(client, "王审核")
            try await client.execute(uri: "/verify", method: .get, headers: [.cookie: sun.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("chain intact") && html.contains("items that disagree with their history: 1"))
                #expect(html.contains("item \(licenceB): thumbnail not as its last event"))
            }
            try await client.execute(uri: "/verify", method: .get, headers: [.cookie: wang.cookie]) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/items/\(licenceB)/accept", method: .post, headers: sun.headers(),
                                     body: ByteBuffer(string: "{}")) { #expect($0.status == .forbidden, "an auditor changes nothing") }
        }
    }

    @Test func theAPIKeyReadsButChangesNothing() async throws {
        try await app().test(.router) { client in
            let key: HTTPFields = [.authorization: "Bearer script-key-0123456789", .contentType: "application/json"]
            try await client.execute(uri: "/search?q=D2210", method: .get, headers: key) {
                #expect($0.status == .ok && String(buffer: $0.body).contains("1 record(s)"))
            }
            try await client.execute(uri: "/api/items/\(qualificationA)/accept", method: .post, headers: key,
                                     body: ByteBuffer(string: "{}")) { #expect($0.status == .forbidden) }
            var wrong = key
            wrong[.authorization] = "Bearer guessed-key-0123456789"
            try await client.execute(uri: "/", method: .get, headers: wrong) { #expect($0.status == .unauthorized) }
        }
    }
}
