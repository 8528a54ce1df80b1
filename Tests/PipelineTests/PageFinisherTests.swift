import Foundation
@testable import Pipeline
import Synchronization
import Testing

/// The worker's second thread: work handed over runs in order, off the worker's thread, and all of it before
/// `finishAll` returns; the worker is held back until the piece before has run (two pages in hand at most).
@Suite struct PageFinisherTests {
    @Test func everyPieceRunsInOrderBeforeFinishAllReturns() {
        let finisher = PageFinisher(stackSize: 1 << 20)
        let ran = Mutex<[Int]>([])
        let onWorkerThread = Mutex(false)
        let worker = Thread.current
        for piece in 0..<20 {
            finisher.hand {
                if Thread.current == worker { onWorkerThread.withLock { $0 = true } }
                Thread.sleep(forTimeInterval: piece % 5 == 0 ? 0.01 : 0)
                ran.withLock { $0.append(piece) }
            }
        }
        finisher.finishAll()
        #expect(ran.withLock { $0 } == Array(0..<20))
        #expect(!onWorkerThread.withLock { $0 })
    }

    @Test func theWorkerWaitsUntilThePieceBeforeHasRun() {
        let finisher = PageFinisher(stackSize: 1 << 20)
        let release = DispatchSemaphore(value: 0)
        finisher.hand { release.wait() }  // runs and blocks: a page being finished
        let second = Mutex(false)
        let handed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {  // the worker, with the next page recognised
            finisher.hand { second.withLock { $0 = true } }
            handed.signal()
        }
        #expect(handed.wait(timeout: .now() + 0.3) == .timedOut, "the next page was handed over while one was finishing")
        release.signal()
        #expect(handed.wait(timeout: .now() + 5) == .success)
        finisher.finishAll()
        #expect(second.withLock { $0 })
    }
}
