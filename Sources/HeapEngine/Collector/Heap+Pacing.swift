// Pacing: when the next cycle starts (runtime/mgc.go, go1.12: gcinit, setGCPercent,
// gcSetTriggerRatio, gcControllerState.endCycle; proc.go sysmon and forcegcperiod).
//
//   heapminimum = 4 MB · GOGC/100.
//   trigger     = heap_marked · (1 + triggerRatio), at least heapminimum (and, while the last
//                 sweep is unfinished, at least heap_live + 1 MB · GOGC/100).
//   goal        = heap_marked · (1 + GOGC/100), raised to the trigger if lower (NextGC).
//   startCycle  computes the goal again from heap_marked, first faking heap_marked as
//                 trigger / (1 + triggerRatio) when the trigger is at most heapminimum (a small
//                 heap, or the first cycle), then keeps it at least heap_live + 1 MB.
//   triggerRatio starts at 7/8 and is clamped to [0, 0.95 · GOGC/100]. gcinit fakes
//                 heap_marked = heapminimum / (1 + 7/8), so the first goal is 4473924 bytes.
//   endCycle    adjusts triggerRatio after every cycle the heap started itself:
//                 error = GOGC/100 − r − (u / 0.30) · (heap_live/heap_marked − 1 − r),
//                 r' = r + 0.5 · error, with u the GC CPU utilisation:
//                 gcBackgroundUtilization (0.25) plus the mark assists' share of the mark
//                 phase's CPU time (GCController.swift).
//                 A cycle forced by runtime.GC() leaves r as it is.
//   GOGC=off    no trigger and no goal (both the largest uint64), so only runtime.GC() or
//                 debug.FreeOSMemory() collect.
//   forced GC   sysmon starts a cycle when GOGC is on and more than 2 minutes have passed
//                 since the last one — if there was a last one (last_gc_nanotime != 0).

extension Heap {
    /// `defaultHeapMinimum`: 4 MB.
    public static let defaultHeapMinimum: UInt64 = 4 << 20
    /// How soon `advanceTime` looks again at a cycle the idle Ps are marking (sysmon itself
    /// wakes every 20 µs to 10 ms).
    static let sysmonRecheckNs: Int64 = 1_000_000

    /// `forcegcperiod`: 2 minutes.
    public static let forceGCPeriodNs: Int64 = 2 * 60 * 1_000_000_000
    /// `sweepMinHeapDistance`: 1 MB.
    public static let sweepMinHeapDistance: UInt64 = 1 << 20

    /// `debug.SetGCPercent`: nil or a negative value turns the collector off. Returns the old
    /// setting (nil for off).
    @discardableResult
    public mutating func setGCPercent(_ percent: Int?) -> Int? {
        let old = gc.gcpercent < 0 ? nil : gc.gcpercent
        let p = percent.map { max(-1, $0) } ?? -1
        gc.gcpercent = p
        gc.heapminimum = p < 0 ? 0 : Heap.defaultHeapMinimum * UInt64(p) / 100
        if pacesByConsMark { commit118() } else { gcSetTriggerRatio(gc.triggerRatio) }
        // Turning the collector off waits for the marking under way to finish (gcWaitOnMark).
        if p < 0 && (gc.phase == .mark || gc.phase == .marktermination) {
            if gc.blackenEnabled { markWhileIdle() } else { gcDrain(budget: .max); gcMarkDone() }
        }
        return old
    }

    /// `gcSetTriggerRatio`: the trigger and the goal from heap_marked.
    mutating func gcSetTriggerRatio(_ ratio: Double) {
        var r = ratio
        if r < 0 {
            r = 0
        } else if gc.gcpercent >= 0 {
            let maxTriggerRatio = 0.95 * Double(gc.gcpercent) / 100
            if r > maxTriggerRatio { r = maxTriggerRatio }
        }
        gc.triggerRatio = r
        var trigger = UInt64.max
        if gc.gcpercent >= 0 {
            trigger = UInt64(Double(gc.heapMarked) * (1 + r))
            var minTrigger = gc.heapminimum
            if !gc.sweepdone {
                let sweepMin = memstats.heapLive + Heap.sweepMinHeapDistance * UInt64(gc.gcpercent) / 100
                if sweepMin > minTrigger { minTrigger = sweepMin }
            }
            if trigger < minTrigger { trigger = minTrigger }
        }
        gc.gcTrigger = trigger
        var goal = UInt64.max
        if gc.gcpercent >= 0 {
            goal = gc.heapMarked + gc.heapMarked * UInt64(gc.gcpercent) / 100
            if goal < trigger { goal = trigger }
        }
        gc.nextGC = goal
        paceSweeper(trigger: trigger)
        // A new goal during marking changes how much each allocation must assist.
        if gc.phase == .mark || gc.phase == .marktermination { revise() }
    }

