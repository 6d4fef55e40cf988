// The simulated Go heap: one value holding everything the allocator and collector own.
//
// Allocating a small object proceeds up a hierarchy of caches (runtime/malloc.go):
//
//  1. Round the size up to a size class and look in this P's mcache at the span for that span
//     class. If it has a free slot (nextFreeFast: one count-trailing-zeros on allocCache), take
//     it. No lock, no shared state.
//  2. If the mcache's span is full (nextFree → refill), ask the class's mcentral for a span with
//     free space (cacheSpan). Taking a whole span amortises the cost of locking mcentral.
//  3. If mcentral has no span with free space, it grows: mheap allocates a run of pages for a
//     new span (mheap.alloc).
//  4. If mheap has no free run large enough, it grows the heap by mapping address space from the
//     operating system, at least one 64 MiB heapArena at a time (mheap.grow, sysAlloc).
//
// Pointer-free objects under 16 bytes share 16-byte blocks (the tiny allocator), and objects
// over 32 KiB skip the caches entirely and take whole pages from mheap (largeAlloc).
//
// heapscope's Heap is a value type: all state lives in flat arrays indexed by span, page or P,
// so copying a Heap is a cheap copy-on-write snapshot, and the same operations on the same
// starting value give the same result, byte for byte. It has no clock, no files, no terminal:
// simulated time (`nanotime`) only moves when a caller advances it.

/// A simulated Go runtime heap: `mheap_`, the mcentrals, one mcache per P and the `memstats`
/// counters, following one `RuntimeProfile`.
///
/// ```swift
/// var heap = try Heap(config: HeapConfig(procs: 2))
/// let a = try heap.mallocgc(size: 144, noscan: false, p: 0)   // 0xc000000000
/// heap.readMemStats().heapAlloc                                // 144
/// ```
public struct Heap: Equatable, Sendable {
    /// The address `mallocgc(0)` returns. It stands for `&runtime.zerobase`, a variable in the
    /// program's data segment, not in the heap; only its identity matters.
    public static let zerobase: UInt64 = 0x1000

    public let profile: RuntimeProfile
    public let config: HeapConfig
    /// `mheap_`.
    public internal(set) var mheap: MHeap
    /// `mheap_.central[spanClass]`.
    public internal(set) var central: [MCentral]
    /// `allp[i].mcache`.
    public internal(set) var mcaches: [MCache]
    /// The runtime's `memstats` counters.
    public internal(set) var memstats = RuntimeCounters()
    /// Simulated `nanotime()`.
    public internal(set) var nanotime: Int64 = 0
    /// Record events of every operation in `events` (off by default: narration costs nothing
    /// when no one listens).
    public var recordsEvents = false
    /// Events recorded since the last `takeEvents()`.
    public internal(set) var events: [HeapEvent] = []
    /// Registered types; `TypeID` indexes this (0: noscan, 1: raw pointer words).
    public internal(set) var types: [GoType] = Heap.builtinTypes
    /// Every type's pointer words, flat, and where each type's run is (scanning reads these).
    var typePointerWords: [Int32] = []
    var typeLayouts: [TypeLayout] = [TypeLayout(first: 0, count: 0, allWords: false),
                                     TypeLayout(first: 0, count: 0, allWords: true)]
    /// Root slots: goroutine stack slots and globals.
    public internal(set) var roots: [RootSlot] = []
    /// `allgs`: the goroutines, main first.
    public internal(set) var goroutines: [Goroutine] = [Goroutine(name: "main", p: 0)]
    /// Each goroutine's index by name, and the live root slots on each goroutine's stack: so
    /// that a step, or one stack's root job, costs the same with 20,000 goroutines as with one.
    var goroutineIndex: [String: Int] = ["main": 0]
    var stackRootIndex: [String: [Int]] = [:]
    /// The goroutine holding what mallocgc just returned, if any (`Goroutine.held`).
    var heldGoroutine: Int? = nil
    /// Indices of dropped root slots, reused by `addRoot` so that a loop declaring a variable
    /// per iteration does not grow the root table (a goroutine's frame reuses its slots too).
    var freeRootSlots: [Int] = []
    /// Values of pointer words.
    public internal(set) var memory: HeapMemory
    /// The collector.
    public internal(set) var gc: GCState
    /// storePointer's memos of the object last stored into and the object last allocated, and
    /// the count of sweeps and span frees that invalidates them (ObjectMemo.swift). A cache.
    var storeMemo = ObjectMemo()
    var allocMemo = ObjectMemo()
    /// The spans the drain and the write barrier last found a pointer in (ObjectMemo.swift).
    /// Caches, too.
    var markMemo = SpanMemo()
    var barrierMemo = SpanMemo()
    var densePageMemo = DensePageMemo()
    var freeEpoch: UInt64 = 0

