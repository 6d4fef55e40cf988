// The Go 1.18 pacer, with GOMEMLIMIT (runtime/mgcpacer.go, go1.25: commit, heapGoalInternal,
// memoryLimitHeapGoal, trigger, endCycle). Used by the go1.25 profile; go1.12's pacer is in
// Heap+Pacing.swift.
//
// go1.12 sized the next heap from the live heap alone and tuned a trigger ratio. Go 1.18 counts
// everything the collector must scan — the heap, the goroutine stacks and the globals — and
// plans the trigger from how fast the program allocated while the last cycles marked:
//
//   goal     = heapMarked + (heapMarked + lastStackScan + globalsScan) · GOGC/100,
//              at least heapMinimum (4 MiB · GOGC/100)                             (commit)
//   goal     = min(goal, memoryLimitHeapGoal())                                   (heapGoal)
//              and, when the limit does not bind, at least sweepDistMinTrigger
//              (heapLive + 1 MiB if sweeping was unfinished at commit) and
//              triggered + 64 KiB
//   runway   = consMark · (1 − 0.25)/0.25 · (lastHeapScan + lastStackScan + globalsScan)
//   trigger  = goal − runway, kept between heapMarked + 45/64 of the way to the goal and
//              heapMarked + 61/64 of the way (or goal − 4 MiB when that is higher)   (trigger)
//   consMark = the largest of this cycle's (heapLive − triggered) · (u + idle) /
//              (scanWork · (1 − u)) and the last four                               (endCycle)
//
//   memoryLimitHeapGoal = limit − (mappedReady − heapFree − heapAlloc) − overage, less
//              max(3%, 1 MiB) of headroom, never below heapMarked.
//
// The first cycle: heapMarked 0, no cons/mark yet, so the goal is 4 MiB and the trigger
// 61/64 of it, 3,997,696 bytes. The helper probe of docs/go1.25-facts.md §5 confirmed the goal
// formula and the memory-limit goal to the byte on the real go1.25.5.
//
// What heapscope feeds it: stacks are scanned at 8 bytes per live stack slot and globals at 8
// bytes per global (a real program's stacks hold whole frames, its globals the whole data and
// BSS segments); mappedReady is the heap's mapped, unreleased memory (no stacks or metadata).

/// The Go 1.18 pacer's inputs and outputs between cycles (`gcControllerState`).
public struct Pacer118State: Equatable, Sendable {
    /// `lastStackScan`, `lastHeapScan`: scan work of the last cycle.
    public internal(set) var lastStackScan: UInt64 = 0
    public internal(set) var lastHeapScan: UInt64 = 0
    /// `stackScanWork`: stack bytes scanned this cycle.
    public internal(set) var stackScanWork: UInt64 = 0
    /// `consMark` and the last four measurements.
    public internal(set) var consMark: Double = 0
    public internal(set) var lastConsMark: [Double] = [0, 0, 0, 0]
    /// `triggered`: heapLive when the cycle under way (or the last one) started; max before any.
    public internal(set) var triggered: UInt64 = .max
    /// `sweepDistMinTrigger`.
    public internal(set) var sweepDistMinTrigger: UInt64 = 0
    /// `runway`.
    public internal(set) var runway: UInt64 = 0
    /// `gcPercentHeapGoal`.
    public internal(set) var gcPercentHeapGoal: UInt64 = 0
    /// `memoryLimit` (GOMEMLIMIT); `Int64.max` when none is set.
    public internal(set) var memoryLimit: Int64 = .max
    /// `lastHeapGoal`: the goal at the end of the last cycle (the scavenger's basis).
    public internal(set) var lastHeapGoal: UInt64 = 0
    /// `lastHeapInUse`: HeapInuse at the last mark termination.
    public internal(set) var lastHeapInUse: UInt64 = 0
    /// The scavenger's goals (`scavenge.gcPercentGoal`, `memoryLimitGoal`): retained heap to
    /// release down to, and mapped memory; max when off.
    public internal(set) var scavengeGoal: UInt64 = .max
    public internal(set) var scavengeLimitGoal: UInt64 = .max
    /// Scavenger CPU time granted and not yet spent (1% of a CPU).
    var scavengerBudget: Double = 0

    public init() {}
}

extension Heap {
    /// `memoryLimitHeapGoalHeadroomPercent`, `memoryLimitMinHeapGoalHeadroom`.
    static let memoryLimitHeadroomPercent: UInt64 = 3
    static let memoryLimitMinHeadroom: UInt64 = 1 << 20
    /// `triggerRatioDen`, `minTriggerRatioNum`, `maxTriggerRatioNum`.
    static let triggerRatioDen: UInt64 = 64, minTriggerRatioNum: UInt64 = 45, maxTriggerRatioNum: UInt64 = 61

    /// `globalsScan`: 8 bytes per global (heapscope's globals are single pointer words).
    public var globalsScan: UInt64 {
        UInt64(roots.reduce(0) { $0 + ($1.live && $1.kind == .global ? 8 : 0) })
    }

