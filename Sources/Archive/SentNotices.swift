import Foundation
import GRDB

/// A row of `notices_sent`: a warning delivered to one channel.
struct SentNoticeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "notices_sent"

    var digest: String
    var channel: String
    var kind: String
    var sentAt: String

    enum CodingKeys: String, CodingKey {
        case digest, channel, kind
        case sentAt = "sent_at"
    }

    enum Columns {
        static let digest = Column(CodingKeys.digest)
        static let channel = Column(CodingKeys.channel)
    }
}

extension ArchiveDatabase {
    /// The digests of the notices already delivered to `channel`.
    public func sentNotices(channel: String) throws -> Set<String> {
        try writer.read { db in
            Set(try SentNoticeRecord.filter(SentNoticeRecord.Columns.channel == channel)
                .select(SentNoticeRecord.Columns.digest, as: String.self).fetchAll(db))
        }
    }

    /// Remembers notices delivered to `channel` (digest and kind each), in one transaction.
    public func recordSentNotices(_ notices: [(digest: String, kind: String)], channel: String) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try writer.write { db in
            for notice in notices {
                try SentNoticeRecord(digest: notice.digest, channel: channel, kind: notice.kind, sentAt: now)
                    .insert(db, onConflict: .ignore)
            }
        }
    }
}
