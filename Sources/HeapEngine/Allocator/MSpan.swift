// mspan: a run of contiguous pages, and for small objects the slots carved out of it.
//
// An mspan describes npages pages starting at startAddr. An in-use span of a small size class is
// cut into nelems slots of elemsize bytes; a large object's span (class 0) holds one object of
// npages·8192 bytes. Free pages are also described by mspans (state mSpanFree) that sit in
// mheap's free treaps until they are allocated or coalesced.
//
// Finding a free slot (runtime/malloc.go, mbitmap.go):
//
//   - allocBits has one bit per slot, set for slots that were live at the last sweep. Allocation
//     does NOT set allocBits: every slot below freeindex counts as allocated, and a slot at or
//     above freeindex is free when its allocBit is clear. So the allocated slots are
//     allocBits ∪ [0, freeindex), and allocCount is the size of that set.
//   - allocCache is a 64-bit window holding the *complement* of allocBits, shifted so that bit 0
//     stands for slot freeindex. count-trailing-zeros finds the next free slot in one
//     instruction (nextFreeFast); when the window runs out, nextFreeIndex refills it from the
//     next 64-bit word of allocBits.
//   - gcmarkBits is where the collector marks. Sweep makes gcmarkBits the new allocBits and
//     gives the span fresh, zeroed mark bits.
//
// heapscope keeps the bitmaps of every span in one flat array of 64-bit words (RegionStore):
// allocBits and gcmarkBits sized to nelems, plus a third part that records which marked
// objects are still grey (queued). Which of the first two parts is allocBits flips at each
// sweep, the way the runtime swaps its two *gcBits pointers.

/// An `mspan` (runtime/mheap.go): a run of pages and, for a small size class, its slots.
///
/// Example: a class-10 span has `npages` 1, `elemsize` 144, `nelems` 56, and after three
/// allocations `freeindex` 3, `allocCount` 3, `allocCache` = ~0 >> 3.
public struct MSpan: Equatable, Sendable {
    /// Index of the first page in the simulated arena; `startAddr` is derived from it.
    public internal(set) var startPage: Int32 = 0
    /// `npages`: number of 8 KiB pages.
    public internal(set) var npages: Int32 = 0
    /// `nelems`: number of slots (1 for a large object's span).
    public internal(set) var nelems: Int32 = 0
    /// `elemsize`: bytes per slot; npages·8192 for a large object's span.
    public internal(set) var elemsize: Int = 0
    /// `freeindex`: slot where the search for the next free slot starts.
    public internal(set) var freeindex: Int32 = 0
    /// `allocCount`: allocated slots.
    public internal(set) var allocCount: Int32 = 0
    /// `allocCache`: complement of allocBits, bit 0 = slot freeindex.
    public internal(set) var allocCache: UInt64 = 0
    /// `sweepgen`: compared with mheap.sweepgen (see MHeap).
    public internal(set) var sweepgen: UInt32 = 0
    /// `spanclass`: size class and noscan bit.
    public internal(set) var spanclass = SpanClass(rawValue: 0)
    /// `state`.
    public internal(set) var state: MSpanState = .dead
    /// `needzero`: memory must be zeroed before it is handed out.
    public internal(set) var needzero = false
    /// `scavenged`: the pages were released to the OS (free spans only).
    public internal(set) var scavenged = false
    /// Which list holds the span (the runtime's `list` pointer).
    public internal(set) var list: SpanListKind = .none
    /// Some page of the span holds stored pointer words (HeapMemory keeps storage for it). Not
    /// the runtime's: heapscope stores only pointer words, and a span none of whose pages
    /// ever held one needs no zeroing and no reading of words to scan (churn's nodes, whose
    /// pointers stay nil). Set by the first non-nil store into the span, recomputed from
    /// the pages when the span is allocated.
    internal var pointerStorage = false
    /// `next` and `prev` links in that list (mcentral lists only; the free treaps are kept as
    /// sorted sets in heapscope).
    public internal(set) var next: SpanID = .none
    public internal(set) var prev: SpanID = .none
    /// The span's position in the span set `list` names (go1.25; SpanSet.swift).
    internal var setPosition: Int32 = 0
    /// `unusedsince`: simulated nanoseconds when the span became free (for the scavenger).
    public internal(set) var unusedsince: Int64 = 0
    /// `limit` − `startAddr`: end of the data in the span.
    public internal(set) var limitOffset: Int = 0
    /// Which half of the span's gcBits region currently holds allocBits (0 or 1).
    internal var allocHalf: UInt8 = 0
    /// The span's region in `MHeap.gcBits`: first word, and words per half (0: no bitmaps).
    internal var bitsOffset: Int32 = 0
    internal var bitsHalfWords: Int32 = 0
    /// The span's region in `MHeap.slotTypes` (scan spans only; length 0 otherwise).
    internal var typesOffset: Int32 = 0
    internal var typesLength: Int32 = 0
    /// The type of every object allocated in the span since it was set up, while they all
    /// have one: `MSpan.noTypeYet` before the first, `MSpan.mixedTypes` once a second type
    /// came, and only then is the region in `MHeap.slotTypes` written (Heap+Objects.swift,
    /// setSlotType). Most spans hold one type, and an allocation then writes no side table.
    internal var typeOfAll: Int32 = MSpan.noTypeYet
    /// `divShift`, `divMul`, `divShift2`: slot = ((offset >> divShift) · divMul) >> divShift2
    /// for offsets inside the span, the multiply-shift that replaces dividing by elemsize. The
    /// profile's `DivMagic` says what they hold (go1.12: `class_to_divmagic`).
    internal var divShift: UInt8 = 0
    internal var divShift2: UInt8 = 0
    internal var divMul: UInt32 = 0

    /// Where the span's bitmaps start in `MHeap.gcBits` — the one place that knows the layout
    /// of a span's region: allocBits and gcmarkBits are its two halves (which is which flips
    /// at each sweep, `allocHalf`), the grey bits its third part.
    @inline(__always) var allocBitsOffset: Int { Int(bitsOffset) &+ Int(allocHalf) &* Int(bitsHalfWords) }
    @inline(__always) var gcmarkBitsOffset: Int { Int(bitsOffset) &+ Int(1 &- allocHalf) &* Int(bitsHalfWords) }
    @inline(__always) var greyBitsOffset: Int { Int(bitsOffset) &+ 2 &* Int(bitsHalfWords) }

    /// `objIndex`'s division: the slot holding byte `offset` of the span.
    @inline(__always) func slot(atOffset offset: Int) -> Int {
        Int(((UInt64(offset) &>> UInt64(divShift)) &* UInt64(divMul)) &>> UInt64(divShift2))
    }

    /// `typeOfAll` before the span's first allocation with pointers.
    static let noTypeYet: Int32 = -1
    /// `typeOfAll` once objects of two types were allocated: read the slot types region.
    static let mixedTypes: Int32 = -2

    /// True for a span of class 0 holding one large object.
    @inline(__always) public var isLarge: Bool { spanclass.sizeclass == 0 }
    /// Free slots (`nelems - allocCount`).
    public var freeSlots: Int { Int(nelems - allocCount) }
}
