// The pacer's working state during a cycle (runtime/mgc.go gcControllerState; go1.12), and the
// cost model that lets marking run alongside the program.
//
// A cycle the heap (or sysmon) starts runs concurrently with the program:
//
//  1. startCycle: the goal is heap_marked · (1 + GOGC/100) again — with heap_marked faked as
//     trigger / (1 + triggerRatio) while the trigger is at most heapminimum — and at least
//     heap_live + 1 MiB; GOMAXPROCS × gcBackgroundUtilization
//     (25 %) is split into dedicated workers (whole Ps) and a fractional goal, rounded so the
//     error stays within 30 % (P = 1, 2, 3: 0 dedicated and 25 % fractional; P = 4: 1 dedicated).
//  2. revise: the assist ratio — scan work still expected (heap_scan·100/(100+GOGC), or all of
//     heap_scan past the goal, less scanWork done, at least 1000) over the bytes left before the
//     goal (next_gc, or next_gc × 1.1 past it) — assistWorkPerByte and its inverse.
//  3. Background workers mark as simulated time passes: the Ps the program is not running on
//     (dedicated, fractional, then idle workers), or a quarter of the one P there is. Their scan
//     work goes to bgScanCredit.
//  4. Mark assists: each allocation debits its goroutine's gcAssistBytes by its size; in debt,
//     the goroutine first steals background credit, then does scan work itself
//     (assistWorkPerByte × debt, at least gcOverAssistWork = 64 KiB), and is credited back
//     assistBytesPerWork × work done. Its assist time is CPU time the program did not run.
//  5. endCycle: utilization = 25 % + assistTime / (mark duration × GOMAXPROCS), which sets the
//     next trigger ratio.
//
// Scan work is counted in bytes as go1.12 counts it: scanobject adds the prefix of the object up
// to its last pointer word, gcmarknewobject the same for an object allocated black; roots
// (globals, stacks) add none. heap_scan grows by that prefix for every allocation with pointers
// and is reset to the cycle's scan work at mark termination.
//
// Cycles a scenario starts with `gc start` are the manual, step-by-step view: no worker and no
// assist moves them; only `gc step` and `gc finish` do.

/// `gcControllerState` fields heapscope models.
public struct GCController: Equatable, Sendable {
    /// Scan work done this cycle (bytes).
    public internal(set) var scanWork: Int64 = 0
    /// Background scan work not yet used by assists.
    public internal(set) var bgScanCredit: Int64 = 0
    /// CPU time spent in mark assists, by dedicated, fractional and idle workers (ns).
    public internal(set) var assistTime: Int64 = 0
    public internal(set) var dedicatedMarkTime: Int64 = 0
    public internal(set) var fractionalMarkTime: Int64 = 0
    public internal(set) var idleMarkTime: Int64 = 0
    public internal(set) var assistWorkPerByte: Double = 0
    public internal(set) var assistBytesPerWork: Double = 0
    /// When marking started.
    public internal(set) var markStartTime: Int64 = 0
    public internal(set) var dedicatedMarkWorkersNeeded = 0
    public internal(set) var fractionalUtilizationGoal: Double = 0
    /// Worker CPU time granted but not yet spent on a whole unit of work (ns).
    var workerBudget: Double = 0
    /// How the free Ps divide among dedicated, fractional and idle workers while the program
    /// runs on one P, and while it does not run at all (computed once per cycle).
    var running = WorkerShares()
    var stopped = WorkerShares()
    /// Idle-P time granted to the background sweeper but not yet spent (ns).
    var sweeperBudget: Double = 0
}

/// Ps' worth of dedicated, fractional and idle mark workers.
struct WorkerShares: Equatable, Sendable {
    let dedicated: Double, fractional: Double, idle: Double
    /// Their sum, kept: mutatorRan reads it on every operation of a program that runs while
    /// marking.
    let capacity: Double

