import Accounts
@testable import Archive
import Crypto
import Extraction
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IngestCore
import PageImaging
import Pipeline
import Review
import ReviewWeb
import Rules
import Testing

/// Every record's page can be looked at: `/items/:id/scan` pages through the original file an item was read from
/// (found by its hash where the archive says it is), accepted items too. A page showing a personal number is
/// sent whole only to a role that may see it, and recorded as revealed; others get a clear refusal in Chinese.
@Suite struct OriginalScanTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder: URL
    let archive: ArchiveDatabase
    /// The two pages of a scanned PDF: a company's licence (no personal number) and a 安管人员's certificate.
    let licence: Int64, person: Int64

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-scans-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pdf = folder.appendingPathComponent("batch.pdf")
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("fixtures/samples/scanned_batch_jiangsu.pdf"), to: pdf)
        let sha256 = SHA256.hash(data: try Data(contentsOf: pdf)).map { String(format: "%02x", $0) }.joined()
        archive = try ArchiveDatabase(path: folder.appendingPathComponent("archive.sqlite").path)
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95) }
        let pages = [
            PageOutcome(page: 1, type: .safetyProductionLicense, origin: .ocr,
                        fields: ["certificate_number": field("(苏)JZ安许证字[2020]001234"), "holder": field("南京苏宁建工有限公司")],
                        problems: [], flags: [], thumbnailPNG: nil, text: ""),
            PageOutcome(page: 2, type: .safetyAssessment, origin: .ocr,
                        fields: ["certificate_number": field("苏建安C2(2020)0034567"), "holder": field("陈静"),
                                 "id_number": field("320102198811302221")],
                        problems: [], flags: [], thumbnailPNG: nil, text: ""),
        ]
        try archive.record(InputOutcome(source: pdf.path, sha256: sha256, format: .pdf, byteCount: 1, pages: pages,
                                        failure: nil, seconds: 1), runID: runID)
        let ids = try archive.items().sorted { ($0.page ?? 0) < ($1.page ?? 0) }.map(\.id)
        (licence, person) = (ids[0], ids[1])
        for (name, role) in [("赵管理", AccountRole.admin), ("钱只读", .viewer)] {
            _ = try archive.addAccount(Account(name: name, role: role, companies: [],
                                               passwordHash: Passwords.hash(name + "的密码够长了", cost: 4)), by: "test")
        }
    }

    func app(wording: Wording? = nil) throws -> some ApplicationProtocol {
        var desk = ReviewDesk(
            archive: archive,
            validator: try Validator(rules: try RuleSet.load(from: Self.repo.appendingPathComponent("pipelines/rules.yaml"))),
            models: try ExtractionModel.loadAll(from: Self.repo.appendingPathComponent("models")))
        desk.wording = try wording ?? Self.wording()
        let settings = try PipelineSettings.load(from: Self.repo.appendingPathComponent("pipelines/settings.yaml"))
        let server = ReviewController(desk: desk, access: WebAccess(tokenSHA256: nil),
                                      requestGuard: RequestGuard(hostNames: ["localhost"]), signIn: SignInDesk(archive: archive),
                                      originals: OriginalScans(archivePath: folder.appendingPathComponent("archive.sqlite").path,
                                                               pages: settings.pages),
                                      asOf: { PrintedDate(year: 2026, month: 11, day: 22) })
        return Application(router: server.router())
    }

    static func wording() throws -> Wording {
        try Wording.load(from: repo.appendingPathComponent("pipelines/wording.yaml"),
                         rules: try RuleSet.load(from: repo.appendingPathComponent("pipelines/rules.yaml")))
    }

    func signIn(_ client: some TestClientProtocol, _ name: String) async throws -> HTTPFields {
        let body = #"{"name":"\#(name)","password":"\#(name)的密码够长了"}"#
        return try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/json"],
                                        body: ByteBuffer(string: body)) { response in
            [.cookie: String((response.headers[.setCookie] ?? "").prefix { $0 != ";" })]
        }
    }

    @Test func anAcceptedRecordsPagesAreDrawnFromItsOriginalAndPagedThrough() async throws {
        try await app().test(.router) { client in
            let admin = try await signIn(client, "赵管理")
            try await client.execute(uri: "/items/\(licence)/scan", method: .get, headers: admin) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("原件 · 页 1 / 2"), "\(html)")
                #expect(html.contains("src=\"/items/\(licence)/scan/1\"") && html.contains("href=\"/items/\(licence)/scan?page=2\""))
            }
            for page in [1, 2] {
                try await client.execute(uri: "/items/\(licence)/scan/\(page)", method: .get, headers: admin) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "image/png")
                    let image = try ImageReader.readPNG(bytes: Array(response.body.readableBytesView), maxMegapixels: 40)
                    #expect(image.width == 1600 && image.height > 2000, "an A4 page at the review width")
                }
            }
            // The review screen of an accepted item shows its page (once: "no page image kept").
            try await client.execute(uri: "/items/\(licence)", method: .get, headers: admin) { response in
                #expect(String(buffer: response.body).contains("<img src=\"/items/\(licence)/image\""))
            }
            try await client.execute(uri: "/items/\(licence)/image", method: .get, headers: admin) { #expect($0.status == .ok) }
            try await client.execute(uri: "/items/\(licence)/scan/3", method: .get, headers: admin) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("文件没有这一页"))
            }
        }
        // The administrator was shown the 安管人员's ID number whole: recorded.
        #expect(try archive.history(itemID: person).contains { $0.action == .revealed && $0.actor == "reviewer:赵管理" && $0.field == "id_number" })
    }

    @Test func aPageShowingAPersonalNumberIsRefusedToAViewerAndAMissingFileIsSaid() async throws {
        try await app().test(.router) { client in
            let viewer = try await signIn(client, "钱只读")
            try await client.execute(uri: "/items/\(licence)/scan/1", method: .get, headers: viewer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/items/\(person)/scan/2", method: .get, headers: viewer) { response in
                #expect(response.status == .forbidden && String(buffer: response.body).contains("此页印有个人身份证号"))
            }
            try await client.execute(uri: "/items/\(person)/scan", method: .get, headers: viewer) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("id=\"no-image\"") && !html.contains("id=\"original\""))
            }
            try FileManager.default.removeItem(at: folder.appendingPathComponent("batch.pdf"))
            try await client.execute(uri: "/items/\(licence)/scan", method: .get, headers: viewer) { response in
                #expect(String(buffer: response.body).contains("原件已不在档案记录的位置"))
            }
        }
        #expect(try archive.history(itemID: person).allSatisfy { $0.action != .revealed })
    }

    @Test func everyPhraseAChinesePageAsksForHasItsChinese() async throws {
        // The pages ask the wording for each of their phrases; one without its Chinese would show in English.
        let wording = try Self.wording()
        try await app(wording: wording).test(.router) { client in
            for name in ["赵管理", "钱只读"] {
                let cookie = try await signIn(client, name)
                for path in ["/", "/items/\(licence)", "/items/\(person)", "/account", "/search?q=%E8%8B%8F", "/verify",
                             "/items/\(person)/scan", "/items/\(licence)/scan?page=2", "/runs/1", "/items/999"] {
                    try await client.execute(uri: path, method: .get, headers: cookie) { _ in }
                }
            }
            try await client.execute(uri: "/login", method: .get) { _ in }
        }
        #expect(wording.untranslated.all.isEmpty, "\(wording.untranslated.all.sorted())")
    }

    @Test func searchFindsFullWidthBracketsAndAWholeIDNumberForThoseWhoMaySeeIt() async throws {
        try await app().test(.router) { client in
            let admin = try await signIn(client, "赵管理"), viewer = try await signIn(client, "钱只读")
            try await client.execute(uri: "/search?q=%EF%BC%88%E8%8B%8F%EF%BC%89JZ", method: .get, headers: admin) { response in
                #expect(String(buffer: response.body).contains("/items/\(licence)\""), "（苏）JZ typed full-width")
            }
            try await client.execute(uri: "/search?q=320102198811302221", method: .get, headers: admin) { response in
                #expect(String(buffer: response.body).contains("/items/\(person)\""), "a whole 身份证号")
            }
            try await client.execute(uri: "/search?q=320102198811302221", method: .get, headers: viewer) { response in
                #expect(!String(buffer: response.body).contains("/items/\(person)\""), "not by one who may not see it")
            }
        }
    }
}
