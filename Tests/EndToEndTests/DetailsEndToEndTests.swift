import Foundation
import Testing

/// The details a certificate prints for people (issue 32, item 12), through the real executable and engines:
/// every row of a 资质证书副本's 资质类别及等级, confirmed by a second recogniser; a 特种作业操作证 whose 操作项目
/// is another 作业类别's goes to review; the CSV names the details' columns in Chinese.
@Suite(.serialized) struct DetailsEndToEndTests {
    struct Truth: Decodable {
        var source: String
        var status: String
        var rule: String?
        var details: [String: String]
    }

    static let shared: Result<(items: [Exported], truth: [Truth], csv: String), any Error> = Result {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("archive.sqlite").path
        _ = try CLI.run(["ingest", CLI.repo.appendingPathComponent("fixtures/details").path, "--archive", archive,
                         "--report-dir", folder.appendingPathComponent("report").path, "--as-of", "2026-11-22"])
        let export = try CLI.run(["export", "--archive", archive, "--format", "jsonl", "--reveal"])
        let csv = try CLI.run(["export", "--archive", archive, "--format", "csv"])
        let text = try String(contentsOf: CLI.repo.appendingPathComponent("fixtures/details.jsonl"), encoding: .utf8)
        let truth = try text.split(separator: "\n").map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
        return (try Exported.parse(export.stdout), truth, csv.stdout)
    }

    @Test func everyDetailIsReadAsPrintedAndARuleThatNamesOneApplies() throws {
        let (items, truths, _) = try Self.shared.get()
        for truth in truths {
            let item = try #require(items.first { $0.fileName == truth.source })
            #expect(item.status == truth.status, "\(truth.source): \(item.problems.map(\.rule))")
            for (name, value) in truth.details {
                #expect(item.fields[name] == value, "\(truth.source) \(name)")
            }
            if let rule = truth.rule {
                #expect(item.problems.map(\.rule) == [rule], "\(truth.source)")
            }
        }
    }

    @Test func everyRowOfACopysQualificationsIsConfirmedByASecondRecogniser() throws {
        let copy = try #require(try Self.shared.get().items.first { $0.fileName == "qualification_copy.png" })
        #expect(copy.fields["qualification"]?.split(separator: "；").count == 3)
        #expect(copy.evidence?["qualification"] == "readers_agree")
    }

    @Test func theCSVHasAChineseColumnForEachDetail() throws {
        let header = try #require(try Self.shared.get().csv.split(separator: "\r\n").first)
        for heading in ["聘用单位", "主要负责人", "许可范围", "资质类别及等级", "职务", "作业类别", "操作项目"] {
            #expect(header.contains(heading), "\(heading) in \(header)")
        }
        let copy = try #require(try Self.shared.get().csv.split(separator: "\r\n").first { $0.contains("qualification_copy") })
        #expect(copy.contains("建筑工程施工总承包贰级；市政公用工程施工总承包叁级；地基基础工程专业承包一级"))
    }
}
