// A GC cycle as steps a person can watch (runtime/mgc.go gcStart, gcMarkDone,
// gcMarkTermination, gcSweep, GC; go1.12). The phases are described in GCState.swift.
//
// The steps heapscope offers, each observable on its own:
//   gcStart        sweep termination (STW #1), write barrier on, tiny blocks and roots shaded;
//                  stops before the first grey object is scanned.
//   gcMarkStep(n)  scan n grey objects.
//   gcMarkDone     when no grey object is left: mark termination (STW #2), barrier off,
//                  sweepgen += 2; the cycle moves on to sweeping.
//   sweepone       the background sweeper sweeps one span.
//   runtimeGC      runtime.GC(): finish any cycle under way, run a whole new one, sweep it all.
// In the stop-the-world mode (Go 1.3), gcStart runs the whole cycle, sweep included, inside
// one pause.

/// How far to advance the collector.
public enum GCAdvance: Equatable, Sendable {
    /// Start a cycle and stop before the first object is scanned (`gc start`).
    case start
    /// Scan this many grey objects (`gc step N`); mark termination follows when none are left.
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
            return gcStart(trigger: .cycle, heldByAllocator: nil)
        case .markObjects(let n):
            guard gc.phase == .mark else { return false }
            gcDrain(budget: max(0, n))
            if gc.workQueue.isEmpty { gcMarkDone() }
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
        if gc.phase == .mark || gc.phase == .marktermination {
            gcDrain(budget: .max)
            gcMarkDone()
        }
        _ = gcStart(trigger: .cycle, heldByAllocator: nil)
        if gc.phase == .mark {
            gcDrain(budget: .max)
            gcMarkDone()
        }
        finishSweep(by: .finish)
    }

    /// Whether heap_live has reached the trigger (`gcTrigger{kind: gcTriggerHeap}.test()`; the
    /// caller checks that no cycle is marking: gcphase == _GCoff, sweeping or not).
    var heapTriggerReached: Bool {
        gc.gcpercent >= 0 && memstats.heapLive >= gc.gcTrigger
    }

    /// A cycle the heap started on its own: heapscope runs its marking to completion at once
    /// (no assists or background workers are modelled), leaving the sweep to allocation and
    /// the background sweeper. In the stop-the-world mode gcStart already does everything.
    mutating func startTriggeredCycle(_ kind: GCTriggerKind, heldByAllocator x: UInt64?, p: Int) {
        guard gcStart(trigger: kind, heldByAllocator: x) else { return }
        if gc.phase == .mark {
            gcDrain(budget: .max)
            gcMarkDone()
        }
    }

    /// `gcStart(trigger)`: sweep termination and the start of marking. Returns false if a
    /// cycle is already marking.
    @discardableResult
    mutating func gcStart(trigger: GCTriggerKind, heldByAllocator: UInt64?) -> Bool {
        guard gc.phase == .off || gc.phase == .sweep else { return false }
        let cycle = gc.numgc + 1
        if recordsEvents {
            events.append(.gcStart(cycle: cycle, trigger: trigger, heapLive: memstats.heapLive, gcTrigger: gc.gcTrigger))
        }
        // 1. Sweep termination: stop the world and sweep what the last cycle left.
        gc.phase = .sweeptermination
        let swept = finishSweep(by: .finish)
        gc.phase = .sweeptermination
        let sweepTermNs = PauseModel.stw(procs: mcaches.count) + PauseModel.sweepPerSpanNs * Int64(swept)
        if recordsEvents { events.append(.sweepTermination(spansSwept: swept, pauseNs: sweepTermNs)) }
        gc.current = .init(trigger: trigger, heap0: memstats.heapLive, heapGoal: gc.nextGC,
                           start: nanotime, sweepTermNs: sweepTermNs, spansSwept: swept)
        gc.bytesMarked = 0
        gc.objectsMarked = 0
        gc.rootsScanned = 0
        gc.workQueue.removeAll(keepingCapacity: true)
        // 2. Mark: barrier on, allocate black, tiny blocks and roots shaded.
        gc.phase = .mark
        if recordsEvents { events.append(.gcPhase(.mark, writeBarrier: gc.writeBarrierEnabled)) }
        markRoots(heldByAllocator: heldByAllocator)
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
        guard gc.phase == .mark || gc.phase == .marktermination, gc.workQueue.isEmpty,
              let cur = gc.current else { return }
        gc.phase = .marktermination
        if recordsEvents { events.append(.gcPhase(.marktermination, writeBarrier: gc.writeBarrierEnabled)) }
        let heap1 = memstats.heapLive
        let nextRatio = endCycle(userForced: cur.trigger == .cycle)
        // gcMark: flush every mcache (heapscope: eagerly, here), then heap_marked.
        for p in mcaches.indices { releaseAll(p: p) }
        gc.heapMarked = gc.bytesMarked
        memstats.heapLive = gc.bytesMarked
        // setGCPhase(_GCoff): the barrier goes off. gcSweep: every span now needs sweeping.
        gc.phase = .off
        mheap.sweepgen &+= 2
        gc.sweepdone = false
        gc.sweepCursor = 0
        gc.reclaimCursor = 0
        gc.numgc += 1
        if cur.trigger == .cycle { gc.numForcedGC += 1 }
        gcSetTriggerRatio(nextRatio)

        let markTermNs = PauseModel.stw(procs: mcaches.count)
        let markCPU = PauseModel.markPerObjectNs * Int64(gc.objectsMarked)
            + PauseModel.markPerRootNs * Int64(gc.rootsScanned)
        let markWall = gc.mode == .stw ? markCPU : markCPU / Int64(max(1, mcaches.count / 4))
        let record = GCCycleRecord(
            number: gc.numgc, trigger: cur.trigger, mode: gc.mode, heap0: cur.heap0, heap1: heap1,
            heap2: gc.heapMarked, heapGoal: cur.heapGoal, startNanotime: cur.start,
            sweepTermNs: cur.sweepTermNs, markNs: markWall, markTermNs: markTermNs,
            objectsMarked: gc.objectsMarked, rootsScanned: gc.rootsScanned,
            spansSweptAtStart: cur.spansSwept, procs: mcaches.count)
        // heapscope's clock moves only when the scenario lets time pass; pauses are measured
        // by the cost model, not added to it.
        gc.lastGCNanotime = nanotime
        gc.pauses.append(record.pauseNs)
        gc.pauseTotalNs += record.pauseNs
        gc.cpuNs += (cur.sweepTermNs + markTermNs) * Int64(mcaches.count) + markCPU
        gc.cycles.append(record)
        if gc.cycles.count > GCState.historyLength {
            gc.cycles.removeFirst()
            gc.pauses.removeFirst()
        }
        gc.current = nil
        if recordsEvents {
            events.append(.markTermination(bytesMarked: gc.heapMarked, nextGC: gc.nextGC, pauseNs: record.pauseNs))
            events.append(.gcPhase(.sweep, writeBarrier: false))
            events.append(.gctrace(gctraceLine(record)))
        }
        gc.phase = .sweep
        if !mheap.spans.contains(where: { $0.state == .inUse }) { noteSweepDone() }
    }

    /// The `GODEBUG=gctrace=1` line of a finished cycle, in go1.12's format.
    public func gctraceLine(_ r: GCCycleRecord) -> String {
        GCTrace.line(r, gcCPUFraction: gcCPUFraction)
    }

    /// `gc_cpu_fraction`: GC CPU time (cost model) over all CPU time since the program started.
    /// heapscope's clock only moves when the scenario lets time pass, so this is 0 until it has,
    /// and never above 1.
    public var gcCPUFraction: Double {
        nanotime > 0 ? min(1, Double(gc.cpuNs) / (Double(nanotime) * Double(mcaches.count))) : 0
    }
}