    /// The Ps free for workers — every P but the program's, or all of them when it is not
    /// running — and how their time divides (the only P gives a quarter of its time).
    init() { dedicated = 0; fractional = 0; idle = 0; capacity = 0 }
    init(procs: Int, programRunning: Bool, dedicatedNeeded: Int, fractionalGoal: Double) {
        let others = Double(programRunning ? procs - 1 : procs)
        let dedicated = min(Double(dedicatedNeeded), others)
        let fractional = procs == 1 && programRunning ? Heap.gcBackgroundUtilization
            : min(fractionalGoal * Double(procs), others - dedicated)
        let idle = max(0, others - dedicated - fractional)
        self.dedicated = dedicated
        self.fractional = fractional
        self.idle = idle
        capacity = dedicated + fractional + idle
    }
}

/// What the program's own operations cost in simulated time (heapscope's model, not a
/// measurement): an allocation 20 ns plus clearing its bytes at 16 bytes per ns, a pointer
/// store 5 ns. Against marking at about 100 ns for a small object (PauseModel), a program that
/// allocates fast outruns a quarter of one P and is charged assists, as real programs are.
public enum MutatorModel {
    public static let allocBaseNs: Int64 = 20
    public static let allocBytesPerNs = 16
    public static let storeNs: Int64 = 5

    static func allocNs(_ bytes: Int) -> Int64 { allocBaseNs &+ Int64(bytes / allocBytesPerNs) }
}

extension Heap {
    /// `gcBackgroundUtilization`.
    static let gcBackgroundUtilization = 0.25
    /// `gcOverAssistWork`: an assist does at least this much scan work (64 KiB).
    static let gcOverAssistWork: Int64 = 64 << 10

    /// `gcControllerState.startCycle`.
    mutating func startCycle() {
        var c = GCController()
        c.markStartTime = nanotime
        // go1.12 recomputes the goal from heap_marked, and gives the cycle at least 1 MB of
        // runway; Go 1.18's goal keeps 64 KiB past the trigger itself (heapGoal118).
        if pacesByConsMark {
            refreshPacer118()
        } else {
            // On a small heap (the trigger at or below heapminimum) heap_marked is faked so
            // that the trigger looks like the trigger ratio's growth from it: the real one may
            // be far smaller, and the first cycle has none (go1.12.9 mgc.go startCycle).
            if gc.gcTrigger <= gc.heapminimum {
                gc.heapMarked = UInt64(Double(gc.gcTrigger) / (1 + gc.triggerRatio))
            }
            gc.nextGC = gc.gcpercent < 0 ? .max : gc.heapMarked &+ gc.heapMarked &* UInt64(gc.gcpercent) / 100
            if gc.nextGC < memstats.heapLive &+ (1 << 20) {
                gc.nextGC = memstats.heapLive &+ (1 << 20)
            }
        }
        let procs = Double(mcaches.count)
        let totalUtilizationGoal = procs * Heap.gcBackgroundUtilization
        c.dedicatedMarkWorkersNeeded = Int(totalUtilizationGoal + 0.5)
        let utilError = Double(c.dedicatedMarkWorkersNeeded) / totalUtilizationGoal - 1
        let maxUtilError = 0.3
        if utilError < -maxUtilError || utilError > maxUtilError {
            if Double(c.dedicatedMarkWorkersNeeded) > totalUtilizationGoal { c.dedicatedMarkWorkersNeeded -= 1 }
            c.fractionalUtilizationGoal = (totalUtilizationGoal - Double(c.dedicatedMarkWorkersNeeded)) / procs
        }
        c.running = WorkerShares(procs: mcaches.count, programRunning: true,
                                 dedicatedNeeded: c.dedicatedMarkWorkersNeeded, fractionalGoal: c.fractionalUtilizationGoal)
        c.stopped = WorkerShares(procs: mcaches.count, programRunning: false,
                                 dedicatedNeeded: c.dedicatedMarkWorkersNeeded, fractionalGoal: c.fractionalUtilizationGoal)
        gc.controller = c
        revise()
    }

