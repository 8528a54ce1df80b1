import Archive
import IngestCore
import Foundation
import Testing

/// show, holder and anomalies through the real executable over the fixture archive (as of 2026-11-22).
@Suite struct ComplianceCommandTests {
    let archive: String
    let folder: URL

    init() throws {
        folder = try CLI.temporaryFolder()
        archive = folder.appendingPathComponent("compliance.sqlite").path
        try ComplianceFixture.build(at: archive)
    }

    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments + ["--archive", archive, "--as-of", ComplianceFixture.asOf])
    }

    @Test func showListsARenewalSupersedingItsPredecessorWithTheirScans() throws {
        let result = try run(["show", "（辽）JZ安许证字〔2021〕001234"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "(辽)JZ安许证字[2021]001234 — 安全生产许可证 (safety_production_license) — 2 version(s)")
        #expect(lines.contains("version 1 — superseded by version 2 — issued 2021-05-10, valid until 2024-05-09"))
        #expect(lines.contains("version 2 — current — issued 2024-05-10, valid until 2027-05-09 (valid, 168 days left)"))
        let scans = lines.filter { $0.hasPrefix("  scan:") }
        #expect(scans.count == 2 && scans[0].contains("in/licence-2021.pdf") && scans[1].contains("in/licence-2024.pdf"))

        let json = try run(["show", "(辽)JZ安许证字[2021]001234", "--json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let versions = (parsed?["certificates"] as? [[String: Any]])?.first?["versions"] as? [[String: Any]]
        #expect(versions?.map { $0["status"] as? String } == ["superseded", "current"])
    }

    @Test func showMasksACardNumberUnlessRevealedAndSaysWhatIsUnknown() throws {
        let masked = try run(["show", "T" + ComplianceFixture.zhangWei])
        #expect(masked.stdout.hasPrefix("T210***********4565 — 特种作业操作证"))
        #expect(masked.stdout.contains("review (复审) due 2025-06-15 (passed)"))
        #expect(!masked.stdout.contains(ComplianceFixture.zhangWei))
        let revealed = try run(["show", "T" + ComplianceFixture.zhangWei, "--reveal"])
        #expect(revealed.stdout.contains("T" + ComplianceFixture.zhangWei))
        let review = try run(["show", "辽建安A(2018)0012345"])
        #expect(review.status == 0 && review.stdout.contains("not in the archive; in the review queue:"))
        let none = try run(["show", "D000000000"])
        #expect(none.status == 2 && none.stderr.contains("no record holds the certificate number D000000000"))
    }

    @Test func holderListsACompanysCertificatesStaffAndWhatIsMissing() throws {
        let result = try run(["holder", ComplianceFixture.hongyuan])
        #expect(result.status == 1, "its qualification expires within 7 days and it lacks an A")
        #expect(result.stdout == """
            沈阳宏远建筑工程有限公司 — company, credit code 91210102MA0ABC121T
            holds:
              enterprise_qualification  D221034567  valid until 2026-11-26  within_7, 4 days left
              safety_production_license  (辽)JZ安许证字[2021]001234  valid until 2027-05-09  valid, 168 days left  2 versions
            safety staff (安管人员 certificates naming the company):
              safety_assessment  辽建安B(2019)0101234  李明 (2101**********1236)  valid until 2028-02-28  valid, 463 days left
            missing:
              no current 安管人员 A certificate names the company
              no current 安管人员 C certificate names the company
            expiring:
              within_7  enterprise_qualification  D221034567  沈阳宏远建筑工程有限公司  2026-11-26 (4 days left)

            """, "孙立's A is still in review: not counted")
    }

    @Test func holderFindsAPersonByIDNumberAndSaysWhenNoneIsKnown() throws {
        let result = try run(["holder", ComplianceFixture.liMing, "--json"])
        let people = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let person = try #require(people?.first)
        #expect(person["id"] as? String == "2101**********1236")
        #expect((person["holds"] as? [[String: Any]])?.map { $0["certificate_number"] as? String }
            == ["辽建安B(2019)0101234", "辽建安B(2023)0205678"])
        #expect(person["employers"] as? [String] == ["沈阳宏远建筑工程有限公司"])
        let none = try run(["holder", "91000000000000000X"])
        #expect(none.status == 2 && none.stderr.contains("no company or person"))
    }

    @Test func anomaliesListTheExactFindingsWithTheirEvidence() throws {
        let register = folder.appendingPathComponent("register.csv")
        try "credit_code,name,established\n\(ComplianceFixture.haichuan),大连海川建设集团有限公司,2024-01-01\n"
            .write(to: register, atomically: true, encoding: .utf8)
        let result = try run(["anomalies", "--format", "jsonl", "--company-register", register.path])
        #expect(result.status == 1)
        let lines = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let found = lines.map { line in
            "\(line["rule"] as? String ?? "") " + ((line["records"] as? [[String: Any]]) ?? [])
                .map { ($0["source"] as? String ?? "") }.joined(separator: ",")
        }
        #expect(found == [
            "certificate_number.several_holders in/cso-zhao.pdf,in/cso-qian.pdf",
            "person.project_manager_at_several_companies in/b-hongyuan.pdf,in/b-haichuan.pdf",
            "certificate.issued_before_company_existed in/b-haichuan.pdf",
            "certificate.issued_before_company_existed in/haichuan.pdf",
        ])
        let calm = try CLI.run(["anomalies", "--archive", archive, "--as-of", "2026-11-22", "--company-register",
                                register.path, "--format", "text"])
        #expect(calm.stdout.hasSuffix("4 anomaly(ies)\n"))
    }

    @Test func noMaskedOutputHoldsAWholeIDNumber() throws {
        let outputs = try [
            run(["show", "T" + ComplianceFixture.zhangWei]), run(["show", "辽A042019000123", "--json"]),
            run(["holder", ComplianceFixture.liMing]), run(["holder", ComplianceFixture.hongyuan, "--json"]),
            run(["holder", "赵强"]), run(["anomalies"]), run(["anomalies", "--format", "jsonl"]),
            run(["expiring", "--format", "jsonl", "--within", "3650"]),
        ]
        for output in outputs {
            #expect(!output.stdout.isEmpty)
            for number in ComplianceFixture.personalNumbers {
                #expect(!(output.stdout + output.stderr).contains(number))
            }
        }
    }
}

extension ComplianceCommandTests {
    @Test func theReportWritesItsPageAndTheSameNumbersAsCSV() throws {
        let out = folder.appendingPathComponent("report")
        let result = try run(["report", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("（7 份证书，1 项待审核）"))
        /// The file's text, with its byte-order mark written `\u{FEFF}` (Foundation's decoding would drop it).
        func csv(_ name: String) throws -> String {
            let bytes = try Data(contentsOf: out.appendingPathComponent(name + ".csv"))
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
            return (bom ? "\u{FEFF}" : "") + String(decoding: bom ? bytes.dropFirst(3) : bytes, as: UTF8.self)
        }
        #expect(try csv("validity") == "\u{FEFF}状态,证书数\r\n有效,3\r\n即将到期,2\r\n已过期,2\r\n无有效期,0\r\n",
                "the superseded 2021 licence is not counted, nor 赵强's card (its number's current version is 钱刚's); 李明's 海川 B has expired, and 张伟's 特种作业操作证 is past its 复审 (due 2025-06-15)")
        #expect(try csv("overdue-by-company") == """
            \u{FEFF}单位,证书数,已过期,过期率 %\r
            大连海川建设集团有限公司,2,1,50\r
            沈阳宏远建筑工程有限公司,3,0,0\r

            """)
        #expect(try csv("by-province").hasSuffix("省份,有效,即将到期,已过期,无有效期\r\n辽宁,3,2,2,0\r\n"))
        #expect(try csv("intake-per-day").contains(",9,1,0\r\n"), "nine accepted, one in review, taken in one day")
        #expect(try csv("review-backlog").hasSuffix("持证单位,1\r\n"))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count == 8, "a chart per table")
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"), "self-contained")
        #expect(html.contains("<h1>证书统计</h1>") && html.contains("<span>不合规的单位</span>"), "in Chinese")
        for number in ComplianceFixture.personalNumbers { #expect(!html.contains(number)) }
    }
}

extension ComplianceCommandTests {
    @Test func aFileNamedByAnIDNumberIsMaskedInTheQueueList() throws {
        let named = folder.appendingPathComponent("named.sqlite").path
        let database = try ArchiveDatabase(path: named)
        let runID = try database.beginRun(asOf: ComplianceFixture.asOf, arguments: "fixture")
        let page = ComplianceFixture.page(.specialOperation, ["holder": "张伟"], status: .review)
        try database.record(InputOutcome(source: "in/张伟_\(ComplianceFixture.zhangWei).jpg", sha256: "n", format: .jpeg,
                                         byteCount: 1, pages: [page], failure: nil, seconds: 0), runID: runID)
        let list = try CLI.run(["review", "list", "--archive", named])
        #expect(list.status == 0 && list.stdout.contains("in/张伟_2101**********4565.jpg#1"))
        #expect(!list.stdout.contains(ComplianceFixture.zhangWei))
    }
}
