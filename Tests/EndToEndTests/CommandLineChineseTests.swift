import Foundation
import Testing

/// The command line's own words as a Chinese user has them by default (issue 32, item 6): every command that
/// prints text for people, run without `CERTARCHIVE_LANGUAGE`, says it in Chinese. What may stay in Latin letters:
/// paths, rule ids in brackets, certificate numbers, command lines to type, and the names of programs and units.
@Suite(.serialized) struct CommandLineChineseTests {
    static let shared: Result<(folder: URL, compliance: String, ingested: String, ingest: CLI.Result), any Error> = Result {
        let folder = try CLI.temporaryFolder()
        let compliance = folder.appendingPathComponent("compliance.sqlite").path
        try ComplianceFixture.build(at: compliance)
        let ingested = folder.appendingPathComponent("ingested.sqlite").path
        let inputs = try CLI.inputs(in: folder, samples: ["review_bad_credit_code.png", "安全生产许可证_辽宁.png"])
        let ingest = try CLI.run(["ingest", inputs.path, "--archive", ingested, "--report-dir", folder.path,
                                  "--as-of", ComplianceFixture.asOf], chinese: true)
        return (folder, compliance, ingested, ingest)
    }

    /// Words of three Latin letters or more (not inside a code), once paths, rule ids, numbers, command lines and known names are taken out.
    static func englishWords(in text: String) -> [String] {
        var text = text
        for pattern in [#/\S*\/\S*/#, #/certarchive [^\n）]*/#, #/[a-z_]+\.[a-z_]+/#, #/\([a-z_.]+\)/#] {
            text = text.replacing(pattern, with: " ")
        }
        let allowed: Set<String> = ["tesseract", "done", "quarantine", "JZ", "MB", "Asia", "Shanghai", "UTC"]
        // A word, not letters inside a code (91210102MA0ABC121T).
        return text.matches(of: /[A-Za-z0-9]+/).map { String($0.output) }
            .filter { $0.count >= 3 && $0.allSatisfy(\.isLetter) && !allowed.contains($0) }
    }

    private func run(_ arguments: [String], archive: KeyPath<(folder: URL, compliance: String, ingested: String, ingest: CLI.Result), String>)
        throws -> CLI.Result {
        let shared = try Self.shared.get()
        return try CLI.run(arguments + ["--archive", shared[keyPath: archive], "--as-of", ComplianceFixture.asOf], chinese: true)
    }

    private func expectChinese(_ result: CLI.Result, _ marker: String, _ command: String) {
        #expect(result.stdout.contains(marker), "\(command): \(result.stdout)")
        #expect(Self.englishWords(in: result.stdout).isEmpty, "\(command): \(Self.englishWords(in: result.stdout))")
    }

    @Test func ingestsSummaryIsInChinese() throws {
        let ingest = try Self.shared.get().ingest
        expectChinese(ingest, "页数 2：入档 1，待审核 1，未通过 0", "ingest")
        #expect(ingest.stdout.contains("内存峰值"))
    }

    @Test func theReviewQueueAnItemAndItsHistoryAreInChinese() throws {
        let shared = try Self.shared.get()
        let list = try CLI.run(["review", "list", "--archive", shared.ingested], chinese: true)
        expectChinese(list, "待审核 1 项", "review list")
        let id = try #require(list.stdout.split(separator: "\t").first.map(String.init))
        let show = try CLI.run(["review", "show", id, "--archive", shared.ingested], chinese: true)
        expectChinese(show, "统一社会信用代码：", "review show")
        #expect(show.stdout.contains("问题：") && show.stdout.contains("（credit_code.checksum）"), "\(show.stdout)")
        let history = try CLI.run(["history", id, "--archive", shared.ingested], chinese: true)
        expectChinese(history, "自动识别", "history")
        let refused = try CLI.run(["review", "approve", id, "--archive", shared.ingested, "--reviewer", "王审核"], chinese: true)
        #expect(refused.status == 2 && refused.stderr.contains("没有等待批准的修改"), "\(refused.stderr)")
    }

    @Test func showHolderAnomaliesAndExpiringAreInChinese() throws {
        expectChinese(try run(["show", "（辽）JZ安许证字〔2021〕001234"], archive: \.compliance), "第 1 版 — 已被第 2 版取代", "show")
        expectChinese(try run(["show", "T" + ComplianceFixture.zhangWei], archive: \.compliance), "复审日期", "show card")
        expectChinese(try run(["holder", ComplianceFixture.hongyuan], archive: \.compliance), "安管人员（写明本单位的安管人员证书）", "holder")
        expectChinese(try run(["holder", ComplianceFixture.liMing], archive: \.compliance), "个人，身份证号", "holder person")
        expectChinese(try run(["anomalies"], archive: \.compliance), "处异常", "anomalies")
        expectChinese(try run(["expiring"], archive: \.compliance), "有效期至", "expiring")
    }

    @Test func accountsAreListedInChinese() throws {
        let shared = try Self.shared.get()
        let archive = shared.folder.appendingPathComponent("accounts.sqlite").path
        try ComplianceFixture.build(at: archive)
        let added = try CLI.run(["user", "add", "li", "--role", "approver", "--archive", archive], input: "a long enough pass\n", chinese: true)
        expectChinese(added, "已添加账户 li：复核人", "user add")
        expectChinese(try CLI.run(["user", "list", "--archive", archive], chinese: true), "li  复核人", "user list")
    }
}
