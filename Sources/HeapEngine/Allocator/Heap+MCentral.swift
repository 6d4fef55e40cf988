// mcentral's operations (runtime/mcentral.go, go1.12): cacheSpan, uncacheSpan, grow, and the
// mSpanList operations they use. The design essay is in MCentral.swift.
//
// After a GC cycle, spans on either list may need sweeping (sweepgen == h-2): cacheSpan sweeps
// such a span itself before it hands it out, the lazy half of concurrent sweeping.

extension Heap {
    // MARK: mSpanList

    /// `list.insertBack(s)` on mcentral `spc`'s `kind` list.
    mutating func listInsertBack(_ id: SpanID, _ kind: SpanListKind, of spc: Int) {
        precondition(mheap.allspans[id.index].list == .none, "mSpanList.insertBack")
        var list = kind == .nonempty ? central[spc].nonempty : central[spc].empty
        mheap.allspans[id.index].prev = list.last
        mheap.allspans[id.index].next = .none
        if list.last.isNone { list.first = id } else { mheap.allspans[list.last.index].next = id }
        list.last = id
        list.count += 1
        mheap.allspans[id.index].list = kind
        if kind == .nonempty { central[spc].nonempty = list } else { central[spc].empty = list }
    }

    /// `list.insert(s)`: at the front.
    mutating func listInsertFront(_ id: SpanID, _ kind: SpanListKind, of spc: Int) {
        precondition(mheap.allspans[id.index].list == .none, "mSpanList.insert")
        var list = kind == .nonempty ? central[spc].nonempty : central[spc].empty
        mheap.allspans[id.index].next = list.first
        mheap.allspans[id.index].prev = .none
        if list.first.isNone { list.last = id } else { mheap.allspans[list.first.index].prev = id }
        list.first = id
        list.count += 1
        mheap.allspans[id.index].list = kind
        if kind == .nonempty { central[spc].nonempty = list } else { central[spc].empty = list }
    }

    /// `list.remove(s)`.
    mutating func listRemove(_ id: SpanID, of spc: Int) {
        let kind = mheap.allspans[id.index].list
        precondition(kind == .nonempty || kind == .empty, "mSpanList.remove")
        var list = kind == .nonempty ? central[spc].nonempty : central[spc].empty
        let s = mheap.allspans[id.index]
        if list.first == id { list.first = s.next } else { mheap.allspans[s.prev.index].next = s.next }
        if list.last == id { list.last = s.prev } else { mheap.allspans[s.next.index].prev = s.prev }
        list.count -= 1
        mheap.allspans[id.index].next = .none
        mheap.allspans[id.index].prev = .none
        mheap.allspans[id.index].list = .none
        if kind == .nonempty { central[spc].nonempty = list } else { central[spc].empty = list }
    }

    /// The spans on one of mcentral `spc`'s lists, first to last.
    public func spans(on kind: SpanListKind, of spc: SpanClass, limit: Int = .max) -> [SpanID] {
        var out: [SpanID] = []
        var s = kind == .nonempty ? central[spc.index].nonempty.first : central[spc.index].empty.first
        while !s.isNone && out.count <= mheap.allspans.count && out.count < limit {
            out.append(s)
            s = mheap.allspans[s.index].next
        }
        return out
    }

    // MARK: cacheSpan

