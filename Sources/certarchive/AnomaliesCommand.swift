import ArgumentParser
import Compliance
import Foundation
import IngestCore

/// `certarchive anomalies`: signs of 挂证 and other records that do not fit together, with the evidence.
struct AnomaliesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies",
        abstract: "Signs of 挂证 and records that do not fit together, each with the records and scans involved.",
        discussion: """
            Rules: person.several_companies (a person's current 安管人员 certificates name different companies), \
            person.project_manager_at_several_companies (项目负责人 B certificates at several companies in \
            overlapping periods), certificate_number.several_holders (one number on different holders), \
            certificate.issued_before_company_existed (needs the register of companies: company_register in \
            pipelines/compliance.yaml, or --company-register). Exit status: 0 none found, 1 some found.
            """)

    @OptionGroup var options: ComplianceOptions

    @Option(help: ArgumentHelp("The register of companies, a CSV file credit_code,name,established (default: "
                                + "company_register in pipelines/compliance.yaml).", valueName: "file"))
    var companyRegister: String?

    @Option(help: "text or jsonl.") var format: ListFormat = .text
    @Flag(help: "Show ID numbers (and 特种作业操作证 numbers) whole.") var reveal = false

    enum ListFormat: String, ExpressibleByArgument { case text, jsonl }

    func run() throws {
        let settings = try options.settings()
        let archive = try options.openArchive()
        let records = try options.records(archive, try options.scope(archive, reveal: reveal))
        let index = HolderIndex(records)
        let finder = AnomalyFinder(register: try register(configured: settings.companyRegister))
        let anomalies = finder.anomalies(CertificateLifecycle.of(records), index: index, asOf: options.day)
        let view = CertificateView(reveal: reveal, asOf: options.day, rules: try options.rules(),
                                   expiry: ExpiryWarnings(settings), words: TerminalWords.load(data: options.data))
        switch format {
        case .text:
            let count = view.words.pick("共 \(anomalies.count) 处异常", "\(anomalies.count) anomaly(ies)")
            printText(anomalies.map { text($0, view) }.joined(separator: "\n\n") + (anomalies.isEmpty ? "" : "\n\n") + count)
        case .jsonl:
            for anomaly in anomalies { print(json(anomaly, view).text) }
        }
        if !anomalies.isEmpty { throw ExitCode(1) }
    }

    /// `--company-register`, else the settings' file (relative to pipelines/), else none.
    func register(configured: String?) throws -> CompanyRegister? {
        try ComplianceOptions.register(explicit: companyRegister, configured: configured, root: try options.root())
    }

    func text(_ anomaly: Anomaly, _ view: CertificateView) -> String {
        let chinese = view.words.chinese
        var lines = chinese ? ["\(anomaly.chineseTitle)（\(anomaly.rule)）— \(anomaly.holderName)", "  \(anomaly.chinese)"]
            : ["\(anomaly.rule) — \(anomaly.holderName)", "  \(anomaly.message)"]
        for record in anomaly.evidence {
            let type = record.type
            let id = record.itemID.map(String.init) ?? "?"
            let cells = [chinese ? "第 \(id) 项" : "item \(id)", chinese ? view.typeName(type) : type.rawValue,
                         record.number.map { view.shown(FieldName.certificateNumber, $0, type) } ?? "",
                         record.holder ?? "", record.fields[FieldName.company] ?? "",
                         "\(record.fields[FieldName.issueDate] ?? "?")..\(record.fields[FieldName.expiryDate] ?? "")",
                         record.scan].filter { !$0.isEmpty }
            lines.append("    " + cells.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    func json(_ anomaly: Anomaly, _ view: CertificateView) -> OrderedJSON {
        .object([
            ("rule", .string(anomaly.rule)),
            ("holder", .string(anomaly.holderName)),
            ("message", .string(anomaly.message)),
            ("records", .array(anomaly.evidence.map { record in
                .object([
                    ("item", record.itemID.map { .int(Int($0)) } ?? .null),
                    ("type", .string(record.type.rawValue)),
                    ("certificate_number", .optional(record.number.map { view.shown(FieldName.certificateNumber, $0, record.type) })),
                    ("holder", .optional(record.holder)),
                    ("company", .optional(record.fields[FieldName.company])),
                    ("issue_date", .optional(record.fields[FieldName.issueDate])),
                    ("expiry_date", .optional(record.fields[FieldName.expiryDate])),
                    ("source", .string(record.source)),
                    ("page", record.page.map(OrderedJSON.int) ?? .null),
                ])
            })),
        ])
    }
}
