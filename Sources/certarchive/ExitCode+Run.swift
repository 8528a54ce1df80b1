import ArgumentParser

/// The exit statuses of `ingest`, one table for cron and scripts (README.md lists them). Without
/// `--detailed-exit-status` (implied by `--drop-folder`) a completed run exits 0 whatever it found.
enum RunStatus: Int32, Comparable {
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

    var exitCode: ExitCode { ExitCode(rawValue) }

    static func < (a: RunStatus, b: RunStatus) -> Bool { a.rawValue < b.rawValue }
}
