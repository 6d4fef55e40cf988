// A GC cycle as steps a person can watch (runtime/mgc.go gcStart, gcMarkDone,
// gcMarkTermination, gcSweep, GC; go1.12). The phases are described in GCState.swift.
//
// The steps heapscope offers, each observable on its own:
//   gcStart        finish the last sweep, then sweep termination (STW #1): write barrier on,
//                  tiny blocks shaded, root jobs prepared; stops before any mark work.
//   gcMarkStep(n)  n units of mark work: the root jobs (globals, then each stack), then one
//                  grey object each.
//   gcMarkDone     when no grey object is left: mark termination (STW #2), barrier off,
//                  sweepgen += 2; the cycle moves on to sweeping.
//   sweepone       the background sweeper sweeps one span.
//   runtimeGC      runtime.GC(): finish any cycle under way, run a whole new one, sweep it all.
// In the stop-the-world mode (Go 1.3), gcStart runs the whole cycle, sweep included, inside
// one pause.

/// How far to advance the collector.
public enum GCAdvance: Equatable, Sendable {
    /// Start a cycle and stop before any mark work (`gc start`).
    case start
    /// This many units of mark work — root jobs first, then grey objects (`gc step N`); mark
    /// termination follows when none are left.
    case markObjects(Int)
    /// Run to the end of the current phase (`gc phase`).
    case endOfPhase
    /// Run to the end of the cycle, sweep included (`gc finish`).
    case endOfCycle
}

extension Heap {
    /// Advances the collector; returns false when there was nothing to do (e.g. `gc step`
    /// while no cycle is running).
    @discardableResult
    public mutating func gcAdvance(_ step: GCAdvance) -> Bool {
        switch step {
        case .start:
            return gcStart(trigger: .cycle, heldByAllocator: nil, manual: true)
        case .markObjects(let n):
            guard gc.phase == .mark else { return false }
            gcDrain(budget: max(0, n))
            if markWorkDone { gcMarkDone() }
            return true
        case .endOfPhase:
            switch gc.phase {
            case .off: return false
            case .mark, .marktermination, .sweeptermination:
                gcDrain(budget: .max)
                gcMarkDone()
            case .sweep:
                finishSweep(by: .background)
            }
            return true
        case .endOfCycle:
            guard gc.phase != .off else { return false }
            if gc.phase != .sweep {
                gcDrain(budget: .max)
                gcMarkDone()
            }
            finishSweep(by: .background)
            return true
        }
    }

    /// `runtime.GC()`: wait for a cycle under way to finish marking, start a new one, run it
    /// to mark termination, and finish its sweep before returning.
    public mutating func runtimeGC() {
        // gcWaitOnMark: a cycle under way finishes its marking first, all Ps on it.
        if gc.phase == .mark || gc.phase == .marktermination { markWhileIdle() }
        _ = gcStart(trigger: .cycle, heldByAllocator: nil)
        if gc.phase == .mark { markWhileIdle() }
        finishSweep(by: .finish)
    }

    /// Whether heap_live has reached the trigger (`gcTrigger{kind: gcTriggerHeap}.test()`; the
    /// caller checks that no cycle is marking: gcphase == _GCoff, sweeping or not).
    var heapTriggerReached: Bool {
        if pacesByConsMark {
            // The memory-limit goal moves with the heap: trigger() reads it afresh.
            return memstats.heapLive >= trigger118().trigger
        }
        return gc.gcpercent >= 0 && memstats.heapLive >= gc.gcTrigger
    }

    /// A cycle the heap or sysmon started on its own. Its marking runs alongside the program
    /// from here on: background workers as simulated time passes, assists as goroutines
    /// allocate (GCController.swift). In the stop-the-world mode gcStart already did everything.
    mutating func startTriggeredCycle(_ kind: GCTriggerKind, heldByAllocator x: (UInt64, GoroutineID)?) {
        gcStart(trigger: kind, heldByAllocator: x)
    }

