import ArgumentParser

/// The exit statuses of `ingest`, one table for cron and scripts (README.md lists them). Without
/// `--detailed-exit-status` a completed run exits 0 whatever it found.
enum RunStatus: Int32 {
    /// The run completed; with `--detailed-exit-status`, everything read was accepted (or there was nothing new).
    case allAccepted = 0
    /// Some items wait in the review queue.
    case needsReview = 1
    /// Some inputs could not be read at all (and maybe some need review).
    case inputsFailed = 2
    /// The run itself could not proceed: bad settings, models, rules or archive.
    case runFailed = 3

    var exitCode: ExitCode { ExitCode(rawValue) }
}
