// Events: what each engine operation did, step by step, for a UI to narrate.
//
// Every path through mallocgc and mheap reports the runtime functions it went through as typed
// events, in order. Events are recorded only while `Heap.recordsEvents` is true; with it off,
// the cost is one predictable branch per step, so benchmarks run with events off.

/// Where `mcentral.cacheSpan` found the span it handed out.
public enum CacheSpanSource: String, Sendable {
    /// go1.12's lists.
    case nonempty, empty, grow
    /// go1.25's span sets.
    case partialSwept = "partial swept", partialUnswept = "partial unswept", fullUnswept = "full unswept"
}

/// One step an engine operation took, named after the runtime function that takes it.
///
/// A small allocation that misses the mcache reads:
/// `.mallocgc(144, scan)`, `.sizeClass(…class 10…)`, `.nextFreeFastMiss`, `.mcacheRefill`,
/// `.cacheSpan(… from: .nonempty)`, `.allocated(…)`.
public enum HeapEvent: Equatable, Sendable {
    /// `mallocgc(size, typ, needzero)` entered on P `p`.
    case mallocgc(size: Int, noscan: Bool, p: Int)
    /// Size 0: mallocgc returns `&zerobase` and allocates nothing.
    case zeroSized
    /// The request is small: `size_to_class8`/`size_to_class128` picked `sizeclass`.
    case sizeClass(size: Int, sizeclass: Int, slotBytes: Int, spanClass: SpanClass)
    /// Go 1.22+: an object with pointers over 512 B gets a `bytes`-byte header (its type) in
    /// front; the class is looked up for `size` + `bytes`.
    case mallocHeader(size: Int, bytes: Int)
    /// Tiny allocator: the object fits in the current block at `offset` (after alignment).
    case tinyFits(block: UInt64, offset: Int, size: Int)
    /// Tiny allocator: it does not fit; a new 16-byte block was taken. `replacedCurrent` tells
    /// whether the new block became the current one (it keeps whichever has more room).
    case tinyNewBlock(block: UInt64, size: Int, replacedCurrent: Bool)
    /// `nextFreeFast` found a free slot in the mcache's span with count-trailing-zeros.
    case nextFreeFast(span: SpanID, slot: Int)
    /// `nextFreeFast` failed (empty allocCache window, or `emptymspan`): slow path.
    case nextFreeFastMiss(span: SpanID)
    /// `nextFreeIndex` refilled allocCache from allocBits word `word`.
    case allocCacheRefill(span: SpanID, word: Int)
    /// `mcache.nextFree` found slot `slot` by scanning allocBits.
    case nextFree(span: SpanID, slot: Int)
    /// The cached span is full (`freeindex == nelems`).
    case spanFull(span: SpanID)
    /// `mcache.refill(spc)` on P `p`; `old` was the cached span (`.none` for emptymspan).
    /// `spanSets`: the heap's mcentral is go1.25's span sets (the old span goes back to one).
    /// go1.25: span `span` went into mcentral's `full` or partial set, swept or unswept.
    case spanSetPush(span: SpanID, spanClass: SpanClass, full: Bool, swept: Bool)
    case mcacheRefill(p: Int, spanClass: SpanClass, old: SpanID, spanSets: Bool = false)
    /// `mcentral.cacheSpan` handed `span` to the mcache, found on `from`.
    case cacheSpan(spanClass: SpanClass, span: SpanID, from: CacheSpanSource, freeSlots: Int, spanSets: Bool = false)
    /// `mcentral.grow` asks mheap for `npages` pages.
    case mcentralGrow(spanClass: SpanClass, npages: Int)
    /// `mheap.alloc`: span `span` of `npages` pages at `startAddr`, cut from a free span whose
    /// remaining `remainderPages` went back to the free treap; `scavenged` if its pages came back
    /// from the OS (`sysUsed`).
    case mheapAlloc(span: SpanID, npages: Int, startAddr: UInt64, remainderPages: Int, scavenged: Bool)
    /// `mheap.grow`: no free span fits `npages`; the heap must grow.
    case heapGrow(npages: Int)
    /// `sysReserve`: address space reserved (None → Reserved).
    case sysReserve(base: UInt64, bytes: Int)
    /// `sysMap`: reserved space mapped for the heap (added to HeapSys).
    case sysMap(base: UInt64, bytes: Int)
    /// `scavengeLargest` released `bytes` from the largest free spans (`sysUnused`).
    case scavengeLargest(requested: Int, released: Int)
    /// `freeSpanLocked`: span `span` became free (after coalescing: `npages` pages at `startAddr`).
    case freeSpan(span: SpanID, npages: Int, startAddr: UInt64, coalesced: Int)
    /// `largeAlloc`: a large object of `size` bytes gets its own span of `npages` pages.
    case largeAlloc(size: Int, npages: Int)
    /// The allocation finished: object at `address`, slot `slot` of `span`, `bytes` accounted.
    case allocated(address: UInt64, span: SpanID, slot: Int, bytes: Int)
    /// Allocation failed: the simulated arena has no room.
    case outOfMemory(requestedBytes: Int)

    // MARK: Collector

