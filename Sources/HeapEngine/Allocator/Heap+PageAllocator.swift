// mheap's page allocator: mheap.alloc, allocSpanLocked, grow, sysAlloc, freeSpanLocked,
// coalesce and scavengeLargest (runtime/mheap.go, malloc.go; go1.12). See MHeap.swift for the
// design essay.

extension Heap {
    // MARK: mspan structs (spanalloc)

    /// `spanalloc.alloc()` + `span.init(base, npages)`: a recycled or new mspan struct.
    mutating func newSpanStruct(startPage: Int, npages: Int) -> SpanID {
        var s = MSpan()
        s.startPage = Int32(startPage)
        s.npages = Int32(npages)
        let id: SpanID
        if let recycled = mheap.deadSpans.popLast() {
            id = recycled
            // The runtime does not zero recycled mspans, so that sweepgen survives; keep it too.
            s.sweepgen = mheap.allspans[id.index].sweepgen
            mheap.allspans[id.index] = s
        } else {
            id = SpanID(mheap.allspans.count)
            mheap.allspans.append(s)
        }
        return id
    }

    /// `spanalloc.free(s)`: the struct becomes mSpanDead and is kept for reuse.
    mutating func freeSpanStruct(_ id: SpanID) {
        freeEpoch &+= 1   // ObjectMemo.swift
        releaseBits(id)
        mheap.allspans[id.index].state = .dead
        mheap.allspans[id.index].list = .none
        mheap.allspans[id.index].npages = 0
        mheap.deadSpans.append(id)
    }

    /// `h.setSpans(base, npages, s)`: every page of the run maps to `id`.
    mutating func setSpans(startPage: Int, npages: Int, _ id: SpanID) {
        for p in startPage..<(startPage + npages) { mheap.spans[p] = id }
    }

    // MARK: mheap.alloc

    /// `mheap.alloc(npage, spanclass, large, needzero)`: a span of `npages` pages in use for
    /// `spanclass`, taken from the free treaps or from a grown heap.
    mutating func mheapAlloc(npages: Int, spanclass: SpanClass, large: Bool, p: Int)
        throws(HeapError) -> SpanID
    {
        // alloc_m: to keep the heap from growing while spans wait to be swept, reclaim at least
        // npages pages by sweeping first.
        if !gc.sweepdone { reclaim(npages: npages) }
        // Move this P's local tiny count into the global stats while holding the lock.
        memstats.tinyallocs += mcaches[p].localTinyAllocs
        mcaches[p].localTinyAllocs = 0

        let id = try allocSpanLocked(npages: npages)
        mheap.allspans[id.index].sweepgen = mheap.sweepgen
        mheap.allspans[id.index].state = .inUse
        mheap.allspans[id.index].allocCount = 0
        mheap.allspans[id.index].spanclass = spanclass
        let sizeclass = spanclass.sizeclass
        mheap.allspans[id.index].elemsize = sizeclass == 0
            ? npages &<< pageShift : Int(profile.sizeClasses.classToSize[sizeclass])
        mheap.pagesInUse += npages
        if large {
            mheap.largealloc += UInt64(npages &<< pageShift)
            mheap.nlargealloc += 1
            memstats.heapLive += UInt64(npages &<< pageShift)
            if gc.blackenEnabled { revise() }
        }
        // mheap.alloc zeroes the span if it needs it; simulated memory is always zero.
        mheap.allspans[id.index].needzero = false
        return id
    }

