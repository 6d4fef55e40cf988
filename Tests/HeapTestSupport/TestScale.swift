// How long the long tests run.
//
// `swift test`, the README's command, is a debug build: the engine unoptimised and its
// assertions on, which is what catches an unchecked fast path going wrong. Every test runs
// there; the few that replay the library's half-million-object scenarios or thousands of GC
// cycles run a shorter stretch of the same work. A release build of the tests
// (`swift test -c release -Xswiftc -enable-testing`, CI's second step) or
// HEAPSCOPE_FULL_TESTS=1 runs them at full length.

import Foundation

public enum TestScale {
    /// Whether the long tests run at full length.
    public static let full: Bool = {
        #if DEBUG
        return ProcessInfo.processInfo.environment["HEAPSCOPE_FULL_TESTS"] == "1"
        #else
        return true
        #endif
    }()

    /// `long` at full length, `short` otherwise.
    public static func pick<T>(full long: T, short: T) -> T { full ? long : short }
}

/// When to run the invariant checker while stepping through a scenario: a budget of heap
/// words for the whole run, earned evenly step by step, and a check after a step whenever the
/// words earned pay for a check of the heap as it is (`Heap.invariantCheckWords`). A small
/// heap is checked after every step, a big one as often as the budget allows: the cost
/// follows the heap, not a step count.
public struct InvariantBudget {
    public let wordsPerStep: Int
    var credit = 0
    public private(set) var checks = 0

    public init(totalWords: Int, steps: Int) { wordsPerStep = max(1, totalWords / max(1, steps)) }

    /// Whether to check now, given what a check of the heap costs (`Heap.invariantCheckWords`);
    /// `last` forces a check.
    public mutating func due(cost: Int, last: Bool = false) -> Bool {
        credit += wordsPerStep
        guard credit >= cost || last else { return false }
        credit = max(0, credit - cost)
        checks += 1
        return true
    }
}
