import Archive
import ArgumentParser
import Compliance
import Extraction
import Foundation
import IngestCore
import Rules

/// `certarchive show NUMBER`: every version of a certificate, oldest first, with the scans that show it.
struct ShowCertificate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Every version of a certificate (renewals included) with its source scans.",
        discussion: """
            NUMBER as printed or as archived: full-width brackets and spaces are normalised as ingest normalises \
            them, e.g. '（辽）JZ安许证字〔2021〕001234'. The current version is the one that expires last; the \
            others are superseded. Exit status 1 when no record holds the number.
            """)

    @OptionGroup var options: ComplianceOptions
    @Argument(help: "The certificate number.") var number: String
    @Flag(help: "Show ID numbers (and 特种作业操作证 numbers) whole.") var reveal = false
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() throws {
        let root = try options.root()
        let models = try ExtractionModel.loadAll(from: root.appendingPathComponent("models"))
        let wanted = ExtractionModel.canonicalNumberForms(of: number, models: models)
        let archive = try options.openArchive()
        let matching = try options.summaries(archive, try options.scope(archive, reveal: reveal)).filter {
            $0.fields[FieldName.certificateNumber].map(wanted.contains) == true
        }
        let inReview = matching.filter { $0.status == .review }
        let lifecycles = CertificateLifecycle.of(matching.filter { $0.status == .accepted }.map(ArchivedCertificate.init))
        guard !lifecycles.isEmpty || !inReview.isEmpty else {
            let shown = Masking.redactingIDNumbers(in: number)
            printError(TerminalWords.load(data: options.data).pick("档案中没有证书编号为 \(shown) 的记录",
                                                                  "no record holds the certificate number \(shown)"))
            throw ExitCode(2)
        }
        let words = TerminalWords.load(data: options.data)
        let view = CertificateView(reveal: reveal, asOf: options.day, rules: try options.rules(),
                                   expiry: ExpiryWarnings(try options.settings()), words: words)
        if json {
            return print(OrderedJSON.object([
                ("certificates", .array(lifecycles.map(view.json))),
                ("in_review", .array(inReview.map(view.json))),
            ]).text)
        }
        var blocks = lifecycles.map(view.text)
        if !inReview.isEmpty, words.chinese {
            blocks.append((lifecycles.isEmpty ? "档案中没有；在待审核队列中：" : "尚未入档，在待审核队列中：")
                + inReview.map { "\n  第 \($0.id) 项  \($0.source)" + ($0.page.map { " 第 \($0) 页" } ?? "")
                    + "（\($0.rules.joined(separator: "、"))）" }.joined())
        } else if !inReview.isEmpty {
            blocks.append((lifecycles.isEmpty ? "not in the archive; in the review queue:" : "not yet archived, in the review queue:")
                + inReview.map { "\n  item \($0.id)  \($0.source)" + ($0.page.map { " page \($0)" } ?? "")
                    + "  (\($0.rules.joined(separator: ", ")))" }.joined())
        }
        printText(blocks.joined(separator: "\n\n"))
    }
}
