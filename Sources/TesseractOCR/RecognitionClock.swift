import Dispatch
import Synchronization

/// Time spent inside tesseract's recognition calls (layout analysis and recognition, orientation detection),
/// summed over every thread of the process: what the pipeline's own overhead is measured against.
public enum RecognitionClock {
    private static let nanoseconds = Atomic<UInt64>(0)

    public static var totalSeconds: Double { Double(nanoseconds.load(ordering: .relaxed)) / 1e9 }

    static func timing<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds.add(DispatchTime.now().uptimeNanoseconds - start, ordering: .relaxed) }
        return try body()
    }
}