    // Hot-path copies of profile facts.
    @usableFromInline let pageShift: Int
    @usableFromInline let arenaBase: UInt64
    /// The profile's page allocator is go1.25's bitmap (Heap+PageBitmap.swift).
    let usesPageBitmap: Bool
    /// The profile's mcentral holds span sets (Heap+SpanSets.swift).
    let usesSpanSets: Bool
    /// The profile paces by the Go 1.18 cons/mark model (Heap+Pacer118.swift).
    let pacesByConsMark: Bool
    /// `profile.maxSmallRequest`, read on every allocation.
    let maxSmallRequest: Int

    /// A new, empty heap: no address space mapped yet, every mcache pointing at emptymspan.
    public init(config: HeapConfig = HeapConfig()) throws(HeapError) {
        guard let profile = RuntimeProfile.named(config.profileName) else {
            throw .invalidConfig("unknown runtime profile '\(config.profileName)'")
        }
        guard (1...HeapConfig.maxProcs).contains(config.procs) else {
            throw .invalidConfig("procs must be 1…\(HeapConfig.maxProcs), not \(config.procs)")
        }
        guard config.arenaBytes >= profile.pageSize, config.arenaBytes <= HeapConfig.maxArenaBytes,
              config.arenaBytes % profile.pageSize == 0
        else {
            throw .invalidConfig("the arena must be a whole number of \(ByteCount(profile.pageSize)) pages between \(ByteCount(profile.pageSize)) and \(ByteCount(HeapConfig.maxArenaBytes)), not \(config.arenaBytes) bytes")
        }
        self.profile = profile
        self.config = config
        self.pageShift = profile.pageShift
        self.arenaBase = profile.arenaBaseAddress
        self.usesPageBitmap = profile.pageAllocator == .bitmap
        self.usesSpanSets = profile.mcentralShape == .spanSets
        self.pacesByConsMark = profile.pacer == .consMark
        self.maxSmallRequest = profile.maxSmallRequest
        self.mheap = MHeap(arenaPages: config.arenaBytes >> profile.pageShift,
                           numSizeClasses: profile.sizeClasses.count)
        if profile.pageAllocator == .bitmap { mheap.pages = PageAlloc(arenaPages: mheap.arenaPages) }
        self.central = (0..<profile.numSpanClasses).map {
            MCentral(spanclass: SpanClass(rawValue: UInt8($0)))
        }
        self.mcaches = [MCache](repeating: MCache(numSpanClasses: profile.numSpanClasses),
                                count: config.procs)
        self.memory = HeapMemory(pages: config.arenaBytes >> profile.pageShift,
                                 pageShift: profile.pageShift, base: profile.arenaBaseAddress)
        self.gc = GCState(mode: config.collector, writeBarrier: config.writeBarrier)
        if let g = config.gogc, g < 0 {
            throw .invalidConfig("GOGC must be a percentage of at least 0, or off, not \(g)")
        }
        if config.memoryLimit != nil && profile.pacer != .consMark {
            throw .invalidConfig("a memory limit (GOMEMLIMIT) needs Go 1.19 or later: use profile go1.25")
        }
        if let l = config.memoryLimit, l < 0 {
            throw .invalidConfig("the memory limit must be at least 0 bytes, not \(l)")
        }
        if profile.pacer == .consMark {
            // gcinit (Go 1.18+): nothing marked yet; commit derives the first goal, 4 MiB.
            gc.heapMarked = 0
            gc.pacer118.memoryLimit = config.memoryLimit ?? .max
        } else {
            // gcinit: a fake heap_marked so that the first trigger lands on heapminimum.
            gc.heapMarked = UInt64(Double(gc.heapminimum) / (1 + gc.triggerRatio))
        }
        setGCPercent(config.gogc)
        // Every span covers at least one page, so the arena's page count bounds the mspan table.
        // Reserving address space up front avoids regrowing the tables on the allocation path;
        // the operating system backs only what is touched.
        mheap.allspans.reserveCapacity(mheap.arenaPages + 1)
    }

