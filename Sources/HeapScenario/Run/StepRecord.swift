// What one step did, for the narration panel, `heapscope run` and the JSON output.

import HeapEngine

/// The outcome of one `expect`.
public struct ExpectationResult: Equatable, Sendable {
    public let site: SourceSite
    public let passed: Bool
    /// `HeapAlloc is 1024, expected == 1008` (or the values when it passed).
    public let detail: String
}

/// A problem that stops a run at a step: out of memory, a nil dereference, a freed object.
public struct ScenarioRuntimeError: Error, Equatable, Sendable {
    public let location: SourceLocation
    public let message: String
    public let step: Int
}

/// One step of a scenario: which statement ran, what the heap did, and what the scenario
/// said about it.
public struct StepRecord: Equatable, Sendable {
    /// 0 is the start (the heap as the settings make it); then 1, 2, …
    public let index: Int
    /// The statement (nil for step 0).
    public let site: SourceSite?
    /// What happened, in plain words: the statement's effect, then the runtime's path.
    public internal(set) var narration: [String] = []
    /// The engine's events (only when the machine records them), at most `maxEvents`.
    public internal(set) var events: [HeapEvent] = []
    /// How many events there were in all (more than `events.count` when cut).
    public internal(set) var eventCount = 0
    /// The caption in force (`say`).
    public internal(set) var caption: String?
    /// A question asked at this step (`ask`); its answer comes with the next step (on the
    /// last step, in this one's narration).
    public internal(set) var question: String?
    /// The answer to the previous step's question.
    public internal(set) var answer: String?
    /// Extra lines to show, such as a `layout` table.
    public internal(set) var output: [String] = []
    public internal(set) var bookmarks: [String] = []
    /// A presenter stop: playback pauses after this step.
    public internal(set) var pause = false
    public internal(set) var expectations: [ExpectationResult] = []
    public internal(set) var error: ScenarioRuntimeError?

    /// Events kept per step; a whole cycle can make a million.
    public static let maxEvents = 500

    public var failedExpectations: [ExpectationResult] { expectations.filter { !$0.passed } }
}
