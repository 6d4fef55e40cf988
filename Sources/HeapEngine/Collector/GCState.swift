// The collector's state: the phase, the grey work queue, the pacer's numbers and the record of
// every finished cycle.
//
// One cycle, in order (runtime/mgc.go, go1.12), and the phase heapscope shows for each part:
//
//  1. sweeptermination — stop the world (STW #1) and sweep any span the previous cycle left
//     unswept.
//  2. mark — gcphase = _GCmark: the write barrier goes on, objects allocated from now on are
//     black, the current tiny blocks are blackened (gcMarkTinyAllocs), and the roots are
//     marked: every stack slot and global shades the object it points to grey. The world
//     restarts; grey objects are scanned one at a time (each turns black and shades what it
//     points to) until none is left.
//  3. marktermination — stop the world (STW #2), gcphase = _GCmarktermination; the mcaches are
//     flushed, heap_marked becomes the bytes marked, the pacer sets the next trigger and goal.
//  4. sweep — gcphase = _GCoff, the barrier goes off, sweepgen += 2 so every span now "needs
//     sweeping"; spans are swept lazily by allocation and by the background sweeper. Once the
//     last span is swept the collector is idle ("off") until the next trigger.
//
// Colours are read off the real bitmaps: white = mark bit clear, grey = mark bit set and the
// object still queued, black = mark bit set and scanned (or never needing a scan: noscan).
//
// heapscope simplifications: there are no mark assists and no dedicated/fractional/idle worker
// split — marking advances only when asked (gc step N) or, for a cycle the heap triggers on its
// own, runs to completion at the allocation that triggered it; the mcaches are flushed eagerly
// during mark termination (the runtime lets each P flush its own at its next safe point);
// objects are not split into oblets; proportional sweep credit is not modelled (spans are swept
// by allocation, by the page reclaimer and by explicit background-sweeper steps). Times come
// from a cost model, not a clock (PauseModel).

/// Where the collector is in its cycle.
public enum GCPhase: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `_GCoff` with sweeping finished: idle.
    case off
    /// STW #1: finishing the previous sweep.
    case sweeptermination
    /// `_GCmark`: marking, write barrier on.
    case mark
    /// `_GCmarktermination`: STW #2.
    case marktermination
    /// `_GCoff` while spans remain to sweep.
    case sweep

    public var description: String { rawValue }
    /// The runtime's `gcphase` during this stage (mgc.go has exactly three values: sweep
    /// termination and the sweep both run with gcphase = _GCoff).
    public var runtimeName: String {
        switch self {
        case .off, .sweep, .sweeptermination: "_GCoff"
        case .mark: "_GCmark"
        case .marktermination: "_GCmarktermination"
        }
    }
}

/// How the collector runs.
public enum CollectorMode: String, Sendable, CaseIterable {
    /// Go 1.5+: short stops at sweep termination and mark termination, concurrent mark.
    case concurrent
    /// Go 1.3 style: the world stays stopped from the start of marking to the end of sweeping.
    case stw
}

/// Why a cycle started (`gcTrigger.kind`).
public enum GCTriggerKind: String, Sendable {
    /// heap_live reached gc_trigger.
    case heap
    /// Two minutes without a cycle (sysmon's forced GC).
    case time
    /// runtime.GC() or debug.FreeOSMemory().
    case cycle
}