    /// `allocSpanLocked(npage)`: best fit, growing the heap if nothing fits, then split.
    mutating func allocSpanLocked(npages: Int) throws(HeapError) -> SpanID {
        if usesPageBitmap { return try allocSpanFromBitmap(npages: npages) }
        var picked = pickFreeSpan(npages: npages)
        if picked == nil {
            try grow(npages: npages)
            picked = pickFreeSpan(npages: npages)
        }
        guard let id = picked else {
            // grew the heap, but no adequate free span found: cannot happen after a grow of
            // at least npages contiguous pages.
            preconditionFailure("grew heap, but no adequate free span found")
        }
        precondition(mheap.allspans[id.index].state == .free, "candidate mspan for allocation is not free")
        let wasScavenged = mheap.allspans[id.index].scavenged
        if wasScavenged {
            memstats.heapReleased -= UInt64(bytes(of: id))
        }
        var remainder = 0
        let have = Int(mheap.allspans[id.index].npages)
        if have > npages {
            // Trim the extra pages and put them back in the heap as a new free span.
            let start = Int(mheap.allspans[id.index].startPage)
            let t = newSpanStruct(startPage: start + npages, npages: have - npages)
            mheap.allspans[id.index].npages = Int32(npages)
            mheap.spans[start + npages - 1] = id
            mheap.spans[start + npages] = t
            mheap.spans[start + have - 1] = t
            mheap.allspans[t.index].needzero = mheap.allspans[id.index].needzero
            if wasScavenged {
                memstats.heapReleased += UInt64(bytes(of: t))
                mheap.allspans[t.index].scavenged = true
            }
            // mSpanManual on both keeps t from coalescing back into s.
            mheap.allspans[id.index].state = .manual
            mheap.allspans[t.index].state = .manual
            freeSpanLocked(t, acctInUse: false, acctIdle: false,
                           unusedsince: mheap.allspans[id.index].unusedsince, announce: false)
            mheap.allspans[id.index].state = .free
            remainder = have - npages
        }
        // "Unscavenge" only after splitting, so only the pages in use are sysUsed.
        mheap.allspans[id.index].scavenged = false
        mheap.allspans[id.index].unusedsince = 0
        setSpans(startPage: Int(mheap.allspans[id.index].startPage), npages: npages, id)
        memstats.heapInuse += UInt64(npages &<< pageShift)
        memstats.heapIdle -= UInt64(npages &<< pageShift)
        if recordsEvents {
            emit(.mheapAlloc(span: id, npages: npages, startAddr: base(of: id),
                                      remainderPages: remainder, scavenged: wasScavenged))
        }
        return id
    }

    /// `pickFreeSpan(npage)`: the best fit from `free` and from `scav`, the smaller of the two
    /// (`free` on a tie), removed from its treap.
    mutating func pickFreeSpan(npages: Int) -> SpanID? {
        let n = Int32(npages)
        let f = mheap.free.bestFit(npages: n)
        let s = mheap.scav.bestFit(npages: n)
        if let f, s == nil || f.npages <= s!.npages {
            mheap.free.remove(npages: f.npages, startPage: f.startPage)
            mheap.allspans[f.id.index].list = .none
            return f.id
        }
        if let s {
            mheap.scav.remove(npages: s.npages, startPage: s.startPage)
            mheap.allspans[s.id.index].list = .none
            return s.id
        }
        return nil
    }

    // MARK: Growing the heap

    /// `mheap.grow(npage)`: map new address space, offset it by scavenging, and add it to the
    /// free treap as one span (coalescing with the free span below it, if any).
    mutating func grow(npages: Int) throws(HeapError) {
        if recordsEvents { emit(.heapGrow(npages: npages)) }
        let (startPage, pages) = try sysAlloc(bytes: npages &<< pageShift)
        // go1.25: new chunks in the bitmap, counted as released until they are used.
        if usesPageBitmap {
            growBitmap(startPage: startPage, pages: pages)
            return
        }
        // go1.12 offsets the new address space by releasing as much of the largest free spans.
        scavengeLargest(bytes: pages &<< pageShift)
        // A fake "in use" span, freed at once so that coalescing happens the usual way.
        let s = newSpanStruct(startPage: startPage, npages: pages)
        setSpans(startPage: startPage, npages: pages, s)
        mheap.allspans[s.index].sweepgen = mheap.sweepgen
        mheap.allspans[s.index].state = .inUse
        mheap.pagesInUse += pages
        freeSpanLocked(s, acctInUse: false, acctIdle: true, unusedsince: nil)
    }