    /// Sweep pacing (`gcPaceSweeper`): spread the sweep over the heap growth left before the
    /// next trigger.
    mutating func paceSweeper(trigger: UInt64) {
        if gc.sweepdone {
            mheap.sweepPagesPerByte = 0
        } else {
            let heapLiveBasis = memstats.heapLive
            var heapDistance = Int64(clamping: trigger) &- Int64(clamping: heapLiveBasis)
            heapDistance -= 1 << 20
            if heapDistance < Int64(profile.pageSize) { heapDistance = Int64(profile.pageSize) }
            let sweepDistancePages = mheap.pagesInUse - mheap.pagesSwept
            if sweepDistancePages <= 0 {
                mheap.sweepPagesPerByte = 0
            } else {
                mheap.sweepPagesPerByte = Double(sweepDistancePages) / Double(heapDistance)
                mheap.sweepHeapLiveBasis = heapLiveBasis
                mheap.pagesSweptBasis = mheap.pagesSwept
            }
        }
    }

    /// `gcControllerState.endCycle`: the trigger ratio for the next cycle, from how much the
    /// heap grew during marking and how much CPU marking took: utilization is
    /// gcBackgroundUtilization plus the assists' share of the mark phase's CPU time.
    func endCycle(userForced: Bool) -> Double {
        if userForced { return gc.triggerRatio }
        let triggerGain = 0.5
        let goalGrowthRatio = Double(gc.gcpercent) / 100
        let actualGrowthRatio = Double(memstats.heapLive) / Double(max(1, gc.heapMarked)) - 1
        let assistDuration = nanotime &- gc.controller.markStartTime
        var utilization = Heap.gcBackgroundUtilization
        if assistDuration > 0 {
            utilization += Double(gc.controller.assistTime) / Double(assistDuration * Int64(mcaches.count))
        }
        let gcGoalUtilization = 0.30
        let triggerError = goalGrowthRatio - gc.triggerRatio
            - utilization / gcGoalUtilization * (actualGrowthRatio - gc.triggerRatio)
        return gc.triggerRatio + triggerGain * triggerError
    }

    /// The program is idle for `ns` (it sleeps): every P is free, so background mark workers
    /// and then the background sweeper run on all of them, in slices of 100 µs so that a cycle
    /// ends when its work does, not when the sleep does.
    mutating func idle(for ns: Int64) {
        var left = max(0, ns)
        while left > 0 && ((gc.phase == .mark && gc.blackenEnabled) || (gc.phase == .sweep && !gc.sweepdone)) {
            let slice = min(left, 100_000)
            nanotime &+= slice
            backgroundRan(ns: slice, idle: true)
            left -= slice
        }
        nanotime &+= left
        if usesPageBitmap { scavengeInBackground(ns: max(0, ns)) }
    }

    /// Advances simulated time, running what sysmon would on the way: the forced GC after two
    /// minutes without a cycle, and the scavenger every 2.5 minutes (go1.12: it releases free
    /// spans unused for more than 5 minutes).
    public mutating func advanceTime(nanoseconds: Int64) {
        let target = nanotime + max(0, nanoseconds)
        while true {
            var next = target
            var what = 0
            let canStart = gc.phase == .off || gc.phase == .sweep
            if canStart, gc.gcpercent >= 0, let last = gc.lastGCNanotime, last + Heap.forceGCPeriodNs + 1 < next {
                next = last + Heap.forceGCPeriodNs + 1
                what = 1
            }
            // go1.12's sysmon scavenges every 2.5 minutes; go1.25's scavenger runs in the
            // background (idle above).
            let scav = gc.lastScavengeNanotime + Heap.scavengeLimitNs / 2 + 1
            if !usesPageBitmap && scav < next {
                next = scav
                what = 2
            }
            // A cycle the idle Ps are marking (a forced one just started, say) ends within
            // milliseconds: look at sysmon's clock again once it has, or the next forced GC would
            // wait for the scavenger's next turn (cycles every 2.5 minutes, not every 2).
            if !canStart && gc.phase == .mark && gc.blackenEnabled && nanotime &+ Heap.sysmonRecheckNs < next {
                next = nanotime &+ Heap.sysmonRecheckNs
                what = 3
            }
            idle(for: next &- nanotime)
            switch what {
            case 3:
                continue
            case 1:
                // forcegchelper starts a cycle; the idle Ps mark it and then sweep.
                startTriggeredCycle(.time, heldByAllocator: nil)
            case 2:
                scavenge(now: nanotime, limitNs: Heap.scavengeLimitNs, k: gc.nscavenge)
                gc.lastScavengeNanotime = nanotime
                gc.nscavenge += 1
            default:
                return
            }
        }
    }
}
