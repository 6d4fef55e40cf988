// The machine that runs a compiled scenario one step at a time.
//
// All of its state is a value: the heap (itself a value type), the program counter, the loop
// and call stacks, the variables (root slots by name, innermost scope last) and the seeded
// random generator. Copying a machine is a snapshot; running two copies the same way gives
// equal heaps, byte for byte. Rewind builds on this: keep copies every so many steps
// (checkpoints) and replay from the nearest one.
//
// A step is one action (`c := new(Conn)`, `gc step 10`, `say …`). The notes after it
// (`expect`, `bookmark`, `pause`) and the scope exits that follow it (a loop iteration's
// variables dying) belong to the same step. Step 0 is the start, with whatever notes come
// before the first action.

import HeapEngine

/// Runs a `Program` step by step over a simulated heap.
///
/// ```swift
/// var m = try ScenarioMachine(program: program)
/// while let step = m.step() { print(step.narration.first ?? "") }
/// ```
public struct ScenarioMachine: Sendable {
    public let program: Program
    public internal(set) var heap: Heap
    /// Index of the next instruction.
    var pc = 0
    /// Remaining iterations of the enclosing loops, innermost last.
    var loops: [Int] = []
    /// Return addresses of the calls under way.
    var callStack: [Int] = []
    /// Variables by name, innermost scope last.
    var scopes: [[String: RootID]] = [[:]]
    /// For each call under way, the first scope that belongs to it (callers' locals are hidden).
    var frameBase: [Int] = [0]
    var globals: [String: RootID] = [:]
    /// The goroutines by name (main is there from the start).
    var goroutineIDs: [String: GoroutineID] = ["main": .main]
    var rng: SeededRandom
    /// Layouts of the types registered with the heap, by TypeID.
    var typeLayouts: [Int32: GoLayout] = [:]
    var resolver: LayoutResolver
    var pendingAnswer: String?
    /// Objects looked at by `objects(colour)` queries: work counted against the limit with the
    /// collector's (`ScenarioLimits.maxWork`).
    var queryWork = 0
    public internal(set) var caption: String?
    /// The step last taken (0 before the first action).
    public private(set) var stepIndex = 0
    /// The record of step 0.
    public private(set) var startRecord: StepRecord
    /// Set when a step failed; the machine takes no further steps.
    public private(set) var failure: ScenarioRuntimeError?
    /// Whether steps record the engine's events (narration paths). Off for fast replays.
    public var recordsEvents: Bool {
        get { heap.recordsEvents }
        set { heap.recordsEvents = newValue }
    }

    public init(program: Program, recordEvents: Bool = true) throws(ScenarioRuntimeError) {
        self.program = program
        do {
            heap = try Heap(config: program.settings.config)
        } catch {
            throw ScenarioRuntimeError(location: SourceLocation(line: 1, column: 1), message: error.description, step: 0)
        }
        rng = SeededRandom(seed: program.settings.seed)
        resolver = program.types
        startRecord = StepRecord(index: 0, site: nil)
        heap.recordsEvents = recordEvents
        var record = StepRecord(index: 0, site: nil)
        record.narration = ["The heap starts empty: profile \(program.profile.name), \(heap.config.procs) P\(heap.config.procs == 1 ? "" : "s"), "
                            + "GOGC \(heap.config.gogc.map(String.init) ?? "off"), \(ByteCount(heap.config.arenaBytes)) arena, "
                            + "\(heap.config.collector == .stw ? "stop-the-world" : "concurrent") collector"
                            + (heap.config.memoryLimit.map { ", GOMEMLIMIT \(ByteCount(Int(clamping: $0)))" } ?? "")
                            + (heap.config.writeBarrier ? "" : ", write barrier OFF") + "."]
        if program.profile.pacer == .consMark {
            record.narration.append("go1.25 as heapscope models it: malloc headers, mcentral span sets, the page bitmap with its "
                                    + "first fit, the Go 1.18 pacer and the background scavenger as the release has them; no per-P page "
                                    + "cache, the scavenger's time from a cost model, go1.12's assists, and stacks and globals at 8 bytes a slot "
                                    + "(docs/profiles.md).")
        }
        finishStep(&record)
        startRecord = record
    }

    /// True when no step is left (the end was reached or a step failed).
    public var isFinished: Bool {
        // The compiler's count is exact: there are no conditionals.
        failure != nil || stepIndex >= program.stepCount
    }

