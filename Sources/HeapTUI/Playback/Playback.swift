// Playback with rewind: the scenario machine is a value, so the playback keeps copies of it
// (checkpoints) every `interval` steps as it goes forward. Stepping back to step k restores
// the nearest checkpoint at or before k−1, replays to k−1 with narration off, and takes step k
// with narration on to recover its record. At most `interval` steps are replayed, so going
// back is as fast at step 1,000,000 as at step 10. Checkpoints share the heap's unchanged
// storage (copy-on-write), so they cost what changed between them.
//
// Whatever way a step is reached — forward, replayed on the way to a jump, found while looking
// for the next mark — the playback notes what it learned about it, so the view's history does
// not depend on how the person got there:
//
//   - marks: bookmarks, presenter pauses, questions (`ask`) and the steps that answer them
//     (the answer comes with the next step, so a jump must not pass it), and GC events — a phase change, or a cycle that
//     started or ended during the step (a `gc` statement runs a whole cycle inside one step);
//   - samples: HeapAlloc after every step computed (the MemStats sparkline).
//
// Every step up to the furthest one reached has been computed at least once (jumps replay from
// checkpoints the playback made by passing), so both are known for all of them.

import HeapEngine
import HeapScenario

/// A scenario being played: the current state, its step's record, and checkpoints for rewind.
public struct Playback: Sendable {
    public let program: Program
    /// The state after the current step.
    public private(set) var machine: ScenarioMachine
    /// What the current step did.
    public private(set) var record: StepRecord
    /// The heap before the current step, when it was taken with narration on (what the step
    /// changed, for highlighting freed and marked slots).
    public private(set) var heapBefore: Heap?
    /// `checkpoints[i]` is the state after step `i * interval`.
    private var checkpoints: [ScenarioMachine]
    /// Steps between checkpoints.
    public let interval: Int
    /// Bookmarks and presenter stops seen so far, by step.
    public private(set) var bookmarks: [Int: [String]] = [:]
    public private(set) var pauses: Set<Int> = []
    /// Steps that ask a question (`ask`).
    public private(set) var questions: Set<Int> = []
    /// Steps that reveal the previous step's answer: `]` stops there too, or a jump from the
    /// question would pass its answer.
    public private(set) var answers: Set<Int> = []
    /// Bookmarks and pauses still ahead, from the program alone (Program+MarkPreview.swift):
    /// the Timeline draws them before they are reached.
    public private(set) var bookmarksAhead: Set<Int> = []
    public private(set) var pausesAhead: Set<Int> = []
    public private(set) var questionsAhead: Set<Int> = []
    /// Steps during which the GC phase changed or a cycle started or ended, seen so far.
    public private(set) var phaseChanges: Set<Int> = []
    /// The furthest step reached.
    public private(set) var furthest = 0
    /// The span the view follows: what the latest step taken with narration on touched most
    /// (`StepChanges.primary`), and at which step. A jump narrates the last `followWindow`
    /// steps before its target, so that a step which touches no span shows the same span
    /// however it was reached.
    public private(set) var followed: (step: Int, span: SpanID, object: UInt64?)?
    public static let followWindow = 64
    /// HeapAlloc after each step, in 8-byte units, in chunks of `samplesPerChunk`.
    private var samples: [[UInt32]] = []

    /// The most checkpoints kept; the interval grows with the scenario so this holds.
    public static let maxCheckpoints = 256
    /// Memory the checkpoints may take between them. A checkpoint shares what did not change
    /// since the one before; the heap's words and bitmaps are kept in chunks (ChunkedStorage,
    /// PagedArray), but `h.spans`, one SpanID per arena page, is copied whole once touched:
    /// 4 bytes a page, 8 MiB for a 16 GiB arena. A big arena therefore gets fewer checkpoints (at least 16):
    /// stepping back replays more steps, on the worker thread, instead of holding gigabytes.
    public static let checkpointMemory = 512 << 20
    static let bytesPerArenaPage = MemoryLayout<SpanID>.stride

    /// How many checkpoints a heap with `arenaPages` pages gets.
    static func checkpointCount(arenaPages: Int) -> Int {
        max(16, min(maxCheckpoints, checkpointMemory / max(1, arenaPages * bytesPerArenaPage)))
    }
    static let samplesPerChunk = 4096

    /// `rewindable: false` for a playback that only goes forward (`run --frames`, `record`):
    /// it keeps no checkpoint but the start, so a long run in a big arena holds one heap.
    public init(program: Program, rewindable: Bool = true) throws(ScenarioRuntimeError) {
        self.program = program
        var m = try ScenarioMachine(program: program, recordEvents: false)
        interval = rewindable ? max(64, program.stepCount / Playback.checkpointCount(arenaPages: m.heap.mheap.arenaPages) + 1) : Int.max
        checkpoints = [m]
        m.recordsEvents = true
        machine = m
        record = m.startRecord
        noteSample()
        if !record.bookmarks.isEmpty { bookmarks[0] = record.bookmarks }
        if record.pause { pauses.insert(0) }
        if record.question != nil { questions.insert(0) }
        let preview = program.previewMarks()
        bookmarksAhead = Set(preview.bookmarks.keys)
        pausesAhead = preview.pauses
        questionsAhead = preview.questions
    }

    public var current: Int { machine.stepIndex }
    public var total: Int { program.stepCount }
    /// The step a failure stopped at, if one did.
    public var failure: ScenarioRuntimeError? { machine.failure }
    public var atEnd: Bool { machine.isFinished }

    /// HeapAlloc after step `k`, if that step has been computed.
    public func heapAlloc(at k: Int) -> UInt64? {
        let c = k / Self.samplesPerChunk, i = k % Self.samplesPerChunk
        guard k >= 0, c < samples.count, i < samples[c].count else { return nil }
        return UInt64(samples[c][i]) * 8
    }