    /// `gcStart(trigger)`: sweep termination and the start of marking. Returns false if a
    /// cycle is already marking.
    @discardableResult
    mutating func gcStart(trigger: GCTriggerKind, heldByAllocator: (UInt64, GoroutineID)?, manual: Bool = false) -> Bool {
        guard gc.phase == .off || gc.phase == .sweep else { return false }
        let cycle = gc.numgc + 1
        // Go 1.18+: the trigger and goal as they stand now (the memory-limit goal moves).
        if pacesByConsMark { refreshPacer118() }
        if recordsEvents {
            emit(.gcStart(cycle: cycle, trigger: trigger, heapLive: memstats.heapLive, gcTrigger: gc.gcTrigger))
        }
        // 0. Sweep what the last cycle left, before stopping the world (the sweepone loop at
        //    the top of gcStart): its cost is the program's, not a pause's. The stop-the-world
        //    mode of Go 1.3 sweeps inside its pause instead.
        if gc.mode == .concurrent {
            let before = finishSweep(by: .beforeGC)
            gc.cpuNs &+= PauseModel.sweepPerSpanNs &* Int64(before)
            nanotime &+= PauseModel.sweepPerSpanNs &* Int64(before)
            if recordsEvents && before > 0 { emit(.sweepBeforeGC(spans: before)) }
        }
        // 1. Sweep termination: stop the world; finishsweep_m sweeps anything still left.
        gc.phase = .sweeptermination
        let swept = finishSweep(by: .finish)
        gc.phase = .sweeptermination
        let sweepTermNs = PauseModel.stw(procs: mcaches.count) + PauseModel.sweepPerSpanNs * Int64(swept)
        if recordsEvents { emit(.sweepTermination(spansSwept: swept, pauseNs: sweepTermNs)) }
        nanotime &+= sweepTermNs
        gc.current = .init(trigger: trigger, heap0: memstats.heapLive, heapGoal: gc.nextGC,
                           start: nanotime &- sweepTermNs, sweepTermNs: sweepTermNs, spansSwept: swept)
        gc.bytesMarked = 0
        gc.objectsMarked = 0
        // Go 1.18 pacer: where this cycle started, and its stack scan from zero.
        gc.pacer118.triggered = memstats.heapLive
        gc.pacer118.stackScanWork = 0
        gc.rootsScanned = 0
        gc.markCostNs = 0
        gc.workQueue.removeAll(keepingCapacity: true)
        // gcResetMarkState: no goroutine has assist credit or debt yet.
        for i in goroutines.indices { goroutines[i].assistBytes = 0 }
        startCycle()
        // gcStart records the goal after startCycle has given the cycle its 1 MB of runway
        // (go1.12 mgc.go: `work.heapGoal = memstats.next_gc`): gctrace prints that one.
        gc.current?.heapGoal = gc.nextGC
        gc.blackenEnabled = !manual && gc.mode == .concurrent
        // 2. Mark: barrier on, allocate black, tiny blocks shaded, root jobs prepared.
        gc.phase = .mark
        if recordsEvents { emit(.gcPhase(.mark, writeBarrier: gc.writeBarrierEnabled)) }
        // Root marking is mark work: sweep termination only prepares the jobs. The tiny blocks
        // are blackened in the pause; an object mallocgc has just returned is held by its
        // goroutine and scanned with its stack.
        gcMarkRootPrepare()
        gcMarkTinyAllocs()
        if let (x, g) = heldByAllocator {
            goroutines[g.index].held = x
            heldGoroutine = g.index
        }
        if gc.mode == .stw {
            // Go 1.3: the world stays stopped through marking and sweeping.
            gcDrain(budget: .max)
            gcMarkDone()
            finishSweep(by: .finish)
        }
        return true
    }