    /// Two heaps are equal when their state is: whether events are recorded, and which are
    /// waiting to be taken, are the listener's business and take no part, nor do
    /// storePointer's memos (a cache). `HeapTests` lists
    /// the stored properties, so that a new one cannot be left out of this comparison.
    public static func == (a: Heap, b: Heap) -> Bool {
        a.profile == b.profile && a.config == b.config && a.nanotime == b.nanotime
            && a.memstats == b.memstats && a.mcaches == b.mcaches && a.central == b.central
            && a.types == b.types && a.typePointerWords == b.typePointerWords
            && a.typeLayouts == b.typeLayouts && a.roots == b.roots && a.goroutines == b.goroutines
            && a.goroutineIndex == b.goroutineIndex && a.stackRootIndex == b.stackRootIndex
            && a.heldGoroutine == b.heldGoroutine && a.freeRootSlots == b.freeRootSlots
            && a.pageShift == b.pageShift && a.arenaBase == b.arenaBase
            && a.usesPageBitmap == b.usesPageBitmap && a.usesSpanSets == b.usesSpanSets
            && a.pacesByConsMark == b.pacesByConsMark && a.maxSmallRequest == b.maxSmallRequest
            && a.gc == b.gc && a.mheap == b.mheap && a.memory == b.memory
    }

    /// The stored properties `==` compares, and those it leaves out on purpose.
    static let comparedProperties: Set<String> = [
        "profile", "config", "nanotime", "memstats", "mcaches", "central", "types",
        "typePointerWords", "typeLayouts", "roots", "goroutines", "goroutineIndex",
        "stackRootIndex", "heldGoroutine", "freeRootSlots", "pageShift", "arenaBase", "gc",
        "mheap", "memory", "usesPageBitmap", "usesSpanSets", "pacesByConsMark",
        "maxSmallRequest",
    ]
    static let uncomparedProperties: Set<String> = ["recordsEvents", "events", "storeMemo", "allocMemo", "markMemo", "barrierMemo", "densePageMemo", "freeEpoch"]

    /// Returns the events recorded so far and clears the log.
    public mutating func takeEvents() -> [HeapEvent] {
        // Hand the buffer over instead of copying it: `removeAll(keepingCapacity:)` on a buffer
        // the caller still holds would allocate a new one as large as the biggest step so far
        // (a whole GC cycle's events) on every call.
        let taken = events
        events = []
        return taken
    }

    // MARK: Addresses

    /// The address of the first byte of `page`.
    @inline(__always) public func address(ofPage page: Int) -> UInt64 {
        Heap.address(ofPage: page, arenaBase: arenaBase, pageShift: pageShift)
    }

    /// `address(ofPage:)` for mutating hot paths: a static function of the two fields, because
    /// in a debug build calling a method of the heap from a mutating one copies the whole heap.
    @inline(__always) static func address(ofPage page: Int, arenaBase: UInt64, pageShift: Int) -> UInt64 {
        arenaBase &+ UInt64(truncatingIfNeeded: page) &<< UInt64(truncatingIfNeeded: pageShift)
    }

    /// `s.base()`.
    @inline(__always) public func base(of id: SpanID) -> UInt64 {
        address(ofPage: Int(mheap.allspans[id.index].startPage))
    }

    /// Bytes covered by span `id`.
    @inline(__always) public func bytes(of id: SpanID) -> Int {
        Int(mheap.allspans[id.index].npages) &<< pageShift
    }

    /// The page holding `address`, if it is inside the simulated arena.
    public func page(of address: UInt64) -> Int? {
        guard address >= arenaBase else { return nil }
        let p = (address - arenaBase) &>> UInt64(pageShift)
        return p < UInt64(mheap.arenaPages) ? Int(p) : nil
    }

    /// Where a heap address lives: its in-use span and slot (`spanOfHeap` + the slot index).
    public func locate(_ address: UInt64) -> (span: SpanID, slot: Int)? {
        guard let p = page(of: address) else { return nil }
        let id = mheap.spans[p]
        guard !id.isNone else { return nil }
        let s = mheap.allspans[id.index]
        let base = self.base(of: id)
        guard s.state == .inUse, address >= base, address < base + UInt64(s.limitOffset) else {
            return nil
        }
        return (id, Int((address - base) / UInt64(s.elemsize)))
    }
}
