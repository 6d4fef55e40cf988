// mcentral with span sets (runtime/mcentral.go, mgcsweep.go; go1.25): cacheSpan,
// uncacheSpan, and where sweeping puts a span. The design essay is in SpanSet.swift.
//
// cacheSpan (go1.25) looks in this order, giving up after 100 unswept spans (spanBudget):
//   1. partialSwept.pop()                       — a swept span with room: use it.
//   2. partialUnswept.pop(), sweep it           — while sweeping is under way: use it.
//   3. fullUnswept.pop(), sweep it              — use it if sweeping freed a slot, else push it
//                                                 to fullSwept and try the next.
//   4. grow()                                   — new pages from mheap.
// A span leaves the sets while cached; uncacheSpan pushes it to partialSwept or fullSwept (or,
// if it was cached before this sweep began, sweeps it, and sweeping places it). Sweeping a
// span that is not about to be cached frees it to the heap if nothing in it is live, and
// otherwise pushes it to fullSwept or partialSwept; a large object's live span goes back to
// fullSwept. The background sweeper pops unswept sets class by class (partial, then full).

extension Heap {
    /// The index of the swept set at sweep generation `sg` (`sg/2 % 2`).
    @inline(__always) public static func sweptSetIndex(_ sg: UInt32) -> Int { Int(sg / 2 % 2) }

    /// `c.partialSwept(sg).push(s)` and the other three: puts span `id` at the tail of a set.
    mutating func spanSetPush(_ id: SpanID, full: Bool, swept: Bool) {
        let spc = mheap.allspans[id.index].spanclass.index
        let sweptIndex = Heap.sweptSetIndex(mheap.sweepgen)
        let index = swept ? sweptIndex : 1 - sweptIndex
        let pos = full ? central[spc].full[index].push(id) : central[spc].partial[index].push(id)
        mheap.allspans[id.index].list = .spanSet(full: full, index: index)
        mheap.allspans[id.index].setPosition = Int32(truncatingIfNeeded: pos)
        if recordsEvents {
            emit(.spanSetPush(span: id, spanClass: mheap.allspans[id.index].spanclass, full: full, swept: swept))
        }
    }

    /// `c.partialUnswept(sg).pop()` and the other three: the oldest live span of a set, taken out.
    mutating func spanSetPop(_ spc: Int, full: Bool, swept: Bool) -> SpanID? {
        let sweptIndex = Heap.sweptSetIndex(mheap.sweepgen)
        let index = swept ? sweptIndex : 1 - sweptIndex
        let kind = SpanListKind.spanSet(full: full, index: index)
        while let e = full ? central[spc].full[index].pop() : central[spc].partial[index].pop() {
            let s = mheap.allspans[e.id.index]
            // A stale entry: the span left this set (swept by someone else) or was pushed again.
            guard s.list == kind, s.setPosition == Int32(truncatingIfNeeded: e.position) else { continue }
            mheap.allspans[e.id.index].list = .none
            return e.id
        }
        return nil
    }

    /// The live spans of one of mcentral `spc`'s sets, oldest first (for the view, expectations
    /// and the invariant checker).
    public func spans(inSet full: Bool, swept: Bool, of spc: SpanClass) -> [SpanID] {
        spanSetContents(full: full, swept: swept, of: spc, limit: .max).first
    }

    /// The first `limit` live spans of one of mcentral `spc`'s sets, and how many it holds.
    public func spanSetContents(full: Bool, swept: Bool, of spc: SpanClass, limit: Int) -> (first: [SpanID], count: Int) {
        let sweptIndex = Heap.sweptSetIndex(mheap.sweepgen)
        let index = swept ? sweptIndex : 1 - sweptIndex
        let kind = SpanListKind.spanSet(full: full, index: index)
        let set = full ? central[spc.index].full[index] : central[spc.index].partial[index]
        var first: [SpanID] = []
        var count = 0
        for e in set.queued() where mheap.allspans[e.id.index].list == kind
            && mheap.allspans[e.id.index].setPosition == Int32(truncatingIfNeeded: e.position) {
            if count < limit { first.append(e.id) }
            count += 1
        }
        return (first, count)
    }

    /// `mcentral.cacheSpan()` for span sets: a span with a free slot for an mcache, in no set.
    mutating func cacheSpanFromSets(_ spc: SpanClass, p: Int) throws(HeapError) -> (SpanID, CacheSpanSource) {
        let c = spc.index
        let sg = mheap.sweepgen
        if let s = spanSetPop(c, full: false, swept: true) { return (s, .partialSwept) }
        if !gc.sweepdone {
            var spanBudget = 100
            while spanBudget >= 0, let s = spanSetPop(c, full: false, swept: false) {
                spanBudget -= 1
                guard mheap.allspans[s.index].sweepgen == sg &- 2 else { continue }
                mheap.allspans[s.index].sweepgen = sg &- 1
                sweepSpan(s, preserve: true, by: .allocator)
                return (s, .partialUnswept)
            }
            while spanBudget >= 0, let s = spanSetPop(c, full: true, swept: false) {
                spanBudget -= 1
                guard mheap.allspans[s.index].sweepgen == sg &- 2 else { continue }
                mheap.allspans[s.index].sweepgen = sg &- 1
                sweepSpan(s, preserve: true, by: .allocator)
                let freeIndex = nextFreeIndex(s)
                if freeIndex != Int(mheap.allspans[s.index].nelems) {
                    mheap.allspans[s.index].freeindex = Int32(freeIndex)
                    return (s, .fullUnswept)
                }
                // Sweeping freed nothing: the span is swept and full.
                spanSetPush(s, full: true, swept: true)
            }
        }
        return (try mcentralGrow(spc, p: p), .grow)
    }

    /// Where `uncacheSpan` (go1.25) puts a span that was not stale: partialSwept if it has a
    /// free slot, fullSwept if not.
    mutating func uncacheSpanToSets(_ id: SpanID) {
        let s = mheap.allspans[id.index]
        spanSetPush(id, full: s.allocCount >= s.nelems, swept: true)
    }

    /// The end of `sweep(preserve: false)` for span sets (mgcsweep.go): a small span with
    /// nothing live goes back to the heap, any other goes to fullSwept or partialSwept; a large
    /// object's span goes to fullSwept if it lives. Returns true if the span went to the heap.
    mutating func placeSweptSpan(_ id: SpanID, nalloc: Int) -> Bool {
        let s = mheap.allspans[id.index]
        mheap.allspans[id.index].sweepgen = mheap.sweepgen
        if s.isLarge {
            spanSetPush(id, full: true, swept: true)
            return false
        }
        if nalloc == 0 {
            mheapFreeSpan(id)
            return true
        }
        spanSetPush(id, full: nalloc == Int(s.nelems), swept: true)
        return false
    }

    /// `mheap.nextSpanForSweep` (go1.25): the next unswept span, class by class — each class's
    /// partialUnswept set, then its fullUnswept set; `gc.sweepCursor` is `sweep.centralIndex`.
    mutating func nextSpanForSweep() -> SpanID? {
        let classes = central.count
        while gc.sweepCursor < classes &* 2 {
            let sc = gc.sweepCursor
            if let s = spanSetPop(sc >> 1, full: sc & 1 == 1, swept: false) { return s }
            gc.sweepCursor += 1
        }
        return nil
    }
}