    /// `mheap.sysAlloc(n)`: reserve and map at least `bytes`, rounded up to whole heapArenas,
    /// from the bottom of the simulated arena up. Returns the first page and the page count.
    mutating func sysAlloc(bytes: Int) throws(HeapError) -> (startPage: Int, pages: Int) {
        // go1.12 maps whole heap arenas; go1.25 maps alignUp(npages, 512) pages (4 MiB steps).
        let arenaPagesUnit = (profile.heapGrowthBytes ?? profile.heapArenaBytes) &>> pageShift
        let want = (bytes &>> pageShift + arenaPagesUnit - 1) / arenaPagesUnit * arenaPagesUnit
        let left = mheap.arenaPages - mheap.mappedPages
        let needed = (bytes + profile.pageSize - 1) &>> pageShift
        guard left >= needed, needed > 0 else {
            if recordsEvents { emit(.outOfMemory(requestedBytes: bytes)) }
            throw .outOfMemory(requestedBytes: bytes, arenaBytes: config.arenaBytes)
        }
        // heapscope: an arena smaller than a heapArena (or its last part) is mapped as it is.
        let pages = min(want, left)
        let start = mheap.mappedPages
        let base = address(ofPage: start)
        if recordsEvents {
            if profile.heapGrowthBytes != nil {
                // go1.25 reserves a whole heap arena (64 MiB) when growth enters one, and maps
                // only the growth.
                let arenaPages = profile.heapArenaBytes &>> pageShift
                var a = (start + arenaPages - 1) / arenaPages * arenaPages
                if start % arenaPages == 0 { a = start }
                while a < start + pages {
                    emit(.sysReserve(base: address(ofPage: a), bytes: min(arenaPages, mheap.arenaPages - a) &<< pageShift))
                    a += arenaPages
                }
            } else {
                emit(.sysReserve(base: base, bytes: pages &<< pageShift))
            }
            emit(.sysMap(base: base, bytes: pages &<< pageShift))
        }
        mheap.mappedPages += pages
        mheap.arenas.append(start...(start + pages - 1))
        memstats.heapSys += UInt64(pages &<< pageShift)
        return (start, pages)
    }

    // MARK: Freeing pages

    /// `freeSpanLocked(s, acctinuse, acctidle, unusedsince)`: the span's pages become free,
    /// coalesce with free neighbours, and go into `free` or `scav`.
    /// `announce: false` for the tail of a split span, which the mheapAlloc event describes.
    /// `unusedsince` nil stamps the span with the current time (the runtime passes 0 for that;
    /// heapscope's clock starts at 0, so 0 is a real time here).
    mutating func freeSpanLocked(_ id: SpanID, acctInUse: Bool, acctIdle: Bool, unusedsince: Int64?,
                                 announce: Bool = true) {
        freeEpoch &+= 1   // ObjectMemo.swift
        let s = mheap.allspans[id.index]
        switch s.state {
        case .manual:
            precondition(s.allocCount == 0, "mheap.freeSpanLocked - invalid stack free")
        case .inUse:
            precondition(s.allocCount == 0 && s.sweepgen == mheap.sweepgen,
                         "mheap.freeSpanLocked - invalid free")
            mheap.pagesInUse -= Int(s.npages)
        default:
            preconditionFailure("mheap.freeSpanLocked - invalid span state")
        }
        let bytes = UInt64(Int(s.npages) &<< pageShift)
        if acctInUse { memstats.heapInuse -= bytes }
        if acctIdle { memstats.heapIdle += bytes }
        mheap.allspans[id.index].state = .free
        mheap.allspans[id.index].allocCount = 0
        releaseBits(id)
        mheap.allspans[id.index].unusedsince = unusedsince ?? nanotime
        let merged = coalesce(id)
        insertFree(id)
        if recordsEvents && announce {
            emit(.freeSpan(span: id, npages: Int(mheap.allspans[id.index].npages),
                                    startAddr: base(of: id), coalesced: merged))
        }
    }

