// mheap: the page heap under everything (runtime/mheap.go, malloc.go; go1.12).
//
// Glossary (one line each, in the manner of malloc.go):
//   page        8 KiB; the unit mheap allocates in. heapscope's arena is an array of pages.
//   heapArena   64 MiB of address space with its own metadata (the page→span map, bitmaps);
//               mheap.sysAlloc reserves and maps address space one heapArena at a time.
//   h.spans     the page→span map: for an in-use span every page maps to it; for a free span
//               its first and last page do (enough for coalescing). heapscope: the same name.
//   allspans    every mspan struct ever made; heapscope: the same name, indexed by SpanID.
//   free, scav  go1.12's two treaps of free spans, not released / released to the OS.
//   sweepgen    +2 at every GC; each span's sweepgen says whether it has been swept (mheap.go, mspan.sweepgen).
//
// Allocating n pages (mheap.alloc → alloc_m → allocSpanLocked):
//   1. pickFreeSpan: the best fit from free and scav (smallest span of at least n pages).
//   2. Nothing fits: grow(n) — sysAlloc maps whole heapArenas, scavengeLargest releases as many
//      bytes from the largest free spans to offset the new address space, and the new memory
//      becomes a free span (coalescing with its neighbours) — then pick again.
//   3. A larger span is split: the tail becomes a new free span.
//   4. A scavenged span is sysUsed again and leaves HeapReleased.
//   5. The span becomes mSpanInUse; HeapInuse grows and HeapIdle shrinks.
//
// Freeing (freeSpanLocked): the span becomes mSpanFree, coalesces with free neighbours of the
// same scavenged state (on amd64, physical pages are smaller than runtime pages, so go1.12's
// realign step does nothing), and goes into free or scav.
//
// heapscope simplifications, stated plainly:
//   - The simulated arena is a fixed range of pages starting at 0xc000000000; heapArenas are
//     mapped from its bottom up, as the arena hints would place them. When the simulated arena
//     is smaller than a heapArena, sysAlloc maps what remains of it. A request beyond the
//     arena is an out-of-memory error instead of a fault.
//   - mspan structs live in a table and are recycled through a free list (spanalloc).
//   - The free treaps are sorted arrays (FreeSpanSet), with the same best-fit answers.

/// The page heap (`mheap_`): the arena's pages, every mspan, the free-span sets and the
/// counters that `runtime.MemStats` is computed from.
public struct MHeap: Equatable, Sendable {
    /// `allspans`: every mspan struct, indexed by `SpanID`; dead ones are recycled.
    public internal(set) var allspans: [MSpan] = []
    /// spanalloc's free list: dead mspan structs ready for reuse, last freed first.
    internal var deadSpans: [SpanID] = []
    /// `h.spans` / `heapArena.spans`: the span that owns each page (`.none` if never set).
    /// A flat array (4 bytes a page, 8 MiB at 16 GiB): it is read on every pointer the
    /// collector follows and written only when spans are made or freed, so a copy costs
    /// little and a read must cost nothing (the heap's words, written on every store, are in
    /// chunks instead: `HeapMemory`).
    public internal(set) var spans: [SpanID]
    /// Every span's allocBits, gcmarkBits and grey bits: three parts per region.
    public internal(set) var gcBits = RegionStore<UInt64>(parts: 3)
    /// The type of the object in each slot of a span whose objects may hold pointers.
    public internal(set) var slotTypes = RegionStore<UInt16>(parts: 1)
    /// `free`: free spans not released to the OS.
    public internal(set) var free = FreeSpanSet()
    /// `scav`: free spans released to the OS.
    public internal(set) var scav = FreeSpanSet()
    /// go1.25's page allocator: in-use and scavenged bits per page (PageAlloc.swift); empty
    /// under go1.12, whose free pages are the spans in `free` and `scav`.
    public internal(set) var pages = PageAlloc()
    /// `sweepgen`.
    public internal(set) var sweepgen: UInt32 = 0
    /// `pagesInUse`: pages in mSpanInUse spans.
    public internal(set) var pagesInUse: Int = 0
    /// Sweep pacing (`sweepPagesPerByte`, `sweepHeapLiveBasis`, `pagesSwept`,
    /// `pagesSweptBasis`): how many pages each byte of heap growth must sweep so that the sweep
    /// ends before the next trigger.
    public internal(set) var sweepPagesPerByte: Double = 0
    public internal(set) var sweepHeapLiveBasis: UInt64 = 0
    public internal(set) var pagesSwept: Int = 0
    public internal(set) var pagesSweptBasis: Int = 0
    /// The page reclaimer (`reclaimIndex`, `reclaimCredit`): the next page it scans, in chunks
    /// of 512, and pages freed beyond what was asked, for the next request.
    public internal(set) var reclaimIndex: Int = 0
    public internal(set) var reclaimCredit: Int = 0
    /// Pages of the arena that sysAlloc has reserved and mapped (always a prefix).
    public internal(set) var mappedPages: Int = 0
    /// Base page and page count of each heapArena mapped so far (`allArenas`).
    public internal(set) var arenas: [ClosedRange<Int>] = []
    /// `scavengeCredit`: bytes scavenged beyond what grow asked for.
    public internal(set) var scavengeCredit: Int = 0
    /// `largealloc`, `nlargealloc`, `largefree`, `nlargefree`.
    public internal(set) var largealloc: UInt64 = 0
    public internal(set) var nlargealloc: UInt64 = 0
    public internal(set) var largefree: UInt64 = 0
    public internal(set) var nlargefree: UInt64 = 0
    /// `nsmallfree[sizeclass]`: small objects freed by sweeping, per size class.
    public internal(set) var nsmallfree: [UInt64]

    /// Pages in the simulated arena.
    public let arenaPages: Int

    init(arenaPages: Int, numSizeClasses: Int) {
        self.arenaPages = arenaPages
        self.spans = [SpanID](repeating: .none, count: arenaPages)
        self.nsmallfree = [UInt64](repeating: 0, count: numSizeClasses)
    }

    /// The span that owns `page`, if any span was ever recorded there.
    @inline(__always) public func span(atPage page: Int) -> SpanID {
        page >= 0 && page < arenaPages ? spans[page] : .none
    }

    /// Word `i` of span `id`'s allocBits.
    @inline(__always) public func allocBitsWord(_ id: SpanID, _ i: Int) -> UInt64 {
        gcBits.storage[allspans[id.index].allocBitsOffset + i]
    }

    /// Word `i` of span `id`'s gcmarkBits.
    @inline(__always) public func gcmarkBitsWord(_ id: SpanID, _ i: Int) -> UInt64 {
        gcBits.storage[allspans[id.index].gcmarkBitsOffset + i]
    }

    /// Whether slot `i` of span `id` has its allocBit set.
    @inline(__always) public func isAllocBitSet(_ id: SpanID, slot i: Int) -> Bool {
        allocBitsWord(id, i >> 6) >> UInt64(i & 63) & 1 != 0
    }

    /// Whether slot `i` is allocated: allocBit set, or below freeindex.
    @inline(__always) public func isSlotAllocated(_ id: SpanID, slot i: Int) -> Bool {
        i < Int(allspans[id.index].freeindex) || isAllocBitSet(id, slot: i)
    }
}
