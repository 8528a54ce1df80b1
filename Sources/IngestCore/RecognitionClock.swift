import Dispatch
import Synchronization

/// Time spent inside recognition calls (tesseract's layout analysis and recognition, orientation detection),
/// summed over every thread that reports to it: what the pipeline's own overhead is measured against. A run makes
/// its own and hands it to the engines it makes, so two runs in one process never mix their figures.
public final class RecognitionClock: Sendable {
    private let nanoseconds = Atomic<UInt64>(0)

    public init() {}

    public var totalSeconds: Double { Double(nanoseconds.load(ordering: .relaxed)) / 1e9 }

    /// Runs `body`, adding its time to the clock.
    public func timing<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds.add(DispatchTime.now().uptimeNanoseconds - start, ordering: .relaxed) }
        return try body()
    }
}
