// mcache's operations (runtime/malloc.go nextFreeFast, mcache.go nextFree/refill/releaseAll).
// The design essay is in MCache.swift.

extension Heap {
    /// `nextFreeFast(s)`: the next free slot from allocCache with one count-trailing-zeros, or
    /// -1 when the window is exhausted (or the slot would end the window) and the slow path
    /// must run. No lock and no bitmap read.
    ///
    /// This is the hottest code in heapscope: it touches the span through one pointer, so the
    /// table is checked for uniqueness once instead of at every field write.
    @inline(__always)
    mutating func nextFreeFast(_ id: SpanID) -> Int {
        if id.isNone { return -1 }
        return mheap.allspans.withUnsafeMutableBufferPointer { buf -> Int in
            assert(id.index < buf.count)
            let s = buf.baseAddress.unsafelyUnwrapped + id.index
            let cache = s.pointee.allocCache
            let theBit = cache.trailingZeroBitCount
            if theBit < 64 {
                let result = Int(s.pointee.freeindex) &+ theBit
                let nelems = Int(s.pointee.nelems)
                if result < nelems {
                    let freeidx = result &+ 1
                    if freeidx & 63 == 0 && freeidx != nelems { return -1 }
                    // `allocCache >>= theBit + 1`, which may be 64: two shifts below 64 each,
                    // instead of a shift that tests for overshifting.
                    s.pointee.allocCache = (cache &>> UInt64(theBit)) &>> 1
                    s.pointee.freeindex = Int32(truncatingIfNeeded: freeidx)
                    s.pointee.allocCount &+= 1
                    return result
                }
            }
            return -1
        }
    }

    /// `mcache.nextFree(spc)`: the slow path. Scan allocBits for a free slot; if the span is
    /// full, refill the mcache from mcentral and take the new span's first free slot.
    @inline(never)
    mutating func nextFree(_ spc: SpanClass, p: Int) throws(HeapError) -> (span: SpanID, slot: Int, refilled: Bool) {
        var s = mcaches[p].alloc[spc.index]
        var freeIndex = s.isNone ? 0 : nextFreeIndex(s)
        let refilled = s.isNone || freeIndex == Int(mheap.allspans[s.index].nelems)
        if refilled {
            if !s.isNone {
                precondition(mheap.allspans[s.index].allocCount == mheap.allspans[s.index].nelems,
                             "s.allocCount != s.nelems && freeIndex == s.nelems")
                if recordsEvents { emit(.spanFull(span: s)) }
            }
            try refill(spc, p: p)
            s = mcaches[p].alloc[spc.index]
            freeIndex = nextFreeIndex(s)
        }
        precondition(freeIndex < Int(mheap.allspans[s.index].nelems), "freeIndex is not valid")
        mheap.allspans[s.index].allocCount += 1
        if recordsEvents { emit(.nextFree(span: s, slot: freeIndex)) }
        return (s, freeIndex, refilled)
    }

    /// `mcache.refill(spc)`: swap the full cached span for one from mcentral. go1.12: the old
    /// span stays on mcentral's `empty` list, only marked "no longer cached"; go1.25: it goes
    /// back through uncacheSpan into fullSwept.
    mutating func refill(_ spc: SpanClass, p: Int) throws(HeapError) {
        let old = mcaches[p].alloc[spc.index]
        if recordsEvents { emit(.mcacheRefill(p: p, spanClass: spc, old: old, spanSets: usesSpanSets)) }
        // go1.25's refill hands the full span back first (uncacheSpan pushes it to fullSwept),
        // then asks for another; a failed request leaves the slot empty (emptymspan).
        if usesSpanSets && !old.isNone {
            precondition(mheap.allspans[old.index].sweepgen == mheap.sweepgen &+ 3, "bad sweepgen in refill")
            uncacheSpan(old)
            mcaches[p].alloc[spc.index] = .none
            let s = try cacheSpan(spc, p: p)
            mheap.allspans[s.index].sweepgen = mheap.sweepgen &+ 3
            mcaches[p].alloc[spc.index] = s
            return
        }
        // go1.12: heapscope asks mcentral first so that a failed request leaves the old span cached.
        let s = try cacheSpan(spc, p: p)
        if !old.isNone {
            precondition(mheap.allspans[old.index].sweepgen == mheap.sweepgen &+ 3,
                         "bad sweepgen in refill")
            mheap.allspans[old.index].sweepgen = mheap.sweepgen
        }
        mheap.allspans[s.index].sweepgen = mheap.sweepgen &+ 3
        mcaches[p].alloc[spc.index] = s
    }

    /// `mcache.releaseAll()`: hand every cached span back to mcentral and drop the tiny block
    /// (mark termination and when a P is destroyed).
    public mutating func releaseAll(p: Int) {
        for i in mcaches[p].alloc.indices where !mcaches[p].alloc[i].isNone {
            uncacheSpan(mcaches[p].alloc[i])
            mcaches[p].alloc[i] = .none
        }
        mcaches[p].tiny = 0
        mcaches[p].tinyoffset = 0
    }
}
