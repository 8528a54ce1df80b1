import Pipeline
import Testing

/// A run's exit status from what it found: a stop outranks failures, failures outrank review.
@Suite struct RunStatusTests {
    @Test func theWorstFindingDecides() {
        #expect(RunStatus.of(stopped: false, failedInputs: 0, review: 0) == .allAccepted)
        #expect(RunStatus.of(stopped: false, failedInputs: 0, review: 3) == .needsReview)
        #expect(RunStatus.of(stopped: false, failedInputs: 1, review: 3) == .inputsFailed)
        #expect(RunStatus.of(stopped: true, failedInputs: 1, review: 3) == .stopped)
        #expect(RunStatus.busy > .stopped && RunStatus.runFailed > .inputsFailed, "the worst of several runs is the highest")
    }
}
