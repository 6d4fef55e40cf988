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
        if usesSpanSets {
            // go1.25 pops the unswept span sets, class by class (nextSpanForSweep).
            while let id = nextSpanForSweep() {
                let s = mheap.allspans[id.index]
                guard s.state == .inUse, s.sweepgen == sg &- 2 else { continue }
                mheap.allspans[id.index].sweepgen = sg &- 1
                if sweepSpan(id, preserve: false, by: agent) { mheap.reclaimCredit += Int(s.npages) }
                return true
            }
            noteSweepDone()
            return false
        }
        while gc.sweepCursor < mheap.allspans.count {
            let i = gc.sweepCursor
            gc.sweepCursor += 1
            let s = mheap.allspans[i]
            if s.state == .inUse && s.sweepgen == sg &- 2 {
                mheap.allspans[i].sweepgen = sg &- 1
                // sweepone: pages a sweep frees whole count toward the page reclaimer's credit.
                if sweepSpan(SpanID(i), preserve: false, by: agent) { mheap.reclaimCredit += Int(s.npages) }
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
            if recordsEvents { emit(.sweepDone) }
        }
        if gc.phase == .sweep { gc.phase = .off }
    }

    /// `mspan.sweep(preserve)`. The span must have been claimed (sweepgen = h-1). Returns true
    /// if the span went back to the heap.
    @discardableResult
    mutating func sweepSpan(_ id: SpanID, preserve: Bool, by agent: SweepAgent) -> Bool {
        let sg = mheap.sweepgen
        precondition(mheap.allspans[id.index].state == .inUse && mheap.allspans[id.index].sweepgen == sg &- 1,
                     "mspan.sweep: bad span state")
        gc.workDone &+= 1
        freeEpoch &+= 1   // objects may be freed: storePointer's memos lapse (ObjectMemo.swift)
        let s = mheap.allspans[id.index]
        let nelems = Int(s.nelems)
        // 1. Count the live objects.
        let nalloc = popcount(bitmapAt: gcmarkBitsBase(id), nelems: nelems)   // countAlloc
        let freeToHeap = s.isLarge && nalloc == 0
        let nfreed = Int(s.allocCount) - nalloc
        precondition(nfreed >= 0, "sweep increased allocation count")
        mheap.allspans[id.index].allocCount = Int32(nalloc)
        let wasempty = nextFreeIndex(id) == nelems
        mheap.allspans[id.index].freeindex = 0
        // 2. allocBits = gcmarkBits; fresh gcmarkBits; no grey bits can remain.
        let oldAlloc = allocBitsBase(id)
        let half = Int(s.bitsHalfWords)
        mheap.allspans[id.index].allocHalf ^= 1
        for w in 0..<half { mheap.gcBits.storage[oldAlloc + w] = 0 }
        let grey = greyBitsBase(id)
        for w in 0..<half { mheap.gcBits.storage[grey + w] = 0 }
        refillAllocCache(id, word: 0)
        if freeToHeap || nfreed == 0 {
            mheap.allspans[id.index].sweepgen = sg
        }
        // 3. Give back what is free.
        var toHeap = false
        if usesSpanSets {
            // go1.25: a span swept by someone who did not pop it leaves its unswept set.
            mheap.allspans[id.index].list = .none
            if nfreed > 0 && !s.isLarge {
                mheap.nsmallfree[s.spanclass.sizeclass] += UInt64(nfreed)
                mheap.allspans[id.index].needzero = true
            }
            mheap.allspans[id.index].sweepgen = sg
            // The sweep is narrated before where the span goes.
            toHeap = freeToHeap || (!preserve && !s.isLarge && nalloc == 0)
            mheap.pagesSwept &+= Int(s.npages)
            if recordsEvents { emit(.sweepSpan(span: id, freed: nfreed, toHeap: toHeap, by: agent)) }
            if freeToHeap {
                mheap.allspans[id.index].needzero = true
                mheap.largefree += UInt64(s.elemsize)
                mheap.nlargefree += 1
                mheapFreeSpan(id)
            } else if !preserve {
                _ = placeSweptSpan(id, nalloc: nalloc)
            }
            return toHeap
        }
        // go1.12: the sweep is narrated before where the span goes too (the path read "free
        // span 1 → sweep span 1"). mcentral.freeSpan gives the span back to the heap exactly
        // when it is not kept for the caller and nothing in it survived.
        let small = nfreed > 0 && !s.isLarge
        toHeap = small ? !preserve && Int(mheap.allspans[id.index].allocCount) == 0 : freeToHeap
        mheap.pagesSwept &+= Int(s.npages)
        if recordsEvents { emit(.sweepSpan(span: id, freed: nfreed, toHeap: toHeap, by: agent)) }
        if small {
            mheap.nsmallfree[s.spanclass.sizeclass] += UInt64(nfreed)
            let freed = mcentralFreeSpan(id, preserve: preserve, wasempty: wasempty)
            assert(freed == toHeap, "sweep of \(id): mcentral.freeSpan did not do what the narration said")
        } else if freeToHeap {
            // mspan.sweep: a large object's span goes back to the heap needing zeroing.
            mheap.allspans[id.index].needzero = true
            mheap.largefree += UInt64(s.elemsize)
            mheap.nlargefree += 1
            mheapFreeSpan(id)
        }
        return toHeap
    }

    /// `mcentral.freeSpan(s, preserve, wasempty)`: after a sweep freed objects in `id`.
    mutating func mcentralFreeSpan(_ id: SpanID, preserve: Bool, wasempty: Bool) -> Bool {
        let sg = mheap.sweepgen
        let spc = mheap.allspans[id.index].spanclass.index
        mheap.allspans[id.index].needzero = true
        if preserve {
            // Called from cacheSpan: the span stays on empty and is about to be cached.
            mheap.allspans[id.index].sweepgen = sg
            return false
        }
        if wasempty && mheap.allspans[id.index].list == .empty {
            listRemove(id, of: spc)
            listInsertFront(id, .nonempty, of: spc)
        }
        mheap.allspans[id.index].sweepgen = sg
        if mheap.allspans[id.index].allocCount != 0 { return false }
        listRemove(id, of: spc)
        mheapFreeSpan(id)
        return true
    }

    /// `mheap.freeSpan(s)`: the span's pages become free; their contents are dead.
    mutating func mheapFreeSpan(_ id: SpanID) {
        let s = mheap.allspans[id.index]
        for p in Int(s.startPage)..<Int(s.startPage + s.npages) { memory.discard(page: p) }
        mheap.allspans[id.index].list = .none
        if usesPageBitmap {
            freeSpanToBitmap(id)
            return
        }
        freeSpanLocked(id, acctInUse: true, acctIdle: true, unusedsince: nil)
    }

    /// `mheap.reclaim(npage)` (go1.12): before allocating pages while sweeping is unfinished,
    /// free at least `npages` pages by sweeping spans in which nothing was marked — they go
    /// back to the heap whole. Spare pages found earlier (`reclaimCredit`, also fed by the
    /// sweeper) are used first; then the arena is scanned 512 pages at a time from
    /// `reclaimIndex`, and pages beyond the request become credit.
    mutating func reclaim(npages request: Int) {
        guard !gc.sweepdone else { return }
        let pagesPerChunk = 512
        var npage = request
        while npage > 0 {
            if mheap.reclaimCredit > 0 {
                let take = min(mheap.reclaimCredit, npage)
                mheap.reclaimCredit -= take
                npage -= take
                continue
            }
            let idx = mheap.reclaimIndex
            guard idx < mheap.mappedPages else { break }   // reclaiming is done
            mheap.reclaimIndex += pagesPerChunk
            let nfound = reclaimChunk(from: idx, pages: pagesPerChunk)
            if nfound <= npage {
                npage -= nfound
            } else {
                mheap.reclaimCredit += nfound - npage
                npage = 0
            }
        }
    }

    /// `reclaimChunk`: sweep the unswept spans that start in pages [from, from+n) and have no
    /// marked object (`pageInUse &^ pageMarks`); returns the pages freed.
    mutating func reclaimChunk(from: Int, pages n: Int) -> Int {
        let sg = mheap.sweepgen
        var freed = 0
        for page in from..<min(from + n, mheap.mappedPages) {
            let id = mheap.spans[page]
            guard !id.isNone else { continue }
            let s = mheap.allspans[id.index]
            guard s.state == .inUse, Int(s.startPage) == page, s.sweepgen == sg &- 2, !spanHasMarks(id) else { continue }
            mheap.allspans[id.index].sweepgen = sg &- 1
            if sweepSpan(id, preserve: false, by: .reclaim) { freed += Int(s.npages) }
        }
        return freed
    }

    /// `deductSweepCredit(spanBytes, callerSweepPages)`: before an allocation takes
    /// `spanBytes` more of the heap, sweep until the pages swept keep pace with heap growth
    /// (`sweepPagesPerByte`), so that sweeping is done before the next trigger.
    mutating func deductSweepCredit(spanBytes: Int, callerSweepPages: Int) {
        guard mheap.sweepPagesPerByte > 0, !gc.sweepdone else { return }
        let sweptBasis = mheap.pagesSweptBasis
        let newHeapLive = Int(clamping: memstats.heapLive &- mheap.sweepHeapLiveBasis) &+ spanBytes
        let pagesTarget = Int(mheap.sweepPagesPerByte * Double(newHeapLive)) - callerSweepPages
        var pages = 0
        while pagesTarget > mheap.pagesSwept - sweptBasis {
            let before = mheap.pagesSwept
            guard sweepone(by: .proportional) else {
                mheap.sweepPagesPerByte = 0
                break
            }
            pages += mheap.pagesSwept - before
        }
        if recordsEvents && pages > 0 { emit(.proportionalSweep(pages: pages)) }
    }

    /// Whether any object of the span is marked (the runtime's pageMarks bit).
    func spanHasMarks(_ id: SpanID) -> Bool {
        let base = gcmarkBitsBase(id)
        for w in 0..<Int(mheap.allspans[id.index].bitsHalfWords) where mheap.gcBits.storage[base + w] != 0 {
            return true
        }
        return false
    }
}
