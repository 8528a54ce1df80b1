import Foundation
import Logging
import Pipeline
import Synchronization

/// Shows how a run is going: on a terminal a live bar on stderr (pages done/total, pages per second, time
/// left); off a terminal (cron, systemd, a pipe) a plain log line every `interval` seconds.
final class ProgressDisplay: Sendable {
    private let onTerminal: Bool
    private let interval: Double
    private let logger: Logger
    private let last = Mutex((shown: Date.distantPast, drawn: false))

    init(interval: Double, logger: Logger, onTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.interval = interval; self.logger = logger; self.onTerminal = onTerminal
    }

    func update(_ progress: RunProgress) {
        let finished = progress.pagesDone == progress.pagesTotal
        let due = last.withLock { state -> Bool in
            let wait = onTerminal ? 0.25 : interval
            guard finished || Date().timeIntervalSince(state.shown) >= wait else { return false }
            state.shown = Date()
            state.drawn = onTerminal
            return true
        }
        guard due else { return }
        let rate = progress.elapsed > 0 ? Double(progress.pagesDone) / progress.elapsed : 0
        let left = rate > 0 ? Double(progress.pagesTotal - progress.pagesDone) / rate : 0
        if onTerminal {
            let width = 30
            let filled = progress.pagesTotal > 0 ? width * progress.pagesDone / progress.pagesTotal : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = String(format: "\r\u{1B}[K[%@] %d/%d pages  %.2f pages/s  %@ left", bar,
                              progress.pagesDone, progress.pagesTotal, rate, Self.duration(left))
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            logger.notice("progress", metadata: [
                "pages": "\(progress.pagesDone)/\(progress.pagesTotal)",
                "pages_per_second": "\(String(format: "%.2f", rate))",
                "seconds_left": "\(Int(left.rounded()))",
            ])
        }
    }

    /// Ends the bar's line so what follows starts on a line of its own.
    func finish() {
        let drawn = last.withLock { state in
            defer { state = (Date.distantPast, false) }
            return state.drawn
        }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m"
            : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