    /// Takes the next step; nil when the scenario is over.
    public mutating func step() -> StepRecord? {
        guard failure == nil else { return nil }
        while true {
            switch program.instructions[pc] {
            case .end:
                return nil
            case .action(let action, let site):
                stepIndex += 1
                var record = StepRecord(index: stepIndex, site: site)
                if let a = pendingAnswer { record.answer = a; pendingAnswer = nil }
                pc += 1
                _ = heap.takeEvents()
                let cycleBefore = (heap.gc.numgc, heap.gc.phase)
                do {
                    try perform(action, site: site, into: &record)
                    heap.releaseHeld()
                    if !heap.config.writeBarrier && cycleBefore != (heap.gc.numgc, heap.gc.phase) {
                        reportLostObjects(into: &record)
                    }
                } catch {
                    collectEvents(into: &record)
                    let e = ScenarioRuntimeError(location: error.location, message: error.message, step: stepIndex)
                    record.error = e
                    record.caption = caption
                    failure = e
                    return record
                }
                collectEvents(into: &record)
                finishStep(&record)
                if heap.gc.workDone &+ queryWork > ScenarioLimits.maxWork {
                    // The estimate checked before running was too low: stop here, not later.
                    let e = ScenarioRuntimeError(location: site.location, message: "the collector has done more than \(ScenarioLimits.maxWork) units of work (pointer words scanned, roots marked, spans swept, objects counted), the limit for one run; the estimate before running was \(program.estimatedWork)", step: stepIndex)
                    record.error = e
                    failure = e
                }
                return record
            default:
                runControl()
            }
        }
    }

    /// Runs `n` steps without keeping their records; returns how many ran.
    @discardableResult
    public mutating func skip(_ n: Int) -> Int {
        var done = 0
        while done < n, step() != nil { done += 1 }
        return done
    }

    /// After an action: the notes and scope exits that belong to this step, up to the next action.
    mutating func finishStep(_ record: inout StepRecord) {
        loop: while true {
            switch program.instructions[pc] {
            case .action, .end:
                break loop
            case .attach(let a, let site):
                pc += 1
                switch a {
                case .pause: record.pause = true
                case .bookmark(let name): record.bookmarks.append(name)
                case .expect(let lhs, let op, let rhs):
                    record.expectations.append(check(lhs, op, rhs, site: site))
                }
            case .exitScope:
                // Say which variables end here: after this step the Objects panel no longer
                // shows them, and what only they held is unreachable.
                if heap.recordsEvents, let scope = scopes.last {
                    let ending = scope.filter { heap.roots[$0.value.index].value != 0 }.sorted { $0.value.index < $1.value.index }.map(\.key)
                    var function: String? = nil
                    if pc + 1 < program.instructions.count, case .ret = program.instructions[pc + 1],
                       let back = callStack.last, back > 0, case .call(let name, _) = program.instructions[back - 1] {
                        function = name
                    }
                    if !ending.isEmpty {
                        let names = ending.count == 1 ? ending[0] : ending.dropLast().joined(separator: ", ") + " and " + ending.last!
                        narrate(&record, (function.map { "\($0)() returns: " } ?? "The loop body ends: ")
                                + "\(names) \(ending.count == 1 ? "goes" : "go") out of scope, and what only \(ending.count == 1 ? "it" : "they") held is garbage now.")
                    }
                }
                runControl()
            default:
                runControl()
            }
        }
        record.caption = caption
    }

    /// Executes one control instruction.
    mutating func runControl() {
        switch program.instructions[pc] {
        case .enterScope:
            scopes.append([:])
            pc += 1
        case .exitScope:
            let scope = scopes.removeLast()
            for (_, id) in scope.sorted(by: { $0.value.index < $1.value.index }) { heap.dropRoot(id) }
            pc += 1
        case .loopStart(let count, let exit):
            if count == 0 { pc = exit } else { loops.append(count); pc += 1 }
        case .loopNext(let bodyStart):
            loops[loops.count - 1] -= 1
            if loops[loops.count - 1] > 0 { pc = bodyStart } else { loops.removeLast(); pc += 1 }
        case .call(_, let entry):
            callStack.append(pc + 1)
            frameBase.append(scopes.count)
            pc = entry
        case .ret:
            frameBase.removeLast()
            pc = callStack.removeLast()
        case .action, .attach, .end:
            break
        }
    }

    /// With the write barrier turned off (to teach what it prevents), says what the invariant
    /// checker finds once the collector has moved on: reachable objects that were freed.
    func reportLostObjects(into record: inout StepRecord) {
        let lost = heap.danglingPointers()
        guard !lost.isEmpty else { return }
        let named = lost.prefix(3).map { "\($0.root ?? describeWord($0.object, $0.word)) points to \(hexAddress($0.target))" }
        narrate(&record, "The invariant checker: " + named.joined(separator: "; ")
                + (lost.count > 3 ? "; and \(lost.count - 3) more such pointer\(lost.count == 4 ? "" : "s")" : "")
                + (lost.count == 1 ? ", which was" : " — each") + " freed while still reachable, what the write barrier would have kept alive.")
    }

