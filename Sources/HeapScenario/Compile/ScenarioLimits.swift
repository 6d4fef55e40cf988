// The limits that keep any scenario finite: every one is checked before a step runs (most of
// them before the first step), so a runaway script ends with a message, never a hang.

import HeapEngine

/// How far a scenario may go.
public enum ScenarioLimits {
    /// Steps in one run: loops and calls multiplied out. A million-object scenario fits.
    public static let maxSteps = 10_000_000
    /// Steps, loop iterations and calls in one run: what the machine executes, including
    /// loops and calls that make no step.
    public static let maxExecuted = 100_000_000
    /// Expectations, bookmarks and pauses checked in one run, loops and calls multiplied out.
    public static let maxNotes = 10_000_000
    /// The collector's work in one run, in pointer words scanned plus spans swept: estimated
    /// before the first step (`WorkEstimate`) and counted while running (`Heap.gcWork`).
    /// About a minute of marking at heapscope's speed.
    public static let maxWork = 1 << 30
    /// Simulated time one `sleep` may cover.
    public static let maxSleepNanoseconds: Int64 = 24 * 3_600_000_000_000
    /// Simulated time a whole scenario may cover (a week).
    public static let maxTotalNanoseconds: Int64 = 7 * 24 * 3_600_000_000_000
    /// Nested function calls (checked before running, so the machine's call stack is bounded).
    public static let maxCallDepth = 32
    /// The most Ps a heap may have.
    public static let maxProcs = HeapConfig.maxProcs
    /// The largest byte count a scenario can write (the largest arena).
    public static let maxBytes = HeapConfig.maxArenaBytes
    /// Fields in one struct.
    public static let maxFields = 1_000
}
