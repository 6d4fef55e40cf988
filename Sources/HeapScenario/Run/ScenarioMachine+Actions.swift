// Performing one action: allocations through mallocgc, pointer stores through the write
// barrier, roots, collector commands, time, and the teaching actions.

import HeapEngine

/// A problem with a position, thrown inside a step.
struct StepFailure: Error {
    let location: SourceLocation
    let message: String
}

extension ScenarioMachine {
    mutating func perform(_ action: Action, site: SourceSite, into record: inout StepRecord) throws(StepFailure) {
        switch action {
        case .declare(let name, let rhs, let stack):
            let value = try evaluate(rhs, name: name)
            let id = heap.addRoot(name: name, kind: .stack(goroutine: stack), value: value)
            scopes[scopes.count - 1][name] = id
            narrate(&record, describe(name, value, verb: rhs.source.allocates ? "points to the new object" : "is"))
        case .goroutine(let name, let p):
            do { goroutineIDs[name] = try heap.addGoroutine(name: name, p: p) } catch {
                throw StepFailure(location: site.location, message: error.description)
            }
            narrate(&record, "go: goroutine \(name) starts on p\(p) with a stack of its own"
                    + (heap.gc.phase == .mark ? "; marking is under way, and a new goroutine's empty stack counts as already scanned." : "."))
        case .readMemStats:
            // Each flushes or reads every P's mcache: work that grows with the Ps (limits).
            queryWork &+= heap.mcaches.count &* program.profile.numSpanClasses
            let st = heap.readMemStatsFlushing()
            narrate(&record, "runtime.ReadMemStats stops the world and flushes every mcache: the tiny blocks are dropped and partly used spans go back to mcentral's \(heap.profile.mcentralShape == .spanSets ? "partial swept set" : "nonempty list"). HeapAlloc \(st.heapAlloc), HeapObjects \(st.heapObjects).")
        case .varDecl(let name, let stack):
            let id = heap.addRoot(name: name, kind: .stack(goroutine: stack), value: 0)
            scopes[scopes.count - 1][name] = id
            narrate(&record, "\(name) is a new stack slot of goroutine \(stack), nil for now.")
        case .assign(let path, let rhs):
            let value = try evaluate(rhs, name: path.text)
            let place = try resolve(path)
            switch place {
            case .root(let id):
                // A global is written through the barrier (a stack slot is not): said as for a
                // heap word, half by half (a nil half shades nothing).
                let barrier = heap.roots[id.index].kind == .global && heap.gc.writeBarrierEnabled
                let old = heap.roots[id.index].value
                let wasMarked = (old: isMarked(old), new: isMarked(value))
                heap.setRoot(id, value)
                narrate(&record, describe(path.text, value, verb: "now holds")
                        + (barrier ? " " + barrierNarration(old: old, new: value, wasMarked: wasMarked, goroutine: rhs.goroutine ?? "main") : ""))
            case .word(let obj, let word):
                let barrier = heap.gc.writeBarrierEnabled
                let old = (try? heap.loadPointer(from: obj, word: word)) ?? 0
                let wasMarked = (old: isMarked(old), new: isMarked(value))
                do { try heap.storePointer(into: obj, word: word, value: value) } catch {
                    throw StepFailure(location: path.location, message: error.description)
                }
                let g = rhs.goroutine ?? "main"
                narrate(&record, (g == "main" ? "" : "\(g): ") + "word \(word) of the object at \(hexAddress(obj)): " + describe(path.text, value, verb: "now holds")
                        + (barrier ? " " + barrierNarration(old: old, new: value, wasMarked: wasMarked, goroutine: g) : ""))
            }
        case .global(let name, let rhs):
            let value = try rhs.map { r throws(StepFailure) in try evaluate(r, name: name) } ?? 0
            globals[name] = heap.addRoot(name: name, kind: .global, value: value)
            narrate(&record, describe(name, value, verb: "is a global root; it holds"))
        case .drop(let list):
            // The tiny blocks the dropped variables pointed into that a P still allocates from:
            // those are not garbage (the next cycle shades them, gcMarkTinyAllocs).
            var keptBlocks: [(block: UInt64, p: Int, names: [String])] = []
            // Whose stack each variable was on: a stack slot ends on its own goroutine (as when
            // the function holding it returns there), whichever goroutine the script was on.
            var owners: [String] = []
            for (name, loc) in zip(list.names, list.locations) {
                guard let i = scopes.indices.last(where: { $0 >= (frameBase.last ?? 0) && scopes[$0][name] != nil }),
                      let id = scopes[i][name] else {
                    throw StepFailure(location: loc, message: "\(name) is not a variable here")
                }
                let v = heap.roots[id.index].value
                if v != 0, let o = heap.findObject(v), let p = heap.mcaches.indices.first(where: { heap.mcaches[$0].tiny == o.base }) {
                    if let k = keptBlocks.firstIndex(where: { $0.block == o.base }) { keptBlocks[k].names.append(name) } else { keptBlocks.append((o.base, p, [name])) }
                }
                if case .stack(let g) = heap.roots[id.index].kind { owners.append(g) } else { owners.append("main") }
                heap.dropRoot(id)
                scopes[i][name] = nil
            }
            let owner = Set(owners).count == 1 ? owners[0] : nil
            let names = owner != nil ? list.names.joined(separator: ", ")
                : zip(list.names, owners).map { $0.1 == "main" ? $0.0 : "\($0.0) (on \($0.1)'s stack)" }.joined(separator: ", ")
            narrate(&record, (owner.map { $0 == "main" ? "" : "\($0): " } ?? "") + "\(names) no longer hold\(list.names.count == 1 ? "s" : "") anything: "
                                    + "what only \(list.names.count == 1 ? "it" : "they") kept alive is now garbage, which the next cycle finds unmarked and its sweep frees"
                                    + (keptBlocks.isEmpty ? "." : " (but " + keptBlocks.map { "the tiny block \(hexAddress($0.block)) that \($0.names.joined(separator: ", ")) pointed into stays: p\($0.p)'s mcache still allocates from it, and the next cycle shades it" }.joined(separator: "; ") + ")."))
        case .gc(let cmd):
            // Each flushes or reads every P's mcache: work that grows with the Ps (limits).
            queryWork &+= heap.mcaches.count &* program.profile.numSpanClasses
            let text = gcCommand(cmd)  // runs the collector: never inside the lazy narration
            narrate(&record, text)
        case .sweep:
            let did = heap.sweepone()
            narrate(&record, did ? "sweepone swept one span." : "sweepone: no span is left to sweep.")
        case .setGCPercent(let p):
            // Each flushes or reads every P's mcache: work that grows with the Ps (limits).
            queryWork &+= heap.mcaches.count &* program.profile.numSpanClasses
            let old = heap.setGCPercent(p)
            narrate(&record, "debug.SetGCPercent(\(p.map(String.init) ?? "-1")): GOGC was \(old.map(String.init) ?? "off"), now \(p.map(String.init) ?? "off"); "
                                    + (p == nil ? "no cycle will start by itself." : "the heap goal (NextGC) is now \(heap.readMemStats().nextGC) bytes."))
        case .sleep(let ns):
            let before = heap.gc.numgc, beforeScav = heap.gc.nscavenge
            let underWay = heap.gc.phase != .off && heap.gc.phase != .sweep
            heap.advanceTime(nanoseconds: ns)
            var s = "Simulated time moves on \(Duration.text(ns)) (now \(Duration.clock(heap.nanotime)))."
            if heap.gc.numgc > before {
                // Cycles that ended while time passed: the one under way when the program went
                // to sleep (idle workers finished it), and sysmon's forced ones. Counted, not
                // read from the list of recent cycles, which keeps only the last few hundred.
                let other = underWay ? 1 : 0
                let forced = heap.gc.numgc - before - other
                if other > 0 { s += " \(other == 1 ? "The cycle under way" : "\(other) cycles") finished: with the program asleep every P ran idle mark workers." }
                if forced > 0 { s += " sysmon forced \(forced) GC cycle\(forced == 1 ? "" : "s") (2 minutes without one)." }
            }
            let runs = heap.gc.nscavenge - beforeScav
            if runs > 0 { s += " The scavenger ran " + (runs == 1 ? "once." : runs == 2 ? "twice." : "\(runs) times.") }
            narrate(&record, s)
        case .scavenge:
            let bytes = heap.backgroundScavenge()
            if program.profile.pageAllocator == .bitmap {
                let goal = heap.gc.pacer118.scavengeGoal
                narrate(&record, "The background scavenger released \(Self.pages(bytes, program.profile.pageSize)), highest addresses first, "
                        + (goal == .max ? "(no retained-heap goal yet: it is set when a cycle ends)." : "down to its goal of \(ByteCount(Int(clamping: goal))) retained."))
            } else {
                narrate(&record, "The scavenger released \(Self.pages(bytes, program.profile.pageSize)) of spans unused for over 5 minutes.")
            }
        case .freeOSMemory:
            // Each flushes or reads every P's mcache: work that grows with the Ps (limits).
            queryWork &+= heap.mcaches.count &* program.profile.numSpanClasses
            let bytes = heap.freeOSMemory()
            narrate(&record, "debug.FreeOSMemory: a full GC, then \(Self.pages(bytes, program.profile.pageSize)) of free \(program.profile.pageAllocator == .bitmap ? "pages" : "spans") returned to the OS.")
        case .say(let text):
            caption = text
            narrate(&record, text)
        case .ask(let q, let a):
            record.question = q
            narrate(&record, "Question: \(q)")
            // The answer comes with the next step; on the last step there is none, so it
            // comes now, in the narration (the step count is exact: there are no conditionals).
            if stepIndex >= program.stepCount { narrate(&record, "Answer (this is the last step): \(a)") } else { pendingAnswer = a }
        case .layout(let l):
            record.output = LayoutReport.lines(for: l, profile: program.profile)
            narrate(&record, "The layout of \(l.name): \(l.size) bytes, \(l.pointerOffsets.count) pointer word\(l.pointerOffsets.count == 1 ? "" : "s").")
        }
    }