/// What one finished cycle looked like: the facts a gctrace line prints.
public struct GCCycleRecord: Equatable, Sendable {
    public let number: Int
    public let trigger: GCTriggerKind
    public let mode: CollectorMode
    /// heap_live at the start, at mark termination, and marked (live) bytes.
    public let heap0, heap1, heap2: UInt64
    /// The heap goal when the cycle started.
    public let heapGoal: UInt64
    /// Simulated time of sweep termination.
    public let startNanotime: Int64
    /// Wall time of STW #1, of concurrent marking, and of STW #2 (ns, from the cost model).
    public let sweepTermNs, markNs, markTermNs: Int64
    /// Mark CPU time of assists, of background (dedicated and fractional) workers, and of idle
    /// workers (ns).
    public let assistCPUNs, backgroundCPUNs, idleCPUNs: Int64
    /// Objects marked, roots scanned, spans swept at sweep termination.
    public let objectsMarked, rootsScanned, spansSweptAtStart: Int
    public let procs: Int
    /// `gc_cpu_fraction` at this cycle's mark termination (the gctrace line's %).
    public internal(set) var gcCPUFraction: Double = 0
    /// Go 1.18+: the stack bytes this cycle scanned and the globals' (gctrace prints both);
    /// nil under go1.12.
    public internal(set) var stackScan: UInt64? = nil
    public internal(set) var globalsScan: UInt64? = nil
    /// The whole cycle's stop-the-world time.
    public var pauseNs: Int64 { mode == .stw ? sweepTermNs + markNs + markTermNs : sweepTermNs + markTermNs }
}

/// The collector's state (`work`, `gcController`, `memstats` pacing fields).
public struct GCState: Equatable, Sendable {
    public internal(set) var phase: GCPhase = .off { didSet { updateDerivedFlags() } }
    public internal(set) var mode: CollectorMode { didSet { updateDerivedFlags() } }
    /// False only when a scenario turns the barrier off to show what it prevents.
    public internal(set) var writeBarrierAllowed: Bool { didSet { updateDerivedFlags() } }
    /// `writeBarrierEnabled`, kept as the three fields it follows change: every pointer store
    /// reads it.
    private(set) var writeBarrierOn = false
    /// `phase == .mark && blackenEnabled`, kept the same way: workers and assists mark now.
    /// Every allocation and store asks.
    private(set) var workersMark = false
    /// Grey objects waiting to be scanned (the gcWork buffers), last in first out.
    public internal(set) var workQueue: [UInt64] = []
    /// `gcController`: the pacer's state during a cycle.
    public internal(set) var controller = GCController()
    /// `gcBlackenEnabled`: background workers and assists mark (a cycle the heap, sysmon or
    /// runtime.GC started; not one a scenario drives with `gc start` and `gc step`).
    public internal(set) var blackenEnabled = false { didSet { updateDerivedFlags() } }
    /// The root jobs of the cycle under way (`work.markrootJobs`) and the next one to run
    /// (`work.markrootNext`).
    public internal(set) var rootJobs: [RootJob] = []
    public internal(set) var rootNext = 0
    /// `work.bytesMarked`.
    public internal(set) var bytesMarked: UInt64 = 0
    public internal(set) var objectsMarked = 0
    public internal(set) var rootsScanned = 0
    /// The cost model's CPU time for the marking done this cycle (PauseModel).
    public internal(set) var markCostNs: Int64 = 0
    /// `gcpercent` (-1 for off).
    public internal(set) var gcpercent: Int = 100
    /// `heapminimum`.
    public internal(set) var heapminimum: UInt64 = 4 << 20
    /// `memstats.triggerRatio`.
    public internal(set) var triggerRatio: Double = 7.0 / 8.0
    /// `memstats.heap_marked`.
    public internal(set) var heapMarked: UInt64 = 0
    /// `memstats.gc_trigger`.
    public internal(set) var gcTrigger: UInt64 = 0
    /// `memstats.next_gc`: the heap goal.
    public internal(set) var nextGC: UInt64 = 0
    /// The Go 1.18 pacer's state (go1.25 profile; Heap+Pacer118.swift).
    public internal(set) var pacer118 = Pacer118State()
    /// `memstats.numgc`, `numforcedgc`.
    public internal(set) var numgc = 0
    public internal(set) var numForcedGC = 0
    /// `memstats.last_gc_nanotime`; nil before the first cycle (the runtime's 0).
    public internal(set) var lastGCNanotime: Int64?
    /// `mheap_.sweepdone`.
    public internal(set) var sweepdone = true
    /// Next span index the background sweeper looks at.
    var sweepCursor = 0
    /// Pause times of the last `GCState.historyLength` cycles, oldest first (as
    /// `MemStats.PauseNs` keeps the last 256): a scenario of a million cycles keeps 256.
    public internal(set) var pauses: [Int64] = []
    public internal(set) var pauseTotalNs: Int64 = 0
    /// GC CPU time so far, by the cost model.
    public internal(set) var cpuNs: Int64 = 0
    /// The last `GCState.historyLength` finished cycles, oldest first (`numgc` counts them all).
    public internal(set) var cycles: [GCCycleRecord] = []
    /// How many cycles `pauses` and `cycles` keep: the runtime's `len(PauseNs)`.
    public static let historyLength = 256
    /// The collector's work over the heap's life, in pointer words scanned plus roots marked
    /// plus spans swept plus free spans the scavenger looked at: what a scenario's work limit
    /// is counted in. Not a runtime figure.
    public internal(set) var workDone = 0
    /// The cycle under way.
    var current: InProgress?
    /// The stop-the-world time of the cycle under way so far (its sweep termination), or nil
    /// when none is under way. `PauseTotalNs` counts it only at mark termination.
    public var currentPauseNs: Int64? { current?.sweepTermNs }
    /// sysmon's scavenger bookkeeping (`lastscavenge`, `nscavenge`).
    public internal(set) var lastScavengeNanotime: Int64 = 0
    public internal(set) var nscavenge = 0

