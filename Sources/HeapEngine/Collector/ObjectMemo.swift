// What storePointer already knows: a memo of two objects it would otherwise look up.
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
//     largeAlloc; not the tiny allocator's blocks, whose objects mostly sit inside them).
//
// An allocated object stays allocated, in the same span and slot, until a sweep frees it or its
// span is freed; each of those bumps `freeEpoch`, and a memo taken in another epoch is not
// used. So a memo hit answers exactly what findObject would (a debug build checks that on
// every hit). The memos and the epoch are a cache, not heap state: `Heap.==` leaves them out.

/// One remembered object: its address, what findObject answered for it, and when.
struct ObjectMemo: Sendable {
    var address: UInt64 = 0
    var span = SpanID.none
    var slot = 0
    /// The object's type and slot size (storeMemo only; allocMemo leaves them unset).
    var type = TypeID.noscan
    var elemsize = 0
    var epoch: UInt64 = .max

    /// The object, if `address` is the remembered one and nothing was freed since.
    @inline(__always) func ref(for p: UInt64, epoch now: UInt64) -> Heap.ObjectRef? {
        guard p == address, epoch == now, p != 0 else { return nil }
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
    }
}