    /// Whether step `k` carries a mark (`]` and `[` stop there).
    public func isMark(_ k: Int) -> Bool {
        bookmarks[k] != nil || pauses.contains(k) || questions.contains(k) || answers.contains(k) || phaseChanges.contains(k)
    }

    /// Takes the next step; false at the end.
    @discardableResult
    public mutating func forward() -> Bool {
        let before = machine
        guard let r = machine.step() else { return false }
        record = r
        heapBefore = before.heap
        if let p = StepChanges(record: r, heap: machine.heap, before: before.heap).primary {
            followed = (r.index, p.span, p.object)
        }
        note(r, before: before.heap)
        checkpointIfDue()
        return true
    }

    /// What the view follows at the current step: `followed`, if it is recent enough that
    /// every way of reaching this step saw it.
    public var followTarget: (span: SpanID, object: UInt64?)? {
        guard let f = followed, f.step <= current, current - f.step < Self.followWindow else { return nil }
        return (f.span, f.object)
    }

    /// Steps up to `k − 1` from where the machine is: quietly, except the last `followWindow`
    /// before `k`, which are narrated so that `followed` is what stepping there would give.
    /// False when `progress` was cancelled.
    private mutating func replay(toBefore k: Int, progress: NavigationProgress? = nil) -> Bool {
        let narrateFrom = k - Self.followWindow
        machine.recordsEvents = false
        while machine.stepIndex < k - 1 {
            if let progress {
                progress.note(machine.stepIndex)
                if progress.isCancelled { machine.recordsEvents = true; return false }
            }
            if machine.stepIndex >= narrateFrom {
                machine.recordsEvents = true
                guard forward() else { break }
            } else {
                guard forwardQuietly() else { break }
            }
        }
        machine.recordsEvents = true
        return true
    }

    /// One step with narration off, noting what it shows; false at the end.
    private mutating func forwardQuietly() -> Bool {
        let before = (phase: machine.heap.gc.phase, numgc: machine.heap.gc.numgc)
        guard let r = machine.step() else { return false }
        note(r, phase: before.phase, numgc: before.numgc)
        checkpointIfDue()
        return true
    }

    private mutating func checkpointIfDue() {
        let k = machine.stepIndex
        if k % interval == 0, k / interval == checkpoints.count {
            var copy = machine
            copy.recordsEvents = false
            checkpoints.append(copy)
        }
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
            heapBefore = nil
            followed = nil
            return true
        }
        // From the nearest checkpoint at or before k−1 (or from here, if that is closer).
        let from = min((k - 1) / interval, checkpoints.count - 1)
        if !(current <= k - 1 && current >= from * interval) {
            machine = checkpoints[from]
            followed = nil
        }
        guard replay(toBefore: k, progress: progress) else { return false }
        if machine.stepIndex == k - 1 { forward() }
        return true
    }

    public mutating func back() { seek(to: current - 1) }

    /// Goes forward to the next step with a bookmark, a pause or a GC event, stepping the
    /// playback itself (so the steps passed stay known and checkpointed); returns false when
    /// there is none before the end, or when `progress` was cancelled.
    public mutating func forwardToNextMark(progress: NavigationProgress? = nil) -> Bool {
        let start = current
        machine.recordsEvents = false
        var found = false
        while true {
            if let progress {
                progress.note(machine.stepIndex)
                if progress.isCancelled { machine.recordsEvents = true; return false }
            }
            guard forwardQuietly() else { break }
            if isMark(machine.stepIndex) { found = true; break }
        }
        // The step arrived at was taken with narration off: take it again with narration on,
        // from the nearest checkpoint (a copy before every step would cost a copy of the heap's
        // arrays per step).
        let k = machine.stepIndex
        machine.recordsEvents = true
        if k > start { retake(k) }
        return found
    }

    /// Computes step `k` again with narration on, from the nearest checkpoint before it.
    private mutating func retake(_ k: Int) {
        machine = checkpoints[min((k - 1) / interval, checkpoints.count - 1)]
        followed = nil
        _ = replay(toBefore: k)
        forward()
    }

    /// The previous marked step before `current` among those seen.
    public func previousMark() -> Int? {
        let marks = Set(bookmarks.keys).union(pauses).union(questions).union(answers).union(phaseChanges)
        return marks.filter { $0 < current }.max()
    }

    private mutating func note(_ r: StepRecord, before: Heap) {
        note(r, phase: before.gc.phase, numgc: before.gc.numgc)
    }

    private mutating func note(_ r: StepRecord, phase: GCPhase, numgc: Int) {
        if !r.bookmarks.isEmpty { bookmarks[r.index] = r.bookmarks }
        if r.pause { pauses.insert(r.index) }
        if r.question != nil { questions.insert(r.index) }
        if r.answer != nil { answers.insert(r.index) }
        let gc = machine.heap.gc
        if gc.phase != phase || gc.numgc != numgc { phaseChanges.insert(r.index) }
        furthest = max(furthest, r.index)
        noteSample()
    }

    private mutating func noteSample() {
        let k = machine.stepIndex
        let c = k / Self.samplesPerChunk, i = k % Self.samplesPerChunk
        while samples.count <= c { samples.append([]) }
        // Steps are computed in order from a checkpoint, and every step before one was
        // computed before it, so a chunk grows at its end or already holds the step.
        guard i >= samples[c].count else { return }
        if i > samples[c].count { samples[c] += Array(repeating: 0, count: i - samples[c].count) }
        samples[c].append(UInt32(clamping: machine.heap.heapAllocBytes / 8))
    }
}
