import Dispatch
import Foundation
import Synchronization

/// Ctrl-C or SIGTERM (systemd, kill): the first asks the run to stop — the pages in hand are finished and
/// committed, the rest stay queued in the archive for the next run; a second one ends the process at once
/// (the job queue makes that safe too: nothing committed is lost, nothing half-read was committed).
final class StopSignal: Sendable {
    private let requested = Atomic(false)
    /// Kept alive for the process's life; touched only by `install`, on the main thread.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    func install(onFirst: @escaping @Sendable (Int32) -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // delivered to the dispatch source instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if requested.exchange(true, ordering: .relaxed) { _exit(128 + number) }
                onFirst(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    var isRequested: Bool { requested.load(ordering: .relaxed) }
}
