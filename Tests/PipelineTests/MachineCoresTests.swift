@testable import Pipeline
import Foundation
import Testing

/// The cores a process may use, from Linux's affinity list, so that `taskset` and a container's cpuset size the
/// workers and their recognisers' threads.
@Suite struct MachineCoresTests {
    @Test func affinityListsAreCounted() {
        #expect(MachineCores.count(list: "0-1") == 2)
        #expect(MachineCores.count(list: "\t0-3,6,8-9") == 7)
        #expect(MachineCores.count(list: "0") == 1)
        #expect(MachineCores.count(list: "x") == nil)
        #expect(MachineCores.count(list: "3-1") == nil)
    }

    @Test func thisProcessHasAtLeastOneCoreAndNoMoreThanTheMachine() {
        #expect((1...max(1, ProcessInfo.processInfo.activeProcessorCount)).contains(MachineCores.available))
    }
}