    /// `mcentral.cacheSpan()`: a span with at least one free slot for an mcache, moved to the
    /// back of `empty`.
    mutating func cacheSpan(_ spc: SpanClass, p: Int) throws(HeapError) -> SpanID {
        let c = spc.index
        // Proportional sweep: pay for the span about to be taken.
        deductSweepCredit(spanBytes: Int(profile.sizeClasses.classToAllocNPages[spc.sizeclass]) &<< pageShift, callerSweepPages: 0)
        let sg = mheap.sweepgen
        var found = SpanID.none
        var source = CacheSpanSource.grow
        if usesSpanSets {
            (found, source) = try cacheSpanFromSets(spc, p: p)
        } else {
        retry: while true {
            var s = central[c].nonempty.first
            while !s.isNone {
                let next = mheap.allspans[s.index].next
                let sgs = mheap.allspans[s.index].sweepgen
                if sgs == sg &- 2 {
                    // Needs sweeping: claim it, sweep it, use it.
                    claimAndSweepForCache(s, of: c)
                    found = s
                    source = .nonempty
                    break retry
                }
                if sgs == sg &- 1 {
                    // Being swept by the background sweeper: skip.
                    s = next
                    continue
                }
                // A nonempty span that does not need sweeping: allocate from it.
                listRemove(s, of: c)
                listInsertBack(s, .empty, of: c)
                found = s
                source = .nonempty
                break retry
            }
            s = central[c].empty.first
            while !s.isNone {
                let next = mheap.allspans[s.index].next
                let sgs = mheap.allspans[s.index].sweepgen
                if sgs == sg &- 2 {
                    // A full span that needs sweeping: sweep it and see if that frees a slot.
                    claimAndSweepForCache(s, of: c)
                    let freeIndex = nextFreeIndex(s)
                    if freeIndex != Int(mheap.allspans[s.index].nelems) {
                        mheap.allspans[s.index].freeindex = Int32(freeIndex)
                        found = s
                        source = .empty
                        break retry
                    }
                    // Still full; it is at the back of empty now. Look again.
                    continue retry
                }
                if sgs == sg &- 1 { s = next; continue }
                // An already swept full span: every later one is swept or being swept too.
                break
            }
            break
        }
        if found.isNone {
            found = try mcentralGrow(spc, p: p)
            listInsertBack(found, .empty, of: c)
        }
        }
        // havespan:
        let span = mheap.allspans[found.index]
        let n = Int(span.nelems - span.allocCount)
        precondition(n > 0, "span has no free objects")
        central[c].nmalloc += UInt64(n)
        let usedBytes = Int(span.allocCount) * Int(span.elemsize)
        memstats.heapLive += UInt64((Int(span.npages) &<< pageShift) - usedBytes)
        if gc.blackenEnabled { revise() }
        // Refill allocCache from the word holding freeindex, shifted so bit 0 is freeindex.
        let freeindex = Int(span.freeindex)
        refillAllocCache(found, word: freeindex >> 6)
        mheap.allspans[found.index].allocCache >>= UInt64(freeindex % 64)
        if recordsEvents {
            emit(.cacheSpan(spanClass: spc, span: found, from: source, freeSlots: n, spanSets: usesSpanSets))
        }
        return found
    }

    /// cacheSpan's sweep of an unswept span: claim it (sweepgen h-2 → h-1), move it to the back
    /// of `empty` (swept spans gather there), and sweep it keeping it out of the heap.
    mutating func claimAndSweepForCache(_ s: SpanID, of c: Int) {
        mheap.allspans[s.index].sweepgen = mheap.sweepgen &- 1
        listRemove(s, of: c)
        listInsertBack(s, .empty, of: c)
        sweepSpan(s, preserve: true, by: .allocator)
    }

    /// `mcentral.grow()`: a new span of `class_to_allocnpages` pages from mheap, initialised.
    mutating func mcentralGrow(_ spc: SpanClass, p: Int) throws(HeapError) -> SpanID {
        let npages = Int(profile.sizeClasses.classToAllocNPages[spc.sizeclass])
        if recordsEvents { emit(.mcentralGrow(spanClass: spc, npages: npages)) }
        let id = try mheapAlloc(npages: npages, spanclass: spc, large: false, p: p)
        let size = Int(profile.sizeClasses.classToSize[spc.sizeclass])
        let n = profile.objectsPerSpan(sizeclass: spc.sizeclass, noscan: spc.noscan)
        mheap.allspans[id.index].limitOffset = size * n
        initSpan(id)
        return id
    }

    /// `mcentral.uncacheSpan(s)`: an mcache gives back span `id`; its unused slots stop
    /// counting in nmalloc, and a span with free slots moves to `nonempty`.
    mutating func uncacheSpan(_ id: SpanID) {
        let spc = mheap.allspans[id.index].spanclass.index
        let sg = mheap.sweepgen
        let stale = mheap.allspans[id.index].sweepgen == sg &+ 1
        mheap.allspans[id.index].sweepgen = stale ? sg &- 1 : sg
        let s = mheap.allspans[id.index]
        let n = Int(s.nelems - s.allocCount)
        if n > 0 {
            central[spc].nmalloc -= UInt64(n)
            if !usesSpanSets {
                listRemove(id, of: spc)
                listInsertFront(id, .nonempty, of: spc)
            }
            if !stale {
                memstats.heapLive -= UInt64(n * Int(s.elemsize))
            }
        }
        // go1.25: back into a swept set (a stale span is placed by its sweep below).
        if usesSpanSets && !stale { uncacheSpanToSets(id) }
        // A stale span (cached before this sweep began) is the flusher's to sweep, now that it
        // is on the right list.
        if stale { sweepSpan(id, preserve: false, by: .mcacheFlush) }
    }
}