    /// `gcMarkDone` + `gcMarkTermination` + `gcSweep`: the end of marking. Nothing happens
    /// while grey objects remain.
    mutating func gcMarkDone() {
        guard gc.phase == .mark || gc.phase == .marktermination, markWorkDone,
              let cur = gc.current else { return }
        gc.phase = .marktermination
        if recordsEvents { emit(.gcPhase(.marktermination, writeBarrier: gc.writeBarrierEnabled)) }
        let heap1 = memstats.heapLive
        let nextRatio = pacesByConsMark ? gc.triggerRatio : endCycle(userForced: cur.trigger == .cycle)
        if pacesByConsMark { endCycle118() }
        let c = gc.controller
        // Mark CPU: what the workers and assists spent, or — for a cycle a scenario stepped
        // through, or Go 1.3's stop-the-world marking — the cost model per object and root.
        let modelCPU = gc.markCostNs
        let workersRan = gc.blackenEnabled
        let backgroundCPU = workersRan ? c.dedicatedMarkTime &+ c.fractionalMarkTime : modelCPU
        // A cycle a scenario stepped through did its marking on a P while the program waited
        // for `gc step`: that time passes too, or the GC's CPU would exceed the time elapsed
        // (gctrace's % at 100, which Go cannot print once the program has run).
        if gc.mode != .stw && !workersRan { nanotime &+= modelCPU }
        let markWall: Int64
        if gc.mode == .stw {
            markWall = modelCPU
            nanotime &+= modelCPU   // the world is stopped while it marks
        } else {
            markWall = max(0, nanotime &- c.markStartTime)
        }
        // Go 1.3's marking stops every P (go1.12 counts a pause as stwprocs × its wall time);
        // a stepped cycle's marking is charged once.
        if gc.mode == .stw { gc.cpuNs &+= modelCPU &* Int64(mcaches.count) } else if !workersRan { gc.cpuNs &+= modelCPU }
        gc.blackenEnabled = false
        memstats.heapScan = UInt64(max(0, c.scanWork))
        // An object held aside by the goroutine whose allocation started this cycle mattered
        // only to this cycle's stack scan.
        releaseHeld()
        // gcMark: heap_marked, and heap_live starts again from it.
        gc.heapMarked = gc.bytesMarked
        memstats.heapLive = gc.bytesMarked
        // setGCPhase(_GCoff): the barrier goes off. gcSweep: every span now needs sweeping.
        gc.phase = .off
        mheap.sweepgen &+= 2
        gc.sweepdone = false
        gc.sweepCursor = 0
        mheap.pagesSwept = 0
        mheap.reclaimIndex = 0
        mheap.reclaimCredit = 0
        gc.numgc += 1
        if cur.trigger == .cycle { gc.numForcedGC += 1 }
        if pacesByConsMark {
            gc.pacer118.lastStackScan = gc.pacer118.stackScanWork
            gc.pacer118.lastHeapScan = UInt64(max(0, c.scanWork))
            // resetLive: no cycle is triggered any more.
            gc.pacer118.triggered = .max
            gc.pacer118.lastHeapInUse = memstats.heapInuse
            commit118()
        } else {
            gcSetTriggerRatio(nextRatio)
        }
        let markTermNs = PauseModel.stw(procs: mcaches.count)
        nanotime &+= markTermNs
        var record = GCCycleRecord(
            number: gc.numgc, trigger: cur.trigger, mode: gc.mode, heap0: cur.heap0, heap1: heap1,
            // Go 1.18+ prints lastHeapGoal, the goal endCycle read at mark termination.
            heap2: gc.heapMarked, heapGoal: pacesByConsMark ? gc.pacer118.lastHeapGoal : cur.heapGoal, startNanotime: cur.start,
            sweepTermNs: cur.sweepTermNs, markNs: markWall, markTermNs: markTermNs,
            assistCPUNs: workersRan ? c.assistTime : 0, backgroundCPUNs: backgroundCPU,
            idleCPUNs: workersRan ? c.idleMarkTime : 0,
            objectsMarked: gc.objectsMarked, rootsScanned: gc.rootsScanned,
            spansSweptAtStart: cur.spansSwept, procs: mcaches.count)
        gc.lastGCNanotime = nanotime
        gc.pauses.append(record.pauseNs)
        gc.pauseTotalNs += record.pauseNs
        gc.cpuNs += (cur.sweepTermNs + markTermNs) * Int64(mcaches.count)
        // gc_cpu_fraction as of this mark termination: the line printed then never changes.
        record.gcCPUFraction = gcCPUFraction
        if pacesByConsMark {
            record.stackScan = gc.pacer118.lastStackScan
            record.globalsScan = globalsScan
        }
        gc.cycles.append(record)
        if gc.cycles.count > GCState.historyLength {
            gc.cycles.removeFirst()
            gc.pauses.removeFirst()
        }
        gc.current = nil
        if recordsEvents {
            emit(.markTermination(bytesMarked: gc.heapMarked, nextGC: gc.nextGC, pauseNs: markTermNs, cyclePauseNs: record.pauseNs))
            emit(.gcPhase(.sweep, writeBarrier: false))
            emit(.gctrace(gctraceLine(record)))
        }
        gc.phase = .sweep
        // prepareForSweep, once the world has started again: every mcache is flushed
        // (heapscope: all at once; the runtime lets each P do it at its next safe point). A
        // span an mcache still held was cached before this sweep began, so the flush sweeps it.
        for p in mcaches.indices { releaseAll(p: p) }
        if !mheap.allspans.contains(where: { $0.state == .inUse }) { noteSweepDone() }
    }

    /// The `GODEBUG=gctrace=1` line of a finished cycle, in go1.12's format.
    public func gctraceLine(_ r: GCCycleRecord) -> String {
        GCTrace.line(r, gcCPUFraction: r.gcCPUFraction)
    }

    /// `gc_cpu_fraction`: GC CPU time (cost model) over all CPU time since the program started
    /// (simulated time × GOMAXPROCS), never above 1. A short scenario whose program does little
    /// spends nearly all its time in the collector's pauses: 99 %.
    public var gcCPUFraction: Double {
        nanotime > 0 ? min(1, Double(gc.cpuNs) / (Double(nanotime) * Double(mcaches.count))) : 0
    }
}