    /// Whether `p` points to a marked object (nil and non-objects: no).
    func isMarked(_ p: UInt64) -> Bool {
        guard p != 0, let o = heap.findObject(p) else { return false }
        return heap.isMarked(o.span, o.slot)
    }

    /// What each half of the hybrid write barrier did on a store (mbarrier.go): shade(*slot)
    /// for the old target, shade(ptr) for the new one; go1.12 does both on every store.
    func barrierNarration(old: UInt64, new: UInt64, wasMarked: (old: Bool, new: Bool), goroutine: String) -> String {
        func name(_ p: UInt64) -> String {
            let n = names(pointingTo: p)
            return n.isEmpty ? hexAddress(p) : "\(n[0]) (\(hexAddress(p)))"
        }
        var parts: [String] = []
        if old == 0 {
            parts.append("the deletion half had nothing to shade (the old value was nil)")
        } else if wasMarked.old {
            parts.append("the deletion half found the old target \(name(old)) already marked")
        } else {
            parts.append("the deletion half (shade(*slot)) shaded the old target \(name(old)) grey, so a stack that loaded it cannot hide it")
        }
        if new == 0 {
            parts.append("the insertion half had nothing to shade (the new value is nil)")
        } else if wasMarked.new {
            parts.append("the insertion half found the new target \(name(new)) already marked")
        } else {
            let stack = goroutineIDs[goroutine].flatMap { heap.stackColor($0) }
            parts.append("the insertion half (shade(ptr)) shaded the new target \(name(new)) grey"
                         + (stack == .grey ? ": \(goroutine)'s stack is still grey, so without it the object could hide in a black one" : ""))
        }
        // The runtime queues both pointers in the P's write barrier buffer and shades them in
        // batches (runtime/mwbbuf.go, wbBufFlush1); heapscope shades at the store. Said where
        // it matters: when a half shaded something.
        let shaded = (old != 0 && !wasMarked.old) || (new != 0 && !wasMarked.new)
        return "Write barrier: " + parts.joined(separator: "; ") + "."
            + (shaded ? " (The runtime queues both in the P's wbBuf and shades them in batches; heapscope shades at once.)" : "")
    }