    /// `gcControllerState.revise`: the assist ratio from the work and the heap left.
    mutating func revise() {
        let gcpercent = gc.gcpercent < 0 ? 100_000 : gc.gcpercent
        let live = memstats.heapLive
        var heapGoal = Int64(clamping: gc.nextGC)
        var scanWorkExpected: Int64
        if live <= gc.nextGC {
            scanWorkExpected = Int64(Double(memstats.heapScan) * 100 / Double(100 + gcpercent))
        } else {
            heapGoal = Int64(Double(gc.nextGC) * 1.1)   // maxOvershoot
            scanWorkExpected = Int64(clamping: memstats.heapScan)
        }
        var scanWorkRemaining = scanWorkExpected - gc.controller.scanWork
        if scanWorkRemaining < 1000 { scanWorkRemaining = 1000 }
        var heapRemaining = heapGoal - Int64(clamping: live)
        if heapRemaining <= 0 { heapRemaining = 1 }
        gc.controller.assistWorkPerByte = Double(scanWorkRemaining) / Double(heapRemaining)
        gc.controller.assistBytesPerWork = Double(heapRemaining) / Double(scanWorkRemaining)
    }

    /// Simulated time passes while the program runs on one P: the clock moves, background mark
    /// workers run on the other Ps (or a quarter of the only one), and after a cycle the
    /// background sweeper uses the idle Ps.
    @inline(__always)
    mutating func mutatorRan(ns: Int64) {
        nanotime &+= ns
        if gc.workersMark {
            // backgroundRan's marking branch, its common case inline: most operations only add
            // to the workers' budget (every operation of a program that allocates while marking).
            let capacity = gc.controller.running.capacity
            if capacity > 0 {
                gc.controller.workerBudget += capacity * Double(ns)
                if gc.controller.workerBudget > 0 || markWorkDone { runMarkWorkers(gc.controller.running, capacity: capacity) }
            }
        } else if gc.phase != .off {
            backgroundRan(ns: ns, idle: false)
        }
        // go1.25's background scavenger, at 1% of a CPU whenever it has work.
        if usesPageBitmap && scavengerHasWork { scavengeInBackground(ns: ns) }
    }

    /// Workers and the sweeper for `ns` of time; `idle` when the program is not running at all
    /// (sleeping, or blocked in runtime.GC), so every P is free.
    mutating func backgroundRan(ns: Int64, idle: Bool) {
        let procs = mcaches.count
        if gc.phase == .mark && gc.blackenEnabled {
            let shares = idle ? gc.controller.stopped : gc.controller.running
            let capacity = shares.capacity
            guard capacity > 0 else { return }
            gc.controller.workerBudget += capacity * Double(ns)
            // Most operations grant less than one unit of mark work costs: the budget builds up
            // over several before a worker runs.
            guard gc.controller.workerBudget > 0 || markWorkDone else { return }
            runMarkWorkers(shares, capacity: capacity)
        } else if gc.phase == .sweep && !gc.sweepdone {
            // bgsweep runs on idle Ps: one span per sweepPerSpanNs.
            let idlePs = idle ? procs : procs - 1
            guard idlePs > 0 else { return }
            gc.controller.sweeperBudget += Double(idlePs) * Double(ns)
            while gc.controller.sweeperBudget >= Double(PauseModel.sweepPerSpanNs) {
                gc.controller.sweeperBudget -= Double(PauseModel.sweepPerSpanNs)
                guard sweepone(by: .background) else { gc.controller.sweeperBudget = 0; break }
                gc.cpuNs &+= PauseModel.sweepPerSpanNs
            }
        }
    }

    /// The mark workers run on their budget; the CPU they used is charged to the kinds of
    /// worker in proportion to their share.
    @inline(never)
    mutating func runMarkWorkers(_ shares: WorkerShares, capacity: Double) {
        let spent = markInBackground()
        if spent > 0 {
            let used = Double(spent)
            // A kind of worker with no share is charged nothing: no division for it (one P
            // has only a fractional worker, and these divisions were most of this call's time).
            if shares.dedicated != 0 { gc.controller.dedicatedMarkTime &+= Int64(used * shares.dedicated / capacity) }
            if shares.fractional != 0 { gc.controller.fractionalMarkTime &+= Int64(used * shares.fractional / capacity) }
            if shares.idle != 0 { gc.controller.idleMarkTime &+= Int64(used * shares.idle / capacity) }
            gc.cpuNs &+= spent
        }
        // Mark termination after the workers' time is counted: gctrace's CPU figures and the
        // cycle's record include the last batch (it once printed 0/0/0 for a cycle the workers
        // marked in one go).
        if markWorkDone {
            gc.controller.workerBudget = 0
            gcMarkDone()
        }
    }

