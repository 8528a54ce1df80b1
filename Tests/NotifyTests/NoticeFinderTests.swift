import Compliance
import Crypto
import Foundation
import IngestCore
@testable import Notify
import Testing

/// Which warnings are due on a day, each with a key that names the event: a certificate entering a nearer level is
/// a new warning, the same level on another day is not; personal numbers never appear whole.
@Suite struct NoticeFinderTests {
    static let idNumber = "210102198005121236"

    static func record(_ id: Int64, _ type: DocumentType, _ number: String, holder: String, expires: String,
                       status: ItemStatus = .accepted, extra: [String: String] = [:]) -> ArchivedCertificate {
        ArchivedCertificate(type: type, fields: [FieldName.certificateNumber: number, FieldName.holder: holder,
                                                 FieldName.issueDate: "2023-01-01", FieldName.expiryDate: expires,
                                                 FieldName.issuer: "辽宁省住房和城乡建设厅"].merging(extra) { $1 },
                            itemID: id, source: "in/\(id).png", page: 1, intakeDay: "2026-11-01", status: status)
    }

    static let records = [
        record(1, .safetyProductionLicense, "(辽)JZ安许证字[2021]001234", holder: "沈阳宏远建筑工程有限公司", expires: "2026-12-07"),
        record(2, .specialOperation, "T\(idNumber)", holder: "李明", expires: "2026-11-30",
               extra: [FieldName.idNumber: idNumber]),
        record(3, .enterpriseQualification, "D221012345", holder: "大连海川建设集团有限公司", expires: "2029-12-31"),
    ]

    let finder = NoticeFinder(thresholds: [30, 15, 7], backlogThreshold: 1,
                              typeNames: [.safetyProductionLicense: "安全生产许可证", .specialOperation: "特种作业操作证"])

    @Test func aCertificateIsWarnedAtEachLevelOnceAndWhenItLapses() {
        let day = { (iso: String) in PrintedDate(iso: iso)! }
        let keys = { (iso: String) in Set(finder.notices(Self.records, asOf: day(iso)).filter { $0.text.contains("001234") }.map(\.key)) }
        #expect(keys("2026-10-31").isEmpty, "37 days out: beyond every level")
        #expect(keys("2026-11-10") == ["within_30|safety_production_license|(辽)JZ安许证字[2021]001234|2026-12-07"])
        #expect(keys("2026-11-11") == keys("2026-11-10"), "the same level another day is the same warning")
        #expect(keys("2026-11-25") == ["within_15|safety_production_license|(辽)JZ安许证字[2021]001234|2026-12-07"])
        #expect(keys("2026-12-01") == ["within_7|safety_production_license|(辽)JZ安许证字[2021]001234|2026-12-07"])
        #expect(keys("2026-12-08") == ["expired|safety_production_license|(辽)JZ安许证字[2021]001234|2026-12-07"])
        let lapsed = finder.notices(Self.records, asOf: day("2026-12-08")).first { $0.text.contains("001234") }
        #expect(lapsed?.kind == .lapsed)
        #expect(lapsed?.text == "已过期：安全生产许可证 (辽)JZ安许证字[2021]001234 沈阳宏远建筑工程有限公司，有效期至 2026-12-07（已过 1 天）")
    }

    @Test func noWarningHoldsAWholeIDNumber() {
        let notices = finder.notices(Self.records, asOf: PrintedDate(iso: "2026-11-25")!)
        let person = notices.first { $0.text.contains("李明") }
        #expect(person?.text.hasPrefix("即将到期：特种作业操作证 T") == true && person?.text.contains("****") == true,
                "\(person?.text ?? "none")")
        #expect(notices.allSatisfy { !$0.text.contains(Self.idNumber) })
        #expect(notices.allSatisfy { $0.digest.count == 64 && !$0.digest.contains(Self.idNumber) }, "the archive keeps digests")
    }

    @Test func aBacklogOverItsThresholdIsOneWarningADay() {
        let waiting = Self.records + [Self.record(4, .safetyAssessment, "辽建安B(2019)0101234", holder: "王", expires: "2028-01-01", status: .review),
                                      Self.record(5, .safetyAssessment, "辽建安B(2019)0101235", holder: "赵", expires: "2028-01-01", status: .review)]
        let backlog = finder.notices(waiting, asOf: PrintedDate(iso: "2026-11-25")!).filter { $0.kind == .backlog }
        #expect(backlog.map(\.key) == ["backlog|2026-11-25"])
        #expect(backlog.first?.text == "待审核积压：2 项等待审核（超过 1 项）")
        #expect(finder.notices(Self.records, asOf: PrintedDate(iso: "2026-11-25")!).allSatisfy { $0.kind != .backlog })
    }

    @Test func aRobotsMessagesAreSplitToItsLimitNeverMidLine() {
        let lines = (1...30).map { "第\($0)条：" + String(repeating: "证", count: 20) }
        let messages = RobotChannel.messages(title: "提醒", lines: lines, maximumBytes: 300)
        #expect(messages.count > 1)
        #expect(messages.allSatisfy { $0.utf8.count <= 300 && $0.hasPrefix("提醒\n") })
        #expect(messages.flatMap { $0.split(separator: "\n").dropFirst().map(String.init) } == lines)
    }

    @Test func dingTalksSignatureIsTheHMACOfTimeAndSecret() throws {
        let channel = RobotChannel(label: "ding", url: "https://oapi.example/robot/send?access_token=abc", secret: "SECabc",
                                   maximumBytes: 18_000)
        let url = channel.signedURL(at: Date(timeIntervalSince1970: 1_700_000_000))
        let query = try #require(URLComponents(string: url)?.queryItems)
        #expect(query.first { $0.name == "timestamp" }?.value == "1700000000000")
        // As DingTalk checks it: HMAC-SHA256 keyed by the secret over "timestamp\nsecret", Base64.
        let expected = Data(HMAC<SHA256>.authenticationCode(for: Data("1700000000000\nSECabc".utf8),
                                                            using: SymmetricKey(data: Data("SECabc".utf8)))).base64EncodedString()
        #expect(query.first { $0.name == "sign" }?.value == expected)
        #expect(query.first { $0.name == "access_token" }?.value == "abc")
    }
}
