import Foundation
import NIOCore

/// What the archive keeps of the notices sent: which went to which channel.
public protocol NoticeLog: Sendable {
    func sentNotices(channel: String) throws -> Set<String>
    func recordSentNotices(_ notices: [(digest: String, kind: String)], channel: String) throws
}

/// Sends each channel the notices it has not had yet, and remembers them once delivered. A channel that cannot
/// deliver keeps its notices unsent: the next run sends them, and the other channels are not held back.
public struct Notifier: Sendable {
    let channels: [any NoticeChannel]
    let log: any NoticeLog

    public init(channels: [any NoticeChannel], log: any NoticeLog) {
        self.channels = channels; self.log = log
    }

    /// The channels made from the settings.
    public init(settings: NotifySettings, log: any NoticeLog) {
        self.init(channels: settings.channels.map(Self.channel), log: log)
    }

    public struct Delivery: Sendable {
        public var channel: String
        /// Notices delivered now.
        public var sent: Int
        /// Why the channel could not deliver; its notices stay unsent.
        public var failure: String?
    }

    public func deliver(_ notices: [Notice], title: String) async throws -> [Delivery] {
        var deliveries: [Delivery] = []
        for channel in channels {
            let sent = try log.sentNotices(channel: channel.label)
            let due = notices.filter { !sent.contains($0.digest) }
            guard !due.isEmpty else {
                deliveries.append(Delivery(channel: channel.label, sent: 0))
                continue
            }
            do {
                try await channel.send(sent.isEmpty ? Self.firstRun(due) : due, title: title)
            } catch {
                deliveries.append(Delivery(channel: channel.label, sent: 0, failure: "\(error)"))
                continue
            }
            try log.recordSentNotices(due.map { ($0.digest, $0.kind.rawValue) }, channel: channel.label)
            deliveries.append(Delivery(channel: channel.label, sent: due.count))
        }
        return deliveries
    }

    /// A channel's first run: the certificates that lapsed before anyone was told arrive as one digest line, not
    /// one message each (an archive of years holds hundreds); what falls due from now on is said one by one.
    /// Every lapse is remembered as sent all the same.
    static func firstRun(_ due: [Notice]) -> [Notice] {
        let lapsed = due.filter { $0.kind == .lapsed }
        guard lapsed.count > 3 else { return due }
        let digest = Notice(kind: .lapsed, key: "first-run-digest",
                            text: "首次提醒：档案中已有 \(lapsed.count) 份证书过期或复审逾期（明细见资质管理台的“已过期”一栏，"
                                + "或 certarchive expiring）；此后每份证书到期时单独提醒")
        return [digest] + due.filter { $0.kind != .lapsed }
    }

    static func channel(_ settings: NotifySettings.ChannelSettings) -> any NoticeChannel {
        let url = settings.url ?? ""
        let timeout = settings.timeoutSeconds.map { TimeAmount.seconds(Int64($0)) } ?? HTTPPost.defaultTimeout
        switch settings.kind {
        case .webhook: return WebhookChannel(label: settings.label, url: url, timeout: timeout)
        case .dingtalk:
            return RobotChannel(label: settings.label, url: url, secret: settings.secret, maximumBytes: 18_000,
                                dingTalk: true, timeout: timeout)
        case .wecom: return RobotChannel(label: settings.label, url: url, secret: nil, maximumBytes: 2_000, timeout: timeout)
        case .mail:
            return MailChannel(label: settings.label, to: settings.to ?? [], from: settings.from ?? "certarchive@localhost",
                               sendmail: settings.sendmail ?? "/usr/sbin/sendmail")
        }
    }
}
