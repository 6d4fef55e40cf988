// What the hot paths already know: memos of lookups they would otherwise repeat.
//
// Every pointer store validates both ends with findObject (the page → span map, the span, the
// slot's division, its allocated bit): the runtime trusts the compiler, heapscope checks what
// a scenario or a caller asks. Programs store into the same object again and again (a slice
// being filled, a ring, a struct's fields) and store what they have just allocated
// (`ring[i] = new(node)`), so two memos answer most lookups:
//
//   - the object storePointer last stored into, with its span and slot, type and size (which
//     of its words may hold a pointer);
//   - the object mallocgc last returned from a size class or as a large object (smallAlloc,
//     largeAlloc; not the tiny allocator's blocks, whose objects mostly sit inside them), and
//     whether it was allocated black.
//
// Three more follow from the same habits: the dense page storePointer last wrote into, and the
// span the write barrier, and the budgeted mark drain, last found a pointer in (a ring's old
// values, and what a drain follows, lie one after another).
//
// An allocated object stays allocated, in the same span and slot, until a sweep frees it or its
// span is freed; each of those bumps `freeEpoch`, and a memo taken in another epoch is not
// used. So a memo hit answers exactly what the lookup would (a debug build checks that on
// every hit). The memos and the epoch are a cache, not heap state: `Heap.==` leaves them out.
//
// In the churn benchmark (callgrind, `heapscope bench churn --scale 0.1`) the span and page
// memos and the black flag took 893 M instructions to 817 M.

/// One remembered object: its address, what findObject answered for it, and when.
struct ObjectMemo: Sendable {
    var address: UInt64 = 0
    var span = SpanID.none
    var slot = 0
    /// The object's type and slot size (storeMemo only; allocMemo leaves them unset).
    var type = TypeID.noscan
    var elemsize = 0
    var epoch: UInt64 = .max
    /// allocMemo: the object was allocated black (during marking). Its mark bit stays set
    /// until its span is swept, which bumps the epoch, and no cycle starts before every span
    /// is swept: so while the memo holds, the write barrier need not test the bit again.
    var black = false
    /// storeMemo: for raw memory (every word may be a pointer), its word count; -1 for a type,
    /// whose pointer words are looked up.
    var rawWords = -1

    /// The object, if `address` is the remembered one and nothing was freed since. (Nil never
    /// matches: a memo only ever holds an object, and an empty one's epoch, `.max`, is one
    /// `freeEpoch` does not reach.)
    @inline(__always) func ref(for p: UInt64, epoch now: UInt64) -> Heap.ObjectRef? {
        guard p == address, epoch == now else { return nil }
        return Heap.ObjectRef(span: span, slot: slot, base: address)
    }

    @inline(__always) mutating func remember(_ o: Heap.ObjectRef, epoch now: UInt64,
                                             type t: TypeID = .noscan, elemsize size: Int = 0) {
        address = o.base
        span = o.span
        slot = o.slot
        type = t
        elemsize = size
        epoch = now
        black = false
        rawWords = -1
    }
}

/// Which span memo a pointer marking follows uses: the write barrier's, the budgeted drain's,
/// or none (the span-batched drain of a whole heap, whose pointers lead anywhere).
enum MarkMemoUse {
    case barrier, drain, none
}

/// The span marking last found a pointer in: its address range and the facts that stay fixed
/// while it is in use (its division, slot size, whether its objects are scanned, where its slot
/// types are). Consecutive pointers a drain or the write barrier follows mostly lead into one
/// span (churn's ring points at its objects in allocation order, and each store's old value
/// lies next to the one before), so markPointerFast and scanobjectFast usually skip the page →
/// span lookup and the range checks. A span stops being in use only when it is freed, and its
/// bitmaps move only when it is swept or freed: each bumps `freeEpoch`.
struct SpanMemo: Sendable {
    /// The span's first byte, and the bytes its objects cover (`limitOffset`): an address `p`
    /// is in an object of the span when `p - start < size`.
    var start: UInt64 = 0
    var size: UInt64 = 0
    var id = SpanID.none
    var divShift: UInt8 = 0
    var divShift2: UInt8 = 0
    var divMul: UInt32 = 0
    var elemsize = 0
    /// Its objects have pointers to scan (a scan span with slot types).
    var scan = false
    var typesOffset = 0
    /// Where its bitmaps are in `mheap.gcBits`: the region, and its allocBits, gcmarkBits and
    /// grey bits. They move when the span is swept (allocBits and gcmarkBits trade places) or
    /// freed, and both bump the epoch.
    var bits = 0
    var allocBase = 0
    var markBase = 0
    var greyBase = 0
    var epoch: UInt64 = .max

    /// Whether `p` lies in the remembered span and nothing was freed since.
    @inline(__always) func covers(_ p: UInt64, epoch now: UInt64) -> Bool {
        p &- start < size && epoch == now
    }

    /// The slot `p` falls in (`p` covered).
    @inline(__always) func slot(of p: UInt64) -> Int {
        Int((((p &- start) &>> UInt64(divShift)) &* UInt64(divMul)) &>> UInt64(divShift2))
    }
}

/// The dense page storePointer last wrote into, and where its words are in `HeapMemory.dense`:
/// a program filling an array or a ring stores into one page many times over. A page stays
/// dense, in the same region, until its span is swept away or freed (`HeapMemory.discard`),
/// which bumps `freeEpoch`.
struct DensePageMemo: Sendable {
    var page = -1
    var offset = 0
    var epoch: UInt64 = .max
}