    /// What the memory-limit goal reads: mapped and ready memory, free heap, allocated heap.
    public var memoryLimitInputs: (mappedReady: UInt64, heapFree: UInt64, heapAlloc: UInt64) {
        let mapped = memstats.heapSys &- memstats.heapReleased
        let free = memstats.heapIdle &- memstats.heapReleased
        return (mapped, free, heapAllocBytes)
    }

    /// `memoryLimitHeapGoal`. Without GOMEMLIMIT the limit is math.MaxInt64, and the formula
    /// still runs: with GOGC off, NextGC is that limit less 3% (about 8.95e18), as Go reports.
    public func memoryLimitHeapGoal() -> UInt64 {
        let p = gc.pacer118
        let (mappedReady, heapFree, heapAlloc) = memoryLimitInputs
        return Heap.memoryLimitHeapGoal(limit: UInt64(max(0, p.memoryLimit)), mappedReady: mappedReady,
                                        heapFree: heapFree, heapAlloc: heapAlloc, heapMarked: gc.heapMarked)
    }

    /// The formula of `memoryLimitHeapGoal`, from its inputs (the differential test feeds it
    /// the real runtime's).
    public static func memoryLimitHeapGoal(limit: UInt64, mappedReady: UInt64, heapFree: UInt64,
                                           heapAlloc: UInt64, heapMarked: UInt64) -> UInt64 {
        let nonHeap = mappedReady &- heapFree &- heapAlloc
        let overage = mappedReady > limit ? mappedReady - limit : 0
        if nonHeap &+ overage >= limit { return heapMarked }
        var goal = limit - (nonHeap + overage)
        let headroom = max(goal / 100 * memoryLimitHeadroomPercent, memoryLimitMinHeadroom)
        goal = goal < headroom || goal - headroom < headroom ? headroom : goal - headroom
        return max(goal, heapMarked)
    }

    /// The GOGC part of `commit`, from its inputs.
    public static func gcPercentHeapGoal(heapMarked: UInt64, stackScan: UInt64, globalsScan: UInt64,
                                         gcPercent: Int, heapMinimum: UInt64) -> UInt64 {
        guard gcPercent >= 0 else { return .max }
        let goal = heapMarked &+ (heapMarked &+ stackScan &+ globalsScan) &* UInt64(gcPercent) / 100
        return max(goal, heapMinimum)
    }

    /// What set the heap goal (for the view).
    public enum GoalSource: String, Sendable {
        case gogc = "GOGC", heapMinimum = "the 4 MiB minimum", memoryLimit = "the memory limit"
        case sweepDistance = "the sweep distance (heapLive + 1 MiB while the last sweep runs)"
        case minRunway = "64 KiB past the trigger"
    }

    /// `heapGoalInternal`: the goal, and the lowest trigger it allows.
    func heapGoal118() -> (goal: UInt64, minTrigger: UInt64) {
        let g = heapGoal118Explained()
        return (g.goal, g.minTrigger)
    }

    /// `heapGoalInternal`, saying which of its terms set the goal.
    public func heapGoal118Explained() -> (goal: UInt64, minTrigger: UInt64, source: GoalSource) {
        let p = gc.pacer118
        var goal = p.gcPercentHeapGoal
        var source: GoalSource = gc.gcpercent >= 0 && goal == gc.heapminimum ? .heapMinimum : .gogc
        var minTrigger: UInt64 = 0
        let limitGoal = memoryLimitHeapGoal()
        if limitGoal < goal {
            goal = limitGoal
            source = .memoryLimit
        } else {
            if p.sweepDistMinTrigger > goal { goal = p.sweepDistMinTrigger; source = .sweepDistance }
            minTrigger = p.sweepDistMinTrigger
            let minRunway: UInt64 = 64 << 10
            if p.triggered != .max && goal < p.triggered &+ minRunway { goal = p.triggered &+ minRunway; source = .minRunway }
        }
        return (goal, minTrigger, source)
    }

    /// Which bound set the trigger (for the view): the runway, or the 45/64 floor, or the
    /// 61/64 (goal − 4 MiB) cap, or the goal itself when the live heap has reached it.
    public enum TriggerBound: String, Sendable { case runway = "goal − runway", floor = "45/64 of the way", cap = "61/64 of the way", goal = "the goal" }

    /// `trigger`: the heap size at which the next cycle starts, and the goal.
    func trigger118() -> (trigger: UInt64, goal: UInt64) {
        let t = trigger118Explained()
        return (t.trigger, t.goal)
    }

