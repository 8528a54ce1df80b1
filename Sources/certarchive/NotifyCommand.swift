import Archive
import ArgumentParser
import Compliance
import Foundation
import IngestCore
import Notify
import PostgresArchive
import Synchronization

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send new warnings — expiry at each warning level, lapses, anomalies, a review backlog — to people.",
        discussion: """
            For cron. Channels come from pipelines/notify.yaml: webhooks (generic JSON, DingTalk and WeCom group \
            robots) and mail through sendmail. Each warning goes to each channel once, remembered in the archive; a \
            channel that cannot deliver keeps its warnings for the next run. Exit status: 0 every new warning \
            delivered (or none new), 2 a channel could not deliver, 3 bad settings, 64 bad arguments.
            """)

    @OptionGroup var options: ComplianceOptions

    @Option(help: ArgumentHelp("The channels' settings (default: pipelines/notify.yaml of the data folder).", valueName: "file.yaml"))
    var settings: String?

    @Flag(help: "Print the warnings that would go out, to which channels, and send nothing.")
    var dryRun = false

    func run() throws {
        let root = try options.root()
        let file = try settings.map { try DataFolders.file($0, root: root) } ?? root.appendingPathComponent("pipelines/notify.yaml")
        let notify: NotifySettings
        do {
            notify = try NotifySettings.load(from: file)
        } catch let error as NotifySettingsError {
            printError("certarchive: \(error)")
            throw ExitCode(3)
        }
        let rules = try options.rules()
        var typeNames: [DocumentType: String] = [:]
        for type in DocumentType.allCases { typeNames[type] = rules.rules(for: type)?.name }
        let settings = try options.settings()
        var finder = NoticeFinder(thresholds: notify.expiryWarningDays ?? settings.expiryWarningDays,
                                  backlogThreshold: notify.backlogThreshold, typeNames: typeNames)
        finder.reviewEveryYears = settings.reviewEveryYears
        finder.deskURL = notify.deskURL
        finder.mentions = notify.mentions ?? [:]
        // The notices sent are kept in the archive, either store: each goes once, whichever host runs notify.
        let archive = try options.archiveOption.open()
        let day = options.day
        let notices = finder.notices(try options.records(archive, try options.scope(archive), statuses: nil), asOf: day)
        let title = "证书提醒 \(day.iso)"
        if dryRun {
            for notice in notices { print(notice.text) }
            let channels = notify.channels.map(\.label).joined(separator: ", ")
            print("\(notices.count) 条提醒；渠道：\(channels.isEmpty ? "（无）" : channels)")
            return
        }
        let notifier = Notifier(settings: notify, log: archive)
        let deliveries = try Self.waiting { try await notifier.deliver(notices, title: title) }
        for delivery in deliveries {
            print("\(delivery.channel)：" + (delivery.failure.map { "未送达（留待下次发送）：\($0)" }
                ?? "已发送 \(delivery.sent) 条新提醒"))
        }
        if notify.channels.isEmpty { print("\(file.path) 中没有渠道：未发送（\(notices.count) 条提醒待发）") }
        if deliveries.contains(where: { $0.failure != nil }) { throw ExitCode(2) }
    }

    /// The async delivery run to its end from the synchronous command line.
    static func waiting<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<T?>(nil)
        try Serve.block {
            let value = try await work()
            result.withLock { $0 = value }
        }
        guard let value = result.withLock({ $0 }) else { throw ExitCode(3) }
        return value
    }
}

extension ArchiveDatabase: NoticeLog {}
extension PostgresArchive: NoticeLog {}
