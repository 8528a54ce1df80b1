import Foundation

/// What concurrent attempts came to, tallied from any thread.
public final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [String] = []

    public init() {}

    public func add(_ outcome: String) { lock.withLock { all.append(outcome) } }

    public var sorted: [String] { lock.withLock { all.sorted() } }
}
