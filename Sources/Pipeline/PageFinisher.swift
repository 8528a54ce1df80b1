import Foundation

/// A worker's second thread: it runs the work handed to it one piece at a time, in order, while the worker goes
/// on with the next page. `hand(_:)` waits until the piece before has run, so at most two pages are in a worker's
/// hands: one being finished here, one being recognised.
final class PageFinisher: @unchecked Sendable {
    private var waiting: (() -> Void)?
    private var running = false
    private var closed = false
    private let condition = NSCondition()
    private let done = DispatchGroup()

    /// `stackSize`: tesseract's recursion wants more than a secondary thread's default.
    init(stackSize: Int) {
        done.enter()
        let thread = Thread { [self] in
            defer { done.leave() }
            while let work = next() {
                work()
                ran()
            }
        }
        thread.stackSize = stackSize
        thread.start()
    }

    /// Hands over a piece of work; waits while the one handed before has not run.
    func hand(_ work: @escaping () -> Void) {
        condition.lock()
        while waiting != nil || running { condition.wait() }
        waiting = work
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until everything handed over has run; the thread then ends.
    func finishAll() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }

    private func next() -> (() -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while waiting == nil && !closed { condition.wait() }
        let work = waiting
        waiting = nil
        running = work != nil
        return work
    }

    private func ran() {
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