    struct InProgress: Equatable, Sendable {
        var trigger: GCTriggerKind
        var heap0: UInt64
        var heapGoal: UInt64
        var start: Int64
        var sweepTermNs: Int64
        var spansSwept: Int
    }

    init(mode: CollectorMode, writeBarrier: Bool) {
        self.mode = mode
        self.writeBarrierAllowed = writeBarrier
        updateDerivedFlags()
    }

    /// `writeBarrier.enabled`: on during mark and mark termination (unless turned off to teach).
    /// Go 1.3's stop-the-world collector had none: the program never ran while it marked.
    @inline(__always) public var writeBarrierEnabled: Bool { writeBarrierOn }

    private mutating func updateDerivedFlags() {
        writeBarrierOn = writeBarrierAllowed && mode == .concurrent && (phase == .mark || phase == .marktermination)
        workersMark = phase == .mark && blackenEnabled
    }
    /// Whether new objects are allocated black (`gcphase != _GCoff`).
    @inline(__always) public var allocatesBlack: Bool { phase == .mark || phase == .marktermination }
}

/// heapscope's cost model for pauses and GC CPU time. These are model constants, not
/// measurements of a machine; they are chosen so the two collector modes compare as the
/// literature reports.
///
/// - Each stop-the-world costs `stwBaseNs` plus `stwPerPNs` per P (stopping and restarting Ps).
/// - Marking costs `markPerObjectNs` per object marked, `markPerScanByteNs` per byte scanned
///   (the object's pointer prefix, its scan work) and `markPerRootNs` per root slot. A 48-byte
///   object with 40 bytes to scan costs 100 ns, Baidu's figure for its BFE proxy on Go 1.3's
///   stop-the-world collector (about 1 ms per 10,000 objects, ≈ 50 ms for half a million);
///   a 32 KiB block of pointers costs 65 µs.
/// - Sweeping costs `sweepPerSpanNs` per span.
/// - Who pays: in the stop-the-world mode the pause; in the concurrent collector background
///   workers, idle Ps and mark assists (GCController.swift), as simulated time passes.
public enum PauseModel {
    public static let stwBaseNs: Int64 = 10_000
    public static let stwPerPNs: Int64 = 1_000
    public static let markPerObjectNs: Int64 = 20
    public static let markPerScanByteNs: Int64 = 2
    public static let markPerRootNs: Int64 = 10
    public static let sweepPerSpanNs: Int64 = 1_000

    static func stw(procs: Int) -> Int64 { stwBaseNs + stwPerPNs * Int64(procs) }
}
