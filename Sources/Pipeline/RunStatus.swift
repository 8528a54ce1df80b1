/// The exit statuses of `ingest`, one table for cron and scripts (README.md lists them). Without
/// `--detailed-exit-status` (implied by `--drop-folder`) a completed run exits 0 whatever it found.
public enum RunStatus: Int32, Comparable, Sendable {
    /// The run completed; with detailed statuses, everything read was accepted (or there was nothing new).
    case allAccepted = 0
    /// Some items wait in the review queue.
    case needsReview = 1
    /// Some inputs could not be read at all, or could not be moved out of the drop folder.
    case inputsFailed = 2
    /// The run itself could not proceed: bad settings, models, rules or archive.
    case runFailed = 3
    /// Stopped (Ctrl-C, SIGTERM) before every page was read: the rest stays queued; run again to resume.
    case stopped = 4
    /// Another run holds the archive or the drop folder: nothing was done.
    case busy = 5

    /// A run's status from what it found: stopped, then inputs that failed (read or moved), then items in review.
    public static func of(stopped: Bool, failedInputs: Int, review: Int) -> RunStatus {
        if stopped { return .stopped }
        return failedInputs > 0 ? .inputsFailed : review > 0 ? .needsReview : .allAccepted
    }

    public static func < (a: RunStatus, b: RunStatus) -> Bool { a.rawValue < b.rawValue }
}
