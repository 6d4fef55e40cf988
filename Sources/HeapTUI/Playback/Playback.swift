// Playback with rewind: the scenario machine is a value, so the playback keeps copies of it
// (checkpoints) every `interval` steps as it goes forward. Stepping back to step k restores
// the nearest checkpoint at or before k−1, replays to k−1 with narration off, and takes step k
// with narration on to recover its record. At most `interval` steps are replayed, so going
// back is as fast at step 1,000,000 as at step 10. Checkpoints share the heap's unchanged
// storage (copy-on-write), so they cost what changed between them.

import HeapEngine
import HeapScenario

/// A scenario being played: the current state, its step's record, and checkpoints for rewind.
public struct Playback: Sendable {
    public let program: Program
    /// The state after the current step.
    public private(set) var machine: ScenarioMachine
    /// What the current step did.
    public private(set) var record: StepRecord
    /// `checkpoints[i]` is the state after step `i * interval`.
    private var checkpoints: [ScenarioMachine]
    /// Steps between checkpoints.
    public let interval: Int
    /// Bookmarks and presenter stops seen so far, by step.
    public private(set) var bookmarks: [Int: [String]] = [:]
    public private(set) var pauses: Set<Int> = []
    /// Steps at which the GC phase changed (for `]` / `[`), seen so far.
    public private(set) var phaseChanges: Set<Int> = []
    /// The furthest step reached.
    public private(set) var furthest = 0

    /// The most checkpoints kept; the interval grows with the scenario so this holds.
    public static let maxCheckpoints = 256

    public init(program: Program) throws(ScenarioRuntimeError) {
        self.program = program
        var m = try ScenarioMachine(program: program, recordEvents: false)
        interval = max(64, program.stepCount / Playback.maxCheckpoints + 1)
        checkpoints = [m]
        m.recordsEvents = true
        machine = m
        record = m.startRecord
        note(record, phaseBefore: .off)
    }

    public var current: Int { machine.stepIndex }
    public var total: Int { program.stepCount }
    /// The step a failure stopped at, if one did.
    public var failure: ScenarioRuntimeError? { machine.failure }
    public var atEnd: Bool { machine.isFinished }

    /// Takes the next step; false at the end.
    @discardableResult
    public mutating func forward() -> Bool {
        let before = machine.heap.gc.phase
        guard let r = machine.step() else { return false }
        record = r
        note(r, phaseBefore: before)
        if r.index % interval == 0, r.index / interval == checkpoints.count {
            var copy = machine
            copy.recordsEvents = false
            checkpoints.append(copy)
        }
        furthest = max(furthest, r.index)
        return true
    }

    /// Goes to step `target` (clamped to 0…the last reachable step). With `progress`, reports
    /// each step replayed and stops early, returning false, once it is cancelled (the playback
    /// is then somewhere on the way and should be thrown away).
    @discardableResult
    public mutating func seek(to target: Int, progress: NavigationProgress? = nil) -> Bool {
        let k = max(0, min(target, total))
        if k == current { return true }
        if k == current + 1 { forward(); return true }
        if k == 0 {
            machine = checkpoints[0]
            machine.recordsEvents = true
            record = machine.startRecord
            return true
        }
        // From the nearest checkpoint at or before k−1 (or from here, if that is closer).
        let from = min((k - 1) / interval, checkpoints.count - 1)
        if !(current <= k - 1 && current >= from * interval) {
            machine = checkpoints[from]
        }
        machine.recordsEvents = false
        while machine.stepIndex < k - 1 {
            if let progress {
                progress.note(machine.stepIndex)
                if progress.isCancelled { return false }
            }
            if machine.stepIndex % interval == 0, machine.stepIndex / interval == checkpoints.count {
                checkpoints.append(machine)
            }
            let before = machine.heap.gc.phase
            guard let r = machine.step() else { break }
            note(r, phaseBefore: before)
            furthest = max(furthest, r.index)
        }
        machine.recordsEvents = true
        if machine.stepIndex == k - 1 { forward() }
        return true
    }

    public mutating func back() { seek(to: current - 1) }

    /// The next step after `current` with a bookmark, a pause or a phase change (searching
    /// forward at most `limit` steps); nil when there is none.
    public mutating func nextMark(limit: Int = 2_000_000, progress: NavigationProgress? = nil) -> Int? {
        let start = current
        var probe = self
        probe.machine.recordsEvents = false
        var n = 0
        while n < limit, probe.forwardQuietly() {
            if let progress {
                progress.note(probe.machine.stepIndex)
                if progress.isCancelled { return nil }
            }
            n += 1
            let s = probe.machine.stepIndex
            if probe.bookmarks[s] != nil || probe.pauses.contains(s) || probe.phaseChanges.contains(s) {
                mergeMarks(from: probe)
                return s > start ? s : nil
            }
        }
        mergeMarks(from: probe)
        return nil
    }

    /// The previous marked step before `current` among those seen.
    public func previousMark() -> Int? {
        let marks = Set(bookmarks.keys).union(pauses).union(phaseChanges)
        return marks.filter { $0 < current }.max()
    }

    private mutating func forwardQuietly() -> Bool {
        let before = machine.heap.gc.phase
        guard let r = machine.step() else { return false }
        note(r, phaseBefore: before)
        return true
    }

    private mutating func mergeMarks(from other: Playback) {
        bookmarks.merge(other.bookmarks) { a, _ in a }
        pauses.formUnion(other.pauses)
        phaseChanges.formUnion(other.phaseChanges)
    }

    private mutating func note(_ r: StepRecord, phaseBefore: GCPhase) {
        if !r.bookmarks.isEmpty { bookmarks[r.index] = r.bookmarks }
        if r.pause { pauses.insert(r.index) }
        if machine.heap.gc.phase != phaseBefore { phaseChanges.insert(r.index) }
    }
}
