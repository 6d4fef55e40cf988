// Sweeping (runtime/mgcsweep.go, mcentral.go freeSpan, mheap.go reclaim; go1.12).
//
// sweepgen says where each span stands (mheap.go): with h = mheap_.sweepgen,
//   h-2  needs sweeping · h-1 being swept · h swept · h+1 cached before this sweep began ·
//   h+3 swept, then cached.
// Mark termination adds 2 to h, so every span that was swept becomes "needs sweeping".
//
// Sweeping one span (mspan.sweep):
//   1. nalloc = popcount(gcmarkBits): the live objects; nfreed = allocCount - nalloc.
//   2. allocBits = gcmarkBits, fresh zeroed gcmarkBits, freeindex = 0, allocCache refilled:
//      the free slots are exactly the unmarked ones.
//   3. A small span with frees moves from mcentral's empty list to nonempty if it was full,
//      and goes back to mheap if nothing in it survived; a large object's span goes back to
//      mheap if its object is dead. The frees are counted in nsmallfree / largefree.
// Who sweeps: mcentral.cacheSpan sweeps spans of its class before handing them out,
// mheap.alloc reclaims pages by sweeping spans with no marked object, the background sweeper
// (sweepone) takes the next unswept span, and gcStart / runtime.GC() finish the rest.
// heapscope's sweeper visits spans in table order; the runtime pops them from a stack.

extension Heap {
    /// `sweepone`: sweep the next span that needs it. Returns false when none is left.
    @discardableResult
    public mutating func sweepone() -> Bool {
        sweepone(by: .background)
    }

    @discardableResult
    mutating func sweepone(by agent: SweepAgent) -> Bool {
        let sg = mheap.sweepgen
        while gc.sweepCursor < mheap.spans.count {
            let i = gc.sweepCursor
            gc.sweepCursor += 1
            let s = mheap.spans[i]
            if s.state == .inUse && s.sweepgen == sg &- 2 {
                mheap.spans[i].sweepgen = sg &- 1
                sweepSpan(SpanID(i), preserve: false, by: agent)
                return true
            }
        }
        noteSweepDone()
        return false
    }

    /// Sweeps every span still unswept; returns how many were swept.
    @discardableResult
    mutating func finishSweep(by agent: SweepAgent) -> Int {
        var n = 0
        while sweepone(by: agent) { n += 1 }
        return n
    }

    /// `mheap_.sweepdone = 1`; the collector is idle until the next trigger.
    mutating func noteSweepDone() {
        if !gc.sweepdone {
            gc.sweepdone = true
            if recordsEvents { events.append(.sweepDone) }
        }
        if gc.phase == .sweep { gc.phase = .off }
    }

    /// `mspan.sweep(preserve)`. The span must have been claimed (sweepgen = h-1). Returns true
    /// if the span went back to the heap.
    @discardableResult
    mutating func sweepSpan(_ id: SpanID, preserve: Bool, by agent: SweepAgent) -> Bool {
        let sg = mheap.sweepgen
        precondition(mheap.spans[id.index].state == .inUse && mheap.spans[id.index].sweepgen == sg &- 1,
                     "mspan.sweep: bad span state")
        gc.workDone &+= 1
        let s = mheap.spans[id.index]
        let nelems = Int(s.nelems)
        // 1. Count the live objects.
        let nalloc = popcount(bitmapAt: gcmarkBitsBase(id), nelems: nelems)   // countAlloc
        let freeToHeap = s.isLarge && nalloc == 0
        let nfreed = Int(s.allocCount) - nalloc
        precondition(nfreed >= 0, "sweep increased allocation count")
        mheap.spans[id.index].allocCount = Int32(nalloc)
        let wasempty = nextFreeIndex(id) == nelems
        mheap.spans[id.index].freeindex = 0
        // 2. allocBits = gcmarkBits; fresh gcmarkBits; no grey bits can remain.
        let oldAlloc = allocBitsBase(id)
        let half = Int(s.bitsHalfWords)
        mheap.spans[id.index].allocHalf ^= 1
        for w in 0..<half { mheap.gcBits.storage[oldAlloc + w] = 0 }
        let grey = greyBitsBase(id)
        for w in 0..<half { mheap.gcBits.storage[grey + w] = 0 }
        refillAllocCache(id, word: 0)
        if freeToHeap || nfreed == 0 {
            mheap.spans[id.index].sweepgen = sg
        }
        // 3. Give back what is free.
        var toHeap = false
        if nfreed > 0 && !s.isLarge {
            mheap.nsmallfree[s.spanclass.sizeclass] += UInt64(nfreed)
            toHeap = mcentralFreeSpan(id, preserve: preserve, wasempty: wasempty)
        } else if freeToHeap {
            mheap.largefree += UInt64(s.elemsize)
            mheap.nlargefree += 1
            mheapFreeSpan(id)
            toHeap = true
        }
        if recordsEvents { events.append(.sweepSpan(span: id, freed: nfreed, toHeap: toHeap, by: agent)) }
        return toHeap
    }

    /// `mcentral.freeSpan(s, preserve, wasempty)`: after a sweep freed objects in `id`.
    mutating func mcentralFreeSpan(_ id: SpanID, preserve: Bool, wasempty: Bool) -> Bool {
        let sg = mheap.sweepgen
        let spc = mheap.spans[id.index].spanclass.index
        mheap.spans[id.index].needzero = true
        if preserve {
            // Called from cacheSpan: the span stays on empty and is about to be cached.
            mheap.spans[id.index].sweepgen = sg
            return false
        }
        if wasempty && mheap.spans[id.index].list == .empty {
            listRemove(id, of: spc)
            listInsertFront(id, .nonempty, of: spc)
        }
        mheap.spans[id.index].sweepgen = sg
        if mheap.spans[id.index].allocCount != 0 { return false }
        listRemove(id, of: spc)
        mheapFreeSpan(id)
        return true
    }

    /// `mheap.freeSpan(s)`: the span's pages become free; their contents are dead.
    mutating func mheapFreeSpan(_ id: SpanID) {
        let s = mheap.spans[id.index]
        for p in Int(s.startPage)..<Int(s.startPage + s.npages) { memory.discard(page: p) }
        mheap.spans[id.index].list = .none
        freeSpanLocked(id, acctInUse: true, acctIdle: true, unusedsince: 0)
    }

    /// `mheap.reclaim(npage)`: before allocating pages while sweeping is unfinished, sweep spans
    /// that have no marked object (they will go back to the heap) until `npages` pages are free.
    mutating func reclaim(npages: Int) {
        guard !gc.sweepdone else { return }
        let sg = mheap.sweepgen
        var freed = 0
        while freed < npages && gc.reclaimCursor < mheap.spans.count {
            let i = gc.reclaimCursor
            gc.reclaimCursor += 1
            let s = mheap.spans[i]
            guard s.state == .inUse, s.sweepgen == sg &- 2, !spanHasMarks(SpanID(i)) else { continue }
            mheap.spans[i].sweepgen = sg &- 1
            let n = Int(s.npages)
            if sweepSpan(SpanID(i), preserve: false, by: .reclaim) { freed += n }
        }
    }

    /// Whether any object of the span is marked (the runtime's pageMarks bit).
    func spanHasMarks(_ id: SpanID) -> Bool {
        let base = gcmarkBitsBase(id)
        for w in 0..<Int(mheap.spans[id.index].bitsHalfWords) where mheap.gcBits.storage[base + w] != 0 {
            return true
        }
        return false
    }
}