    /// What gcMarkTinyAllocs did at this cycle's start, in the gcStart narration.
    static func tinyBlocksBlackened(_ heap: Heap) -> String {
        let n = heap.mcaches.filter { $0.tiny != 0 }.count
        return n == 0 ? "no P has a tiny block to blacken" : n == 1 ? "one P's tiny block blackened" : "\(n) Ps' tiny blocks blackened"
    }

    /// "3 pages (24 KiB)" for a byte count.
    static func pages(_ bytes: Int, _ pageSize: Int) -> String {
        let n = bytes / pageSize
        return "\(n) page\(n == 1 ? "" : "s") (\(ByteCount(bytes)))"
    }

    func describe(_ name: String, _ value: UInt64, verb: String) -> String {
        if value == 0 { return "\(name) \(verb == "points to the new object" ? "is" : verb) nil." }
        if value == Heap.zerobase { return "\(name) \(verb) &zerobase (\(hexAddress(value))): zero-size objects take no memory." }
        guard let o = heap.findObject(value) else { return "\(name) \(verb) \(hexAddress(value))." }
        let s = heap.mheap.allspans[o.span.index]
        let where_ = s.isLarge
            ? "a large span of \(s.npages) page\(s.npages == 1 ? "" : "s")"
            : "slot \(o.slot) of span \(o.span.index) (class \(s.spanclass.sizeclass), \(s.elemsize)-byte slots)"
        let target = verb == "points to the new object" ? "\(name) points to the new object at" : "\(name) \(verb)"
        return "\(target) \(hexAddress(value)), \(where_)."
    }

