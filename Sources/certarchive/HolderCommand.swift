import ArgumentParser
import Compliance
import Foundation
import IngestCore

/// `certarchive holder ID`: everything a company or person holds, and what is missing or expiring.
struct HolderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holder",
        abstract: "Everything a company or person holds, and what is missing or expiring.",
        discussion: """
            ID: a company's 统一社会信用代码 or a person's 身份证号 (or a name, which may match several holders: \
            they are listed). Companies are linked by credit code — a 安管人员 certificate names its company, \
            linked to the code the company's own certificates give —, people by 身份证号. What a construction \
            company must hold is set under construction_company in pipelines/compliance.yaml. Exit status: 0 \
            nothing missing, expired or within the first warning level; 1 something is; 2 no such holder.
            """)

    @OptionGroup var options: ComplianceOptions
    @Argument(help: "Credit code, ID number or name.") var id: String
    @Flag(help: "Show ID numbers (and 特种作业操作证 numbers) whole.") var reveal = false
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() throws {
        let settings = try options.settings()
        let archive = try options.openArchive()
        let records = try options.records(archive, try options.scope(archive, reveal: reveal))
        let lifecycles = CertificateLifecycle.of(records)
        let index = HolderIndex(records)
        let found = HolderStanding.find(id, lifecycles: lifecycles, index: index)
        let view = HolderView(certificates: CertificateView(reveal: reveal, asOf: options.day, rules: try options.rules(),
                                                            expiry: ExpiryWarnings(settings),
                                                            words: TerminalWords.load(data: options.data)),
                              index: index)
        guard !found.isEmpty else {
            if !archive.hasPersonalDataKey, id.count == 18, id.prefix(17).allSatisfy(\.isNumber) {
                printError(view.words.pick("档案中的身份证号已加密：按身份证号查人须提供档案密钥（--key-file）",
                    "the archive's ID numbers are encrypted: give its key (--key-file) to look a person up by ID number"))
                throw ExitCode(3)
            }
            let shown = Masking.redactingIDNumbers(in: id)
            printError(view.words.pick("档案已入档的记录中没有单位或个人 \(shown)",
                                                    "no company or person \(shown) in the archive's accepted records"))
            throw ExitCode(2)
        }
        let standings = found.map {
            HolderStanding.of($0, lifecycles: lifecycles, index: index, settings: settings, asOf: options.day)
        }
        if json {
            print(OrderedJSON.array(standings.map(view.json)).text)
        } else {
            printText(standings.map(view.text).joined(separator: "\n\n"))
        }
        let expiry = ExpiryWarnings(settings)
        if standings.contains(where: { !$0.missing.isEmpty || $0.warnings.contains(where: expiry.isUrgent) }) {
            throw ExitCode(1)
        }
    }
}