    /// Puts a free span into the treap that matches its scavenged state.
    mutating func insertFree(_ id: SpanID) {
        let s = mheap.allspans[id.index]
        if s.scavenged {
            mheap.scav.insert(npages: s.npages, startPage: s.startPage, id: id)
            mheap.allspans[id.index].list = .heapScav
        } else {
            mheap.free.insert(npages: s.npages, startPage: s.startPage, id: id)
            mheap.allspans[id.index].list = .heapFree
        }
    }

    /// Takes a free span out of its treap.
    mutating func removeFree(_ id: SpanID) {
        let s = mheap.allspans[id.index]
        if s.scavenged {
            mheap.scav.remove(npages: s.npages, startPage: s.startPage)
        } else {
            mheap.free.remove(npages: s.npages, startPage: s.startPage)
        }
        mheap.allspans[id.index].list = .none
    }

    /// `mheap.coalesce(s)`: merge with the free spans just below and just above that have the
    /// same scavenged state. Returns how many neighbours were merged (0, 1 or 2).
    ///
    /// go1.12 only "realigns" neighbours of different scavenged state to physical-page
    /// boundaries; with 4 KiB physical pages under 8 KiB runtime pages that is a no-op, so here
    /// such neighbours simply stay apart.
    mutating func coalesce(_ id: SpanID) -> Int {
        var merged = 0
        let start = Int(mheap.allspans[id.index].startPage)
        let before = mheap.span(atPage: start - 1)
        if !before.isNone, before != id, mheap.allspans[before.index].state == .free,
           mheap.allspans[before.index].scavenged == mheap.allspans[id.index].scavenged {
            let b = mheap.allspans[before.index]
            removeFree(before)
            mheap.allspans[id.index].startPage = b.startPage
            mheap.allspans[id.index].npages += b.npages
            mheap.allspans[id.index].needzero = mheap.allspans[id.index].needzero || b.needzero
            mheap.spans[Int(b.startPage)] = id
            freeSpanStruct(before)
            merged += 1
        }
        let end = Int(mheap.allspans[id.index].startPage + mheap.allspans[id.index].npages)
        let after = mheap.span(atPage: end)
        if !after.isNone, after != id, mheap.allspans[after.index].state == .free,
           mheap.allspans[after.index].scavenged == mheap.allspans[id.index].scavenged {
            let a = mheap.allspans[after.index]
            removeFree(after)
            mheap.allspans[id.index].npages += a.npages
            mheap.allspans[id.index].needzero = mheap.allspans[id.index].needzero || a.needzero
            mheap.spans[end + Int(a.npages) - 1] = id
            freeSpanStruct(after)
            merged += 1
        }
        return merged
    }

    // MARK: Scavenging

    /// `mspan.scavenge()` for a free span in `free`: release its pages (sysUnused), move it to
    /// `scav` and coalesce it with scavenged neighbours. Returns the bytes released.
    mutating func scavengeSpan(_ id: SpanID) -> Int {
        removeFree(id)
        let r = bytes(of: id)
        mheap.allspans[id.index].scavenged = true
        memstats.heapReleased += UInt64(r)
        _ = coalesce(id)
        insertFree(id)
        return r
    }

    // MARK: Scavenging on growth

    /// `scavengeLargest(nbytes)`: release `bytes` from the largest free spans, largest first,
    /// to offset address space just mapped; extra becomes `scavengeCredit`.
    mutating func scavengeLargest(bytes requested: Int) {
        var nbytes = requested
        if nbytes > mheap.scavengeCredit {
            nbytes -= mheap.scavengeCredit
            mheap.scavengeCredit = 0
        } else {
            mheap.scavengeCredit -= nbytes
            return
        }
        var released = 0
        for entry in Array(mheap.free.largestFirst) where released < nbytes {
            let id = entry.id
            guard mheap.allspans[id.index].state == .free, mheap.allspans[id.index].list == .heapFree
            else { continue }
            released += scavengeSpan(id)
        }
        if released > nbytes { mheap.scavengeCredit += released - nbytes }
        if recordsEvents && released > 0 {
            emit(.scavengeLargest(requested: requested, released: released))
        }
    }
}
