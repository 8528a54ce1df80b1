import Foundation
import Yams

/// `pipelines/notify.yaml`: where warnings go, and when a backlog is one.
public struct NotifySettings: Decodable, Sendable {
    /// Days before expiry a warning is sent at, each once (default: compliance.yaml's `expiry_warning_days`).
    public var expiryWarningDays: [Int]?
    /// Items waiting for review above which a backlog warning goes out, once a day; nil: never.
    public var backlogThreshold: Int?
    /// The review server's address as people open it (`https://zizhi.example.cn`): each warning then links to
    /// its record (`…/items/12`). Nil: no links.
    public var deskURL: String?
    /// Who answers for a company: its name or credit code → mobile numbers a group robot @-mentions.
    public var mentions: [String: [String]]?
    public var channels: [ChannelSettings]

    enum CodingKeys: String, CodingKey {
        case expiryWarningDays = "expiry_warning_days", backlogThreshold = "backlog_threshold", channels
        case deskURL = "desk_url", mentions
    }

    public struct ChannelSettings: Decodable, Sendable {
        public enum Kind: String, Decodable, Sendable {
            /// A POST of generic JSON: `{"source": "certarchive", "notices": [{"kind", "text"}…]}`.
            case webhook
            /// A DingTalk group robot (钉钉自定义机器人): text messages, signed (加签) when `secret` is given.
            case dingtalk
            /// A WeCom group robot (企业微信群机器人): text messages; its key is in the URL.
            case wecom
            /// Mail through the system's sendmail interface (`sendmail -t -oi`).
            case mail
        }

        public var kind: Kind
        /// A name of its own (default: its kind), what the archive remembers each sent notice under.
        public var name: String?
        public var url: String?
        public var secret: String?
        public var to: [String]?
        public var from: String?
        public var sendmail: String?
        /// Seconds an HTTP channel waits for its answer (default 20). A message that arrived but was answered after
        /// this is sent again next run: each warning goes out at least once, and once when the receiver answers in time.
        public var timeoutSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case kind, name, url, secret, to, from, sendmail, timeoutSeconds = "timeout_seconds"
        }

        /// The name a notice is remembered under for this channel.
        public var label: String { name ?? kind.rawValue }
    }

    /// The settings in `file`, checked.
    public static func load(from file: URL) throws -> NotifySettings {
        let settings: NotifySettings
        do {
            settings = try YAMLDecoder().decode(NotifySettings.self, from: try String(contentsOf: file, encoding: .utf8))
        } catch {
            throw NotifySettingsError("cannot read \(file.path): \(error)")
        }
        for channel in settings.channels {
            switch channel.kind {
            case .webhook, .dingtalk, .wecom:
                guard let url = channel.url, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? "") else {
                    throw NotifySettingsError("\(file.path): channel \(channel.label) needs an http(s) url")
                }
            case .mail:
                guard !(channel.to ?? []).isEmpty else { throw NotifySettingsError("\(file.path): mail channel \(channel.label) needs to: [addresses]") }
            }
        }
        if let channel = settings.channels.first(where: { ($0.timeoutSeconds ?? 1) < 1 }) {
            throw NotifySettingsError("\(file.path): channel \(channel.label): timeout_seconds must be at least 1")
        }
        let labels = settings.channels.map(\.label)
        guard Set(labels).count == labels.count else {
            throw NotifySettingsError("\(file.path): two channels share a name; give each a name of its own")
        }
        if let days = settings.expiryWarningDays, days.isEmpty || days.contains(where: { $0 < 0 }) {
            throw NotifySettingsError("\(file.path): expiry_warning_days must list days, e.g. [7, 15, 30]")
        }
        return settings
    }
}

public struct NotifySettingsError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
