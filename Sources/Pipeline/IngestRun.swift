import Archive
import Foundation
import IngestCore

/// What one `ingest` run is asked to do.
public struct IngestRequest: Sendable {
    public var paths: [String]
    public var jobs: Int
    public var asOf: PrintedDate
    /// Files in folders that are never inputs (the archive's own files).
    public var excluded: Set<String>
    /// Take only files nothing has written to for this many seconds (drop folders); nil: take every file.
    public var settleSeconds: Double?

    public init(paths: [String], jobs: Int, asOf: PrintedDate, excluded: Set<String> = [], settleSeconds: Double? = nil) {
        self.paths = paths; self.jobs = jobs; self.asOf = asOf; self.excluded = excluded
        self.settleSeconds = settleSeconds
    }
}

/// What a run did.
public struct IngestResult: Sendable {
    public var runID: Int64
    public var summary: RunSummary
    /// Paths named on the command line that do not exist, and files that could not be opened.
    public var unreadablePaths: [String]
    /// The run was asked to stop before every page was read; the rest stays queued for the next run.
    public var stopped: Bool
    public var pagesLeft: Int
    /// Nothing was taken, read, refused or queued: the run was not recorded.
    public var foundNothing: Bool {
        summary.inputs == 0 && unreadablePaths.isEmpty && summary.pages == 0 && pagesLeft == 0
    }
    /// Workers the run used, and the seconds they spent inside tesseract (the run's `RecognitionClock`): the rest of
    /// workers × wall time is the pipeline's own overhead (rendering, preparation, extraction, rules, the archive,
    /// idle workers).
    public var workers: Int
    public var recognitionSeconds: Double

    /// tesseract's share of the workers' time, 0...1.
    public var recognitionShare: Double {
        let capacity = summary.seconds * Double(workers)
        return capacity > 0 ? min(1, recognitionSeconds / capacity) : 0
    }
}

/// Pages done out of the pages this run set out to read.
public struct RunProgress: Sendable {
    public var pagesDone: Int
    public var pagesTotal: Int
    public var elapsed: Double
}

/// An input the run is done with: its records are committed (or were in the archive already), so the file may
/// be moved now, to where its disposition says.
public struct SettledInput: Sendable {
    public var source: String
    public var sha256: String
    /// Whether every item of it was accepted, and why not.
    public var disposition: InputDisposition
}

/// What the caller hears while a run goes on. Called from the run's threads.
public struct RunObserver: Sendable {
    public var inputSettled: @Sendable (SettledInput) -> Void
    public var progress: @Sendable (RunProgress) -> Void
    /// Asked before each page: true once a stop was requested (pages in hand are finished and committed).
    public var shouldStop: @Sendable () -> Bool

    public init(inputSettled: @escaping @Sendable (SettledInput) -> Void = { _ in },
                progress: @escaping @Sendable (RunProgress) -> Void = { _ in },
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.inputSettled = inputSettled; self.progress = progress; self.shouldStop = shouldStop
    }
}