    /// The value a right-hand side produces, allocating when it says so.
    mutating func evaluate(_ rhs: Assignment, name: String) throws(StepFailure) -> UInt64 {
        let at = rhs.sourceLocation
        func malloc(_ body: (inout Heap) throws(HeapError) -> UInt64) throws(StepFailure) -> UInt64 {
            do { return try body(&heap) } catch {
                throw StepFailure(location: at, message: error.description + " at step \(stepIndex)")
            }
        }
        switch rhs.source {
        case .null:
            return 0
        case .path(let p):
            switch try resolve(p) {
            case .root(let id): return heap.roots[id.index].value
            case .word(let obj, let word):
                do { return try heap.loadPointer(from: obj, word: word) } catch {
                    throw StepFailure(location: p.location, message: error.description)
                }
            }
        case .alloc(let size, let noscan):
            let n = sizeValue(size)
            let (p, g) = runsOn(rhs)
            return try malloc { (h: inout Heap) throws(HeapError) in
                noscan ? try h.mallocgc(size: n, noscan: true, p: p, goroutine: g) : try h.mallocgc(size: n, type: .rawPointers, p: p, goroutine: g)
            }
        case .new(let t):
            let layout: GoLayout
            do { layout = try resolver.layout(of: t) } catch { throw StepFailure(location: at, message: error.message) }
            return try allocate(layout, on: runsOn(rhs), at: at)
        case .make(let element, let count):
            let n = sizeValue(count)
            let layout: GoLayout
            do { layout = try LayoutResolver.array(count: n, of: try resolver.layout(of: element)) } catch {
                throw StepFailure(location: at, message: error.message)
            }
            return try allocate(layout, on: runsOn(rhs), at: at)
        }
    }

    /// The P whose mcache allocates and the goroutine charged for it: `on pN` picks the P;
    /// otherwise the goroutine's own P (main's is p0).
    func runsOn(_ rhs: Assignment) -> (p: Int, g: GoroutineID) {
        let g = goroutineIDs[rhs.goroutine ?? "main"] ?? .main
        return (rhs.pLocation != nil ? rhs.p : heap.goroutines[g.index].p, g)
    }

    mutating func allocate(_ layout: GoLayout, on where_: (p: Int, g: GoroutineID), at: SourceLocation) throws(StepFailure) -> UInt64 {
        let (p, g) = where_
        do {
            if !layout.hasPointers { return try heap.mallocgc(size: layout.size, noscan: true, p: p, goroutine: g) }
            let id = try heap.registerType(layout.goType())
            typeLayouts[id.raw] = layout
            return try heap.mallocgc(size: layout.size, type: id, p: p, goroutine: g)
        } catch {
            throw StepFailure(location: at, message: error.description + " at step \(stepIndex)")
        }
    }

    mutating func sizeValue(_ s: SizeExpr) -> Int {
        switch s {
        case .literal(let n): n
        case .random(let lo, let hi): rng.next(in: lo...hi)
        }
    }