    /// Background workers spend their budget on units of mark work (`gcDrain` with
    /// gcDrainFlushBgCredit), each charged what the cost model says it cost (the budget may
    /// go below zero by the last unit's cost, repaid from the next grant); returns the CPU time
    /// used. runMarkWorkers ends the mark phase when no work is left. Inlined into it, its
    /// only caller.
    @inline(__always)
    mutating func markInBackground() -> Int64 {
        let cost0 = gc.markCostNs
        let work0 = gc.controller.scanWork
        // One unit at a time as gcDrain takes them (root jobs first, then grey objects),
        // written out: this runs for every unit the workers do, and a debug build pays for
        // each call.
        while gc.controller.workerBudget > 0 {
            let before = gc.markCostNs
            if gc.rootNext < gc.rootJobs.count {
                markrootNext()
            } else if let obj = gc.workQueue.popLast() {
                scanobject(obj)
            } else {
                break
            }
            gc.controller.workerBudget -= Double(gc.markCostNs &- before)
        }
        let spent = gc.markCostNs &- cost0
        let work = gc.controller.scanWork &- work0
        gc.controller.bgScanCredit &+= work
        if recordsEvents && spent > 0 { emit(.backgroundMark(cpuNs: spent, scanWork: work)) }
        return spent
    }

    /// `gcAssistAlloc`: goroutine `g` is in debt; steal background credit, then do scan work.
    mutating func gcAssistAlloc(_ g: GoroutineID) {
        revise()
        var c = gc.controller
        var debtBytes = -goroutines[g.index].assistBytes
        var scanWork = Int64(c.assistWorkPerByte * Double(debtBytes))
        if scanWork < Heap.gcOverAssistWork {
            scanWork = Heap.gcOverAssistWork
            debtBytes = Int64(c.assistBytesPerWork * Double(scanWork))
        }
        var stolen: Int64 = 0
        if c.bgScanCredit > 0 {
            if c.bgScanCredit < scanWork {
                stolen = c.bgScanCredit
                goroutines[g.index].assistBytes &+= 1 &+ Int64(c.assistBytesPerWork * Double(stolen))
            } else {
                stolen = scanWork
                goroutines[g.index].assistBytes &+= debtBytes
            }
            c.bgScanCredit &-= stolen
            scanWork &-= stolen
        }
        gc.controller = c
        guard scanWork > 0 else {
            if recordsEvents { emit(.assist(goroutine: goroutines[g.index].name, stolen: stolen, scanWork: 0, cpuNs: 0)) }
            return
        }
        // gcAssistAlloc1 → gcDrainN: heap objects first, a root job only when none is grey.
        let before = gc.controller.scanWork
        let cost0 = gc.markCostNs
        while !markWorkDone && gc.controller.scanWork &- before < scanWork {
            if gc.workQueue.isEmpty { markrootNext() } else { scanobject(gc.workQueue.removeLast()) }
        }
        let cpu = gc.markCostNs &- cost0
        let workDone = gc.controller.scanWork &- before
        goroutines[g.index].assistBytes &+= 1 &+ Int64(gc.controller.assistBytesPerWork * Double(workDone))
        gc.controller.assistTime &+= cpu
        gc.cpuNs &+= cpu
        // The goroutine did this work instead of running: its time passes.
        nanotime &+= cpu
        if recordsEvents { emit(.assist(goroutine: goroutines[g.index].name, stolen: stolen, scanWork: workDone, cpuNs: cpu)) }
        if markWorkDone { gcMarkDone() }
    }

    /// The program waits while every P marks (runtime.GC, or an idle program): the rest of
    /// the marking is done, and the clock moves by the time it took on all Ps.
    mutating func markWhileIdle() {
        guard gc.phase == .mark else { return }
        let cost0 = gc.markCostNs
        gcDrain(budget: .max)
        let cpu = gc.markCostNs &- cost0
        let wall = cpu / Int64(mcaches.count)
        nanotime &+= wall
        gc.controller.idleMarkTime &+= cpu
        gc.cpuNs &+= cpu
        gcMarkDone()
    }
}
