// What the program does to the object graph: pointer stores and roots (runtime/mbarrier.go).
//
// The hybrid write barrier (Go 1.8, proposal 17503) runs on every pointer store into the heap
// or a global while gcphase is _GCmark or _GCmarktermination:
//
//     writePointer(slot, ptr):
//         shade(*slot)     // Yuasa deletion barrier: the old target stays reachable this cycle
//         shade(ptr)       // Dijkstra insertion barrier (the runtime shades it unconditionally)
//         *slot = ptr
//
// Stack writes have no barrier: each stack is scanned once, by its root job during marking
// (Goroutines.swift). The deletion half covers an object a goroutine loads from the heap after
// its stack was scanned; the insertion half one a goroutine with a still-grey stack stores
// into a black object.
// Turning the barrier off (writebarrier off, for teaching) lets a scenario hide a white object
// behind a black one; that object is then freed while still reachable, and the invariant
// checker says so.

extension Heap {
    /// Declares a root slot (a goroutine's stack slot or a global) holding `value`.
    @discardableResult
    public mutating func addRoot(name: String, kind: RootKind, value: UInt64 = 0) -> RootID {
        let slot = RootSlot(name: name, kind: kind, value: 0, live: true)
        let id: RootID
        if let reused = freeRootSlots.popLast() {
            roots[reused] = slot
            id = RootID(reused)
        } else {
            roots.append(slot)
            id = RootID(roots.count - 1)
        }
        if case .stack(let g) = kind { stackRootIndex[g, default: []].append(id.index) }
        setRoot(id, value)
        return id
    }

    /// Writes a root slot; globals go through the write barrier, stack slots do not.
    public mutating func setRoot(_ id: RootID, _ value: UInt64) {
        let old = roots[id.index].value
        let barrier = roots[id.index].kind == .global && gc.writeBarrierEnabled
        if barrier {
            shade(old, reason: .barrierOld)
            shade(value, reason: .barrierNew)
        }
        roots[id.index].value = value
        if recordsEvents { emit(.rootStore(name: roots[id.index].name, old: old, new: value, barrier: barrier)) }
    }

    /// Removes a root slot (the variable goes out of scope); what it pointed to is no longer
    /// held by it. A stack slot dies without a barrier, as a returning function's frame does.
    public mutating func dropRoot(_ id: RootID) {
        guard roots[id.index].live else { return }
        if roots[id.index].kind == .global { setRoot(id, 0) }
        if case .stack(let g) = roots[id.index].kind, let k = stackRootIndex[g]?.lastIndex(of: id.index) {
            stackRootIndex[g]!.remove(at: k)
        }
        roots[id.index].live = false
        roots[id.index].value = 0
        freeRootSlots.append(id.index)
    }

    /// The live roots, by name.
    public var liveRoots: [(id: RootID, slot: RootSlot)] {
        roots.indices.filter { roots[$0].live }.map { (RootID($0), roots[$0]) }
    }

    /// `*(obj + 8·word) = value`, through the write barrier when it is on. `obj` must be a live
    /// object and `word` one of its pointer words; `value` nil or a live object.
    public mutating func storePointer(into obj: UInt64, word: Int, value: UInt64) throws(HeapError) {
        // The body twice: with events off it has no narration in it (its frame was 5.6 KB).
        if recordsEvents {
            try storePointerNarrated(into: obj, word: word, value: value)
        } else {
            try storePointerBody(into: obj, word: word, value: value, narrate: false)
        }
    }

    @inline(never)
    mutating func storePointerNarrated(into obj: UInt64, word: Int, value: UInt64) throws(HeapError) {
        try storePointerBody(into: obj, word: word, value: value, narrate: true)
    }