    /// `gc`, `gc start`, `gc step N`, `gc phase`, `gc finish`.
    mutating func gcCommand(_ cmd: GCCommand) -> String {
        let before = heap.gc.phase
        let cyclesBefore = heap.gc.numgc
        switch cmd {
        case .full:
            let underWay = before != .off && before != .sweep
            heap.runtimeGC()
            let ended = heap.gc.numgc - cyclesBefore
            var s: String
            if underWay && ended >= 2 {
                // gcWaitOnMark: runtime.GC waits for the cycle under way, then runs one of its own.
                s = "runtime.GC(): the cycle under way (phase \(before)) finished first — GC waits for it — then a whole cycle of its own ran: sweep termination, mark, mark termination, and the sweep finished before returning."
            } else {
                s = "runtime.GC(): a whole cycle — sweep termination, mark, mark termination, and the sweep finished before returning."
            }
            s += " " + heap.gc.cycles.suffix(min(ended, heap.gc.cycles.count, 2)).map { heap.gctraceLine($0) }.joined(separator: "; then ")
            return s
        case .start:
            guard heap.gcAdvance(.start) else { return "gc start: a cycle is already under way (phase \(before))." }
            guard heap.gc.phase == .mark else { return "gcStart in stop-the-world mode ran the whole cycle in one pause." }
            // The jobs by name, the first few only: a scenario may declare thousands of
            // goroutines.
            let count = heap.gc.rootJobs.count
            var jobs = heap.gc.rootJobs.prefix(6).map { job -> String in
                switch job {
                case .globals: "the globals"
                case .stack(let g): "the stack of \(heap.goroutines[g.index].name)"
                }
            }
            if count > 6 { jobs.append("and \(count - 6) more stacks") }
            return "gcStart: sweep termination (stop the world), the write barrier \(heap.gc.writeBarrierEnabled ? "on" : "OFF (turned off to show what it prevents)"), \(Self.tinyBlocksBlackened(heap)); "
                + "the roots are not scanned in the pause: \(count) root job\(count == 1 ? "" : "s") (\(jobs.joined(separator: ", "))) wait for mark work, one unit of gc step each, while the program runs with grey stacks."
        case .step(let n):
            let rootsBefore = heap.gc.rootNext
            guard heap.gcAdvance(.markObjects(n)) else { return "gc step: no cycle is marking (phase \(before)); nothing to scan." }
            let roots = heap.gc.phase == .mark ? heap.gc.rootNext - rootsBefore : 0
            if heap.gc.phase == .mark {
                let left = heap.gc.rootJobs.count - heap.gc.rootNext
                return "\(n) unit\(n == 1 ? "" : "s") of mark work" + (roots > 0 ? " (\(roots) root job\(roots == 1 ? "" : "s") first)" : " (grey objects scanned: each turned black and shaded what it points to)")
                    + "; \(heap.gc.workQueue.count) grey object\(heap.gc.workQueue.count == 1 ? "" : "s")" + (left > 0 ? " and \(left) root job\(left == 1 ? "" : "s")" : "") + " left."
            }
            return "The last mark work is done: no root job and no grey object is left, so mark termination ran (stop the world, barrier off). Phase: \(heap.gc.phase)."
        case .phase:
            guard heap.gcAdvance(.endOfPhase) else { return "gc phase: no cycle is under way." }
            return "Ran to the end of the \(before) phase; now \(heap.gc.phase)."
        case .finish:
            guard heap.gcAdvance(.endOfCycle) else { return "gc finish: no cycle is under way." }
            var s = "Finished the cycle (from \(before)): marking done, every span swept."
            if let r = heap.gc.cycles.last, heap.gc.numgc > cyclesBefore { s += " " + heap.gctraceLine(r) }
            return s
        }
    }
}

/// Durations as people write them: `2m`, `1m30s`, `500ms`.
public enum Duration {
    /// The simulated clock: as a scenario writes it when it is a whole number of seconds
    /// ("6m"), otherwise to three significant digits ("11.6 ms"): the program's operations
    /// advance it by nanoseconds, and "11594852ns" reads badly.
    public static func clock(_ ns: Int64) -> String {
        ns % 1_000_000_000 == 0 ? text(ns) : DurationText(ns).description
    }

    public static func text(_ ns: Int64) -> String {
        if ns == 0 { return "0s" }
        if ns % 1_000_000_000 != 0 {
            if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
            if ns % 1_000 == 0 { return "\(ns / 1_000)µs" }
            return "\(ns)ns"
        }
        var s = ns / 1_000_000_000
        var out = ""
        if s >= 3600 { out += "\(s / 3600)h"; s %= 3600 }
        if s >= 60 { out += "\(s / 60)m"; s %= 60 }
        if s > 0 || out.isEmpty { out += "\(s)s" }
        return out
    }
}

extension ScenarioMachine {
    /// Adds a sentence to the step's narration, building it only when someone will read it
    /// (replays for rewind run with events and narration off).
    func narrate(_ record: inout StepRecord, _ sentence: @autoclosure () -> String) {
        if heap.recordsEvents { record.narration.append(sentence()) }
    }
}