    /// `gcStart`: a cycle begins.
    case gcStart(cycle: Int, trigger: GCTriggerKind, heapLive: UInt64, gcTrigger: UInt64)
    /// Sweep termination (STW #1): the rest of the previous sweep was finished.
    case sweepTermination(spansSwept: Int, pauseNs: Int64)
    /// `setGCPhase`: the phase changed; the write barrier is on or off accordingly.
    case gcPhase(GCPhase, writeBarrier: Bool)
    /// `gcMarkTinyAllocs`: each P's current tiny block was blackened.
    case markTinyAllocs(blocks: Int)
    /// `markroot`: a root was scanned; `target` is what it points to (0: nil).
    case markRoot(name: String, target: UInt64)
    /// `markroot` on the data and BSS segments: every global, `slots` of them.
    case markrootGlobals(slots: Int)
    /// `markroot` → `scanstack`: a goroutine's stack, `slots` slots.
    case markrootStack(goroutine: String, slots: Int)
    /// `newproc`: a goroutine was created on P `p`.
    case newGoroutine(name: String, p: Int)
    /// Background mark workers ran while the program did: CPU time and scan work.
    case backgroundMark(cpuNs: Int64, scanWork: Int64)
    /// `gcAssistAlloc`: a goroutine in allocation debt stole background credit and did scan work.
    case assist(goroutine: String, stolen: Int64, scanWork: Int64, cpuNs: Int64)
    /// Spans swept before a cycle's first pause (gcStart's sweepone loop).
    case sweepBeforeGC(spans: Int)
    /// `deductSweepCredit`: proportional sweeping before an allocation took pages.
    case proportionalSweep(pages: Int)
    /// An object was shaded: `greyobject` set its mark bit; it became grey (queued) or, being
    /// pointer-free, black at once.
    case shade(address: UInt64, becameGrey: Bool, reason: ShadeReason)
    /// `scanobject`: a grey object was scanned and turned black.
    case scanObject(address: UInt64, pointers: Int)
    /// `gcmarknewobject`: an object allocated during marking is black from the start.
    case allocateBlack(address: UInt64)
    /// A pointer store: `*slot = new`, through the write barrier if it is on.
    case pointerStore(slot: UInt64, old: UInt64, new: UInt64, barrier: Bool)
    /// A root slot was set (stack writes have no barrier; globals do).
    case rootStore(name: String, old: UInt64, new: UInt64, barrier: Bool)
    /// Mark termination (STW #2): marked bytes and the next heap goal.
    case markTermination(bytesMarked: UInt64, nextGC: UInt64, pauseNs: Int64, cyclePauseNs: Int64)
    /// A span was swept: `freed` objects freed; `toHeap` if the whole span went back to mheap.
    case sweepSpan(span: SpanID, freed: Int, toHeap: Bool, by: SweepAgent)
    /// Sweeping finished: every span is swept.
    case sweepDone
    /// The cycle's `GODEBUG=gctrace=1` line.
    case gctrace(String)
    /// The scavenger released `bytes` of free spans to the OS.
    case scavenge(released: Int)
    /// A pointer that points at no live object was found (only possible with the barrier off).
    case badPointer(address: UInt64, from: UInt64)
}

/// Why an object was shaded.
public enum ShadeReason: String, Sendable {
    case root, scan, tinyBlock, barrierOld, barrierNew, heldByAllocator

    /// In words, for the narration (the case names are Swift's, not the runtime's).
    public var text: String {
        switch self {
        case .root: "a root"
        case .scan: "scanobject"
        case .tinyBlock: "a P's tiny block"
        case .barrierOld: "write barrier, the old value"
        case .barrierNew: "write barrier, the new value"
        case .heldByAllocator: "just allocated: the allocating goroutine holds it"
        }
    }
}

/// Who swept a span.
public enum SweepAgent: String, Sendable {
    /// `bgsweep` / `sweepone`, or a step the scenario asked for.
    case background
    /// `mcentral.cacheSpan` sweeping a span it is about to hand out.
    case allocator
    /// `mheap.reclaim`, sweeping before allocating pages.
    case reclaim
    /// Sweep termination or `runtime.GC()` finishing the sweep.
    case finish
    /// `gcStart` sweeping what is left before it stops the world.
    case beforeGC
    /// `deductSweepCredit`: an allocation paying its proportional share of sweeping.
    case proportional
    /// `mcentral.uncacheSpan`, flushing an mcache after mark termination (prepareForSweep →
    /// releaseAll): a span cached before the sweep began is swept by the flusher.
    case mcacheFlush

    /// In words, for the narration.
    public var text: String {
        switch self {
        case .background: "background sweeper"
        case .allocator: "by the allocator"
        case .reclaim: "mheap.reclaim"
        case .finish: "finishing the sweep"
        case .beforeGC: "before the next cycle"
        case .proportional: "proportional sweep: deductSweepCredit"
        case .mcacheFlush: "flushing the mcache: uncacheSpan"
        }
    }
}

extension Heap {
    /// Appends `e` to `events`. Out of line: the hot paths call it only when someone listens,
    /// and an append written out in each of them costs every allocation and store the
    /// append's code, registers and stack space even when no one does.
    @inline(never)
    mutating func emit(_ e: HeapEvent) { events.append(e) }
}
