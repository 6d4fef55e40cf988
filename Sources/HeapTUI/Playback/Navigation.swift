// Moving through a scenario: the one kind of work in the view that can take long (a jump to
// step 1,500,000 replays from a checkpoint; one step may be a whole GC cycle of a million
// objects). It is described as a value (`Navigation`) so that the terminal loop can run it on
// another thread while it keeps reading keys and signals, and it carries a token
// (`NavigationProgress`) through which the loop sees how far it got and can cancel it. The
// token is checked between steps; a cancelled navigation's result is thrown away.

import Synchronization

/// Where a key or a tick asks the playback to go.
public enum Navigation: Equatable, Sendable {
    case forward
    case back
    case seek(Int)
    case nextMark
    case previousMark
    /// While playing: up to this many steps, stopping at a pause.
    case play(steps: Int)
}

/// Shared between a navigation running on a worker thread and the loop that waits for it.
public final class NavigationProgress: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let step = Atomic<Int>(0)

    public init() {}

    /// Asks the navigation to stop at its next step.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// The step the navigation has reached (for "working… step N").
    public var reached: Int { step.load(ordering: .relaxed) }
    func note(_ s: Int) { step.store(s, ordering: .relaxed) }
}
