// Events: what each engine operation did, step by step, for a UI to narrate.
//
// Every path through mallocgc and mheap reports the runtime functions it went through as typed
// events, in order. Events are recorded only while `Heap.recordsEvents` is true; with it off,
// the cost is one predictable branch per step, so benchmarks run with events off.

/// Where `mcentral.cacheSpan` found the span it handed out.
public enum CacheSpanSource: String, Sendable {
    case nonempty, empty, grow
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
    case mcacheRefill(p: Int, spanClass: SpanClass, old: SpanID)
    /// `mcentral.cacheSpan` handed `span` to the mcache, found on `from`.
    case cacheSpan(spanClass: SpanClass, span: SpanID, from: CacheSpanSource, freeSlots: Int)
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
}