    /// Word `word` of the object at `base` as a scenario would write it: `a.next`, `b[1]`, or
    /// "word 1 of 0xc000000010" when no variable holds the object.
    /// How a program names pointer word `word` of the object at `base`: ".next" for a struct
    /// field, "[3]" for raw memory or an element, ".buf[2].p" inside nested fields.
    public func fieldName(of base: UInt64, word: Int) -> String {
        guard let o = heap.findObject(base) else { return "[\(word)]" }
        let type = heap.slotType(o.span, o.slot)
        guard type != .rawPointers, var layout = typeLayouts[type.raw] else { return "[\(word)]" }
        var off = word * 8
        var out = ""
        // A backing array (make([]T, n)) holds several values of its type.
        if layout.size > 0 && off >= layout.size { out += "[\(off / layout.size)]"; off %= layout.size }
        // Types nest at most 64 deep (ScenarioLimits), so this loop ends.
        for _ in 0...64 {
            switch layout.shape {
            case .structure(let fields):
                guard let f = fields.first(where: { $0.offset <= off && off < $0.offset + $0.layout.size }) else { return out }
                out += "." + f.name
                off -= f.offset
                layout = f.layout
            case .array(_, let element):
                guard element.size > 0 else { return out }
                out += "[\(off / element.size)]"
                off %= element.size
                layout = element
            default:
                return out.isEmpty ? "[\(word)]" : out
            }
        }
        return out
    }

    func describeWord(_ base: UInt64, _ word: Int) -> String {
        let holder = names(pointingTo: base).first ?? hexAddress(base)
        guard let o = heap.findObject(base) else { return "word \(word) of \(holder)" }
        let type = heap.slotType(o.span, o.slot)
        if type == .rawPointers { return "\(holder)[\(word)]" }
        if let layout = typeLayouts[type.raw], case .structure(let fields) = layout.shape,
           let f = fields.first(where: { $0.offset <= word * 8 && word * 8 < $0.offset + $0.layout.size }) {
            return "\(holder).\(f.name)"
        }
        return "word \(word) of \(holder)"
    }

    mutating func collectEvents(into record: inout StepRecord) {
        guard heap.recordsEvents else { return }
        let events = heap.takeEvents()
        record.eventCount = events.count
        record.events = events.count > StepRecord.maxEvents ? Array(events.prefix(StepRecord.maxEvents)) : events
    }

    // MARK: - Variables

    /// The root slot a name refers to here: locals of the current call, then globals.
    func variable(_ name: String) -> RootID? {
        var i = scopes.count - 1
        let base = frameBase.last ?? 0
        while i >= base {
            if let id = scopes[i][name] { return id }
            i -= 1
        }
        return globals[name]
    }

    /// The names in scope with their values, innermost first (for the UI's roots list).
    public var visibleVariables: [(name: String, value: UInt64, global: Bool)] {
        var out: [(String, UInt64, Bool)] = []
        var seen: Set<String> = []
        let base = frameBase.last ?? 0
        for i in stride(from: scopes.count - 1, through: base, by: -1) {
            for (n, id) in scopes[i].sorted(by: { $0.key < $1.key }) where seen.insert(n).inserted {
                out.append((n, heap.roots[id.index].value, false))
            }
        }
        for (n, id) in globals.sorted(by: { $0.key < $1.key }) where seen.insert(n).inserted {
            out.append((n, heap.roots[id.index].value, true))
        }
        return out
    }

    /// The scenario function each live stack slot belongs to, by root index (slots of the
    /// top level are not listed): frames are told apart where names repeat (JSON's roots).
    public var functionOfRoot: [Int: String] {
        var out: [Int: String] = [:]
        for f in frameBase.indices.dropFirst() {
            // Frame f began at a call: the instruction before its return address.
            guard f - 1 < callStack.count, callStack[f - 1] > 0,
                  case .call(let name, _) = program.instructions[callStack[f - 1] - 1] else { continue }
            let end = f + 1 < frameBase.count ? frameBase[f + 1] : scopes.count
            for i in frameBase[f]..<min(end, scopes.count) { for id in scopes[i].values { out[id.index] = name } }
        }
        return out
    }

    /// Names that currently refer to the object at `address` (for the UI).
    public func names(pointingTo address: UInt64) -> [String] {
        visibleVariables.filter { $0.value == address }.map(\.name)
    }
}
