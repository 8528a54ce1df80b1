import Archive
import Foundation
import IngestCore
import PostgresNIO

extension PostgresArchive {
    /// Writes one input with all its items, their problems and their `created` and `corrected` events, in the
    /// caller's transaction (which checked the key first: `ensureKeyUnchanged`): as the SQLite archive writes them,
    /// row for row and hash for hash.
    func insertInput(_ outcome: InputOutcome, runID: Int64, in session: PostgresSession) throws {
        guard let inputID = try session.value("""
            INSERT INTO inputs (sha256, source, format, byte_count, page_count, status, reason, run_id, seconds, stored_at)
            VALUES (\(outcome.sha256), \(outcome.source), \(outcome.format?.rawValue), \(outcome.byteCount),
                    \(outcome.pageCount), \(outcome.failure == nil ? "read" : "failed"), \(outcome.failure?.message),
                    \(runID), \(outcome.seconds), \(URL(fileURLWithPath: outcome.source).standardizedFileURL.path))
            RETURNING id
            """, as: Int64.self) else { throw PostgresArchiveError.inconsistent("an input was stored without an id") }
        var chain = try EventAppender(session)
        for read in outcome.pages {
            let page = try sealer.seal(read)
            let record = try ItemRecord(sealed: page, inputID: inputID, runID: runID, source: outcome.source)
            let itemID = try insert(record, problems: page.problems, in: session)
            let state = ItemStates.state(status: record.status.rawValue, fields: record.fields, details: record.fieldDetails,
                                         flags: record.flags, problems: page.problems, thumbnail: record.thumbnail,
                                         identity: Self.identity(of: record, sha256: outcome.sha256),
                                         reviewImage: record.reviewImage)
            let verdict = page.status == .accepted
                ? "accepted" : "sent to review: " + page.problems.map(\.rule).joined(separator: ", ")
            try chain.append(AuditEvent(itemID: itemID, actor: EventActor.ingest.text, action: .created,
                                        newValue: page.status.rawValue, reason: "run \(runID): \(verdict)"), state: state)
            for (field, value) in page.fields.sorted(by: { $0.key < $1.key }) {
                for correction in value.corrections ?? [] {
                    try chain.append(AuditEvent(itemID: itemID, actor: EventActor.ingest.text, action: .corrected,
                                                field: field, oldValue: correction.from, newValue: correction.to,
                                                reason: correction.reason), state: state)
                }
            }
        }
        if let failure = outcome.failure {
            let record = ItemRecord(failedFileOf: inputID, runID: runID, source: outcome.source)
            let itemID = try insert(record, problems: [failure], in: session)
            let state = ItemStates.state(status: record.status.rawValue, fields: record.fields, details: record.fieldDetails,
                                         flags: record.flags, problems: [failure], thumbnail: nil,
                                         identity: Self.identity(of: record, sha256: outcome.sha256), reviewImage: nil)
            try chain.append(AuditEvent(itemID: itemID, actor: EventActor.ingest.text, action: .created,
                                        newValue: ItemStatus.failed.rawValue,
                                        reason: "run \(runID): failed: \(failure.message)"), state: state)
        }
    }

    private func insert(_ item: ItemRecord, problems: [Problem], in session: PostgresSession) throws -> Int64 {
        guard let itemID = try session.value("""
            INSERT INTO items (input_id, run_id, source, page, type, status, origin, fields, field_details, flags,
                               thumbnail, review_image, page_text, page_width, page_height, region, back_region)
            VALUES (\(item.inputID), \(item.runID), \(item.source), \(item.page), \(item.type.rawValue),
                    \(item.status.rawValue), \(item.origin?.rawValue), \(item.fields), \(item.fieldDetails), \(item.flags),
                    \(item.thumbnail.map { ByteBuffer(data: $0) }), \(item.reviewImage.map { ByteBuffer(data: $0) }),
                    \(item.pageText), \(item.pageWidth), \(item.pageHeight), \(item.region), \(item.backRegion))
            RETURNING id
            """, as: Int64.self) else { throw PostgresArchiveError.inconsistent("an item was stored without an id") }
        for problem in problems {
            try session.execute("""
                INSERT INTO problems (item_id, rule, field, message)
                VALUES (\(itemID), \(problem.rule), \(problem.field), \(problem.message))
                """)
        }
        return itemID
    }
}

extension PostgresArchive {
    /// What an item is of, as `ItemState` binds it.
    static func identity(of record: ItemRecord, sha256: String) -> ItemState.Identity {
        ItemState.Identity(type: record.type.rawValue, source: record.source, page: record.page, runID: record.runID,
                           inputID: record.inputID, sha256: sha256)
    }
}