    /// `trigger`, saying which bound decided it, and whether the memory limit set the goal.
    public func trigger118Explained() -> (trigger: UInt64, goal: UInt64, bound: TriggerBound, source: GoalSource) {
        let (goal, minT, source) = heapGoal118Explained()
        let marked = gc.heapMarked
        if marked >= goal { return (goal, goal, .goal, source) }
        var minTrigger = max(minT, marked)
        let lower = (goal - marked) / Heap.triggerRatioDen * Heap.minTriggerRatioNum + marked
        if minTrigger < lower { minTrigger = lower }
        var maxTrigger = (goal - marked) / Heap.triggerRatioDen * Heap.maxTriggerRatioNum + marked
        if goal > Heap.defaultHeapMinimum && goal - Heap.defaultHeapMinimum > maxTrigger {
            maxTrigger = goal - Heap.defaultHeapMinimum
        }
        if maxTrigger < minTrigger { maxTrigger = minTrigger }
        let runway = gc.pacer118.runway
        let wanted = runway > goal ? minTrigger : goal - runway
        let trigger = min(max(wanted, minTrigger), maxTrigger)
        let bound: TriggerBound = trigger == goal ? .goal : trigger == wanted ? .runway : trigger == maxTrigger ? .cap : .floor
        return (trigger, goal, bound, source)
    }

    /// `commit`: the GOGC goal, the sweep distance and the runway, then the trigger and goal
    /// the engine tests against (`gc.gcTrigger`, `gc.nextGC`) and the sweeper's pace.
    mutating func commit118() {
        let p = gc.pacer118
        gc.pacer118.gcPercentHeapGoal = Heap.gcPercentHeapGoal(
            heapMarked: gc.heapMarked, stackScan: p.lastStackScan, globalsScan: globalsScan,
            gcPercent: gc.gcpercent, heapMinimum: gc.heapminimum)
        gc.pacer118.sweepDistMinTrigger = gc.sweepdone ? 0 : memstats.heapLive &+ Heap.sweepMinHeapDistance
        let scan = Double(p.lastHeapScan &+ p.lastStackScan &+ globalsScan)
        let runway = p.consMark * (1 - Heap.gcBackgroundUtilization) / Heap.gcBackgroundUtilization * scan
        // A cons/mark estimate can only be positive; anything else (no scan work yet) leaves no runway.
        gc.pacer118.runway = !(runway > 0) ? 0 : runway >= Double(UInt64.max) ? .max : UInt64(runway)
        refreshPacer118()
        gcPaceScavenger()
        paceSweeper(trigger: gc.gcTrigger)
        if gc.phase == .mark || gc.phase == .marktermination { revise() }
    }

    /// Recomputes the trigger and goal from the state `commit` left and the heap as it is now
    /// (the memory-limit goal moves as the heap maps and frees memory; the runtime computes
    /// them each time it reads them).
    mutating func refreshPacer118() {
        let (trigger, goal) = trigger118()
        gc.gcTrigger = trigger
        gc.nextGC = goal
    }

    /// The trigger and goal as the runtime would compute them now (go1.25: they move with the
    /// memory-limit goal between commits; go1.12: the stored ones).
    public var pacerNow: (trigger: UInt64, goal: UInt64) {
        pacesByConsMark ? trigger118() : (gc.gcTrigger, gc.nextGC)
    }

    /// `endCycle`: the cons/mark estimate from the cycle that is ending, and `lastHeapGoal`.
    mutating func endCycle118() {
        gc.pacer118.lastHeapGoal = heapGoal118().goal
        let assistDuration = nanotime &- gc.controller.markStartTime
        var utilization = Heap.gcBackgroundUtilization
        var idle = 0.0
        if assistDuration > 0 {
            let denom = Double(assistDuration &* Int64(mcaches.count))
            utilization += Double(gc.controller.assistTime) / denom
            idle = Double(gc.controller.idleMarkTime) / denom
        }
        let live = memstats.heapLive
        let p = gc.pacer118
        guard p.triggered != .max, live > p.triggered else { return }
        let scanWork = Double(max(0, gc.controller.scanWork)) + Double(p.stackScanWork) + Double(globalsScan)
        guard scanWork > 0 else { return }
        // Assists can take more than the whole mark phase's CPU in heapscope, where no GC CPU
        // limiter caps them (Go 1.19 holds GC to half the CPU): such a cycle measures nothing.
        guard utilization < 1 else { return }
        let current = Double(live - p.triggered) * (utilization + idle) / (scanWork * (1 - utilization))
        guard current.isFinite, current >= 0 else { return }
        var consMark = current
        for c in p.lastConsMark where c > consMark { consMark = c }
        gc.pacer118.consMark = consMark
        gc.pacer118.lastConsMark = Array(p.lastConsMark.dropFirst()) + [current]
    }

    /// `SetMemoryLimit` (GOMEMLIMIT): nil for no limit. Returns the old limit.
    @discardableResult
    public mutating func setMemoryLimit(_ bytes: Int64?) -> Int64? {
        let old = gc.pacer118.memoryLimit == .max ? nil : gc.pacer118.memoryLimit
        gc.pacer118.memoryLimit = bytes.map { max(0, $0) } ?? .max
        if pacesByConsMark { commit118() }
        return old
    }
}