    /// storePointer's steps; `narrate` is `recordsEvents`, a constant in each copy.
    @inline(__always)
    mutating func storePointerBody(into obj: UInt64, word: Int, value: UInt64, narrate: Bool) throws(HeapError) {
        // Both ends are validated; the memos usually answer instead of findObject.
        if let m = storeMemo.ref(for: obj, epoch: freeEpoch) {
            assert(storeTarget(obj).map { $0.ref == m && $0.type == storeMemo.type && $0.elemsize == storeMemo.elemsize } == true,
                   "storePointer's memo of \(hexAddress(obj)) is stale")
        } else {
            guard let t = storeTarget(obj) else { throw invalidStore(into: obj, word: word) }
            storeMemo.remember(t.ref, epoch: freeEpoch, type: t.type, elemsize: t.elemsize)
            if typeLayouts[Int(t.type.raw)].allWords { storeMemo.rawWords = t.elemsize / 8 }
        }
        // A word of raw memory (a ring, a slice's array) is checked against the memo's count.
        guard storeMemo.rawWords >= 0 ? word >= 0 && word < storeMemo.rawWords
                : isPointerWord(type: storeMemo.type, elemsize: storeMemo.elemsize, word: word) else {
            throw invalidStore(into: obj, word: word)
        }
        var target: ObjectRef? = nil
        var targetBlack = false
        if value != 0 {
            if let m = allocMemo.ref(for: value, epoch: freeEpoch) {
                assert(findObject(value) == m, "mallocgc's memo of \(hexAddress(value)) is stale")
                target = m
                targetBlack = allocMemo.black
            } else {
                guard let f = findObject(value) else { throw invalidTarget(value) }
                target = f
            }
        }
        let slot = obj &+ UInt64(truncatingIfNeeded: word &* 8)   // word ≥ 0: a pointer word
        // The store first (the barrier shades the old and new values, and reads no word).
        let old: UInt64
        let off = Int(slot &- arenaBase)
        let page = off &>> pageShift
        if page == densePageMemo.page && densePageMemo.epoch == freeEpoch {
            assert(memory.storage[page] == .dense && memory.denseOffset(page: page) == densePageMemo.offset,
                   "storePointer's memo of dense page \(page) is stale")
            old = memory.exchange(denseWord: densePageMemo.offset &+ (off &>> 3) & (memory.wordsPerPage &- 1), value)
        } else {
            old = memory.exchange(slot, value)
            // The span's pages hold pointer words now (MSpan.pointerStorage): read first, so
            // that the span table is written (a copy-on-write test) only the first time.
            if value != 0 && !mheap.allspans[storeMemo.span.index].pointerStorage {
                mheap.allspans[storeMemo.span.index].pointerStorage = true
            }
            if memory.storage[page] == .dense {
                densePageMemo = DensePageMemo(page: page, offset: memory.denseOffset(page: page), epoch: freeEpoch)
            }
        }
        let barrier = gc.writeBarrierEnabled
        if barrier {
            // shade(old), with events off inline: in a long mark phase nearly every store
            // shades an old value, usually one marked already (churn: 2 % fewer instructions).
            if narrate { shade(old, reason: .barrierOld, from: obj) } else if old != 0 { greyPointerFast(old, memo: .barrier) }
            // shade(value): the object was found above; an allocation during marking is black
            // already (the allocation memo says so, and then no bit is read), otherwise this
            // is usually one mark-bit test, made here rather than in a call (greyobject does
            // nothing, and says nothing, for a marked object).
            assert(!targetBlack || target.map {
                mheap.gcBits.storage[mheap.allspans[$0.span.index].gcmarkBitsOffset &+ $0.slot &>> 6] >> UInt64($0.slot & 63) & 1 == 1
            } == true,
                   "mallocgc's memo says \(hexAddress(value)) is black, and it is not marked")
            if let t = target, !targetBlack {
                let i = mheap.allspans.withUnsafeBufferPointer {
                    ($0.baseAddress.unsafelyUnwrapped + t.span.index).pointee.gcmarkBitsOffset
                } &+ t.slot &>> 6
                if mheap.gcBits.storage[i] & (1 &<< UInt64(t.slot & 63)) == 0 {
                    if narrate { greyobject(t, reason: .barrierNew) } else { greyobjectOutOfLine(t, reason: .barrierNew) }
                }
            }
        }
        if narrate { emit(.pointerStore(slot: slot, old: old, new: value, barrier: barrier)) }
        mutatorRan(ns: MutatorModel.storeNs)
    }

    /// greyobject, called where it is rare (a store of a white value with events off).
    @inline(never)
    mutating func greyobjectOutOfLine(_ obj: ObjectRef, reason: ShadeReason) {
        greyobject(obj, reason: reason)
    }

    /// The object a store writes into (it must start at `obj`), with its slot's type and size:
    /// one call, since in a debug build every call of a non-mutating method from a mutating
    /// one copies the heap.
    func storeTarget(_ obj: UInt64) -> (ref: ObjectRef, type: TypeID, elemsize: Int)? {
        guard let f = findObject(obj), f.base == obj else { return nil }
        return (f, slotType(f.span, f.slot), objectSize(f))
    }

    /// Why a store into `obj` was refused: out of line, so that storePointer's hot path does
    /// not carry the message's code.
    @inline(never)
    func invalidStore(into obj: UInt64, word: Int) -> HeapError {
        guard let o = findObject(obj), o.base == obj else {
            return .invalidPointer("\(hexAddress(obj)) is not the start of a live object")
        }
        return .invalidPointer("word \(word) of the \(objectSize(o))-byte object at \(hexAddress(obj)) does not hold a pointer")
    }

    @inline(never)
    func invalidTarget(_ value: UInt64) -> HeapError {
        .invalidPointer("\(hexAddress(value)) does not point to a live object")
    }

    /// `*(obj + 8·word)`: the pointer stored in a pointer word.
    public func loadPointer(from obj: UInt64, word: Int) throws(HeapError) -> UInt64 {
        guard let o = findObject(obj), o.base == obj else {
            throw .invalidPointer("\(hexAddress(obj)) is not the start of a live object")
        }
        guard isPointerWord(o, word: word) else {
            throw .invalidPointer("word \(word) of the object at \(hexAddress(obj)) does not hold a pointer")
        }
        return memory.load(obj &+ UInt64(word * 8))
    }
}
