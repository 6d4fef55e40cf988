// The background scavenger of Go 1.19 and later (runtime/mgcscavenge.go, go1.25:
// gcPaceScavenger, bgscavenge, scavengeOne; mheap.go allocSpan's eager scavenging), for the
// go1.25 profile. go1.12's scavenger (spans unused for five minutes) is in Heap+Scavenge.swift.
//
// Free pages stay mapped ("retained") so that the heap can grow back into them cheaply; the
// scavenger returns them to the OS when more is retained than the next cycle is likely to need:
//
//   gcPercentGoal = lastHeapInUse · (heapGoal / lastHeapGoal) · 1.10, up to a physical page
//                   (off until a cycle has finished: lastHeapGoal is 0)
//   memoryLimitGoal = 0.95 · GOMEMLIMIT
//
// It works while retained (HeapInuse + free, unreleased pages) exceeds the first goal, or mapped
// memory the second, at 1% of one CPU, releasing the highest addresses first. A heap growth
// that would overshoot the goal releases that much at once (eager scavenging).
//
// heapscope charges 10 µs of scavenger time per physical page (the figure mgcscavenge.go
// assumes when it cannot time itself) and releases whole 8 KiB runtime pages; it does not skip
// dense chunks as the runtime does (docs/profiles.md).

extension Heap {
    /// `retainExtraPercent`, `reduceExtraPercent`, `scavengePercent`.
    static let retainExtraPercent = 10.0, reduceExtraPercent = 5.0, scavengeCPUFraction = 0.01
    /// Scavenger time per physical page released (heapscope's cost model).
    static let scavengeNsPerPhysPage: Int64 = 10_000

    /// Bytes retained: in use, or free and not released.
    var heapRetained: UInt64 { memstats.heapSys &- memstats.heapReleased }

    /// `gcPaceScavenger`: the scavenger's goals after a commit.
    mutating func gcPaceScavenger() {
        let p = gc.pacer118
        if p.memoryLimit != .max {
            gc.pacer118.scavengeLimitGoal = UInt64(Double(p.memoryLimit) * (1 - Heap.reduceExtraPercent / 100))
        } else {
            gc.pacer118.scavengeLimitGoal = .max
        }
        guard p.lastHeapGoal != 0, gc.gcpercent >= 0 else {
            gc.pacer118.scavengeGoal = .max
            return
        }
        let heapGoal = heapGoal118().goal
        let ratio = Double(heapGoal) / Double(p.lastHeapGoal)
        var goal = UInt64(Double(p.lastHeapInUse) * ratio)
        goal += UInt64(Double(goal) * Heap.retainExtraPercent / 100)
        let phys = UInt64(profile.physPageSize)
        gc.pacer118.scavengeGoal = (goal + phys - 1) & ~(phys - 1)
    }

    /// Whether the background scavenger has work.
    var scavengerHasWork: Bool {
        usesPageBitmap && (heapRetained > gc.pacer118.scavengeGoal || heapRetained > gc.pacer118.scavengeLimitGoal)
    }

    /// `bgscavenge` for `ns` of time: 1% of a CPU, released highest address first until the
    /// goals are met. Returns the bytes released.
    @discardableResult
    mutating func scavengeInBackground(ns: Int64) -> Int {
        guard scavengerHasWork else { gc.pacer118.scavengerBudget = 0; return 0 }
        gc.pacer118.scavengerBudget += Double(ns) * Heap.scavengeCPUFraction
        let pagePhys = Int64(profile.pageSize / profile.physPageSize)
        let cost = Double(Heap.scavengeNsPerPhysPage * pagePhys)
        var released = 0
        while gc.pacer118.scavengerBudget >= cost && scavengerHasWork {
            guard mheap.pages.scavengeFromTop(1) == 1 else { gc.pacer118.scavengerBudget = 0; break }
            gc.pacer118.scavengerBudget -= cost
            memstats.heapReleased += UInt64(profile.pageSize)
            gc.cpuNs &+= Int64(cost)
            released += profile.pageSize
        }
        if recordsEvents && released > 0 { emit(.scavenge(released: released)) }
        return released
    }

    /// Eager scavenging on growth (allocSpan): release what the growth would put over the goal.
    mutating func scavengeForGrowth(_ growthBytes: Int) {
        let goal = gc.pacer118.scavengeGoal
        guard goal != .max, heapRetained &+ UInt64(growthBytes) > goal else { return }
        let todo = min(UInt64(growthBytes), heapRetained &+ UInt64(growthBytes) &- goal)
        let pages = Int((todo + UInt64(profile.pageSize) - 1) / UInt64(profile.pageSize))
        let n = mheap.pages.scavengeFromTop(pages)
        memstats.heapReleased += UInt64(n &<< pageShift)
        if recordsEvents && n > 0 { emit(.scavenge(released: n &<< pageShift)) }
    }

    /// The `scavenge` statement under go1.25: the background scavenger runs until its goals are
    /// met, however long that takes at 1% of a CPU. Returns the bytes released.
    mutating func scavengeToGoal() -> Int {
        var released = 0
        while scavengerHasWork, mheap.pages.scavengeFromTop(1) == 1 {
            memstats.heapReleased += UInt64(profile.pageSize)
            released += profile.pageSize
        }
        if recordsEvents { emit(.scavenge(released: released)) }
        return released
    }
}
