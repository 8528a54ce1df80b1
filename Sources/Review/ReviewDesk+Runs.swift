import Archive
import IngestCore

/// A run's items ingest did not accept, as they stand now: what still waits, what failed, and what reviewers
/// decided since (the run's rejected.html is the run as it ended; this follows the reviewers).
public struct RunStanding: Sendable {
    public var runID: Int64
    public var waiting: [StoredItem]
    public var failed: [StoredItem]
    public var decided: [(item: StoredItem, decision: AuditEvent)]
}

extension ReviewDesk {
    public func standing(ofRun runID: Int64) throws -> RunStanding {
        var filter = ItemFilter()
        filter.runID = runID
        let items = try archive.items(filter)
        let decisions = try archive.reviewerDecisions(runID: runID)
        return RunStanding(
            runID: runID,
            waiting: items.filter { $0.status == .review },
            failed: items.filter { $0.status == .failed && decisions[$0.id] == nil },
            decided: items.compactMap { item in
                decisions[item.id].flatMap { item.status == .review ? nil : (item, $0) }
            })
    }
}
