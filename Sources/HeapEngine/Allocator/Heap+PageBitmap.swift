// mheap's page allocation under go1.25 (mheap.go allocSpan, freeSpanLocked, grow; go1.25),
// on the bitmap of PageAlloc.swift. go1.12's treaps are in Heap+PageAllocator.swift.

extension Heap {
    /// `allocSpan` for go1.25: the first fit from the bitmap (growing the heap if nothing
    /// fits), made into an mspan; pages that had been released are used again (sysUsed).
    mutating func allocSpanFromBitmap(npages: Int) throws(HeapError) -> SpanID {
        var start = mheap.pages.find(npages)
        if start == nil {
            try grow(npages: npages)
            start = mheap.pages.find(npages)
            // A growth that would put the retained heap over the scavenger's goal releases
            // as much at once (eager scavenging).
            scavengeForGrowth(npages &<< pageShift)
        }
        guard let start else { preconditionFailure("grew heap, but no adequate free run found") }
        let scav = mheap.pages.allocRange(start, npages)
        memstats.heapReleased -= UInt64(scav &<< pageShift)
        let id = newSpanStruct(startPage: start, npages: npages)
        mheap.allspans[id.index].state = .free
        setSpans(startPage: start, npages: npages, id)
        memstats.heapInuse += UInt64(npages &<< pageShift)
        memstats.heapIdle -= UInt64(npages &<< pageShift)
        if recordsEvents {
            emit(.mheapAlloc(span: id, npages: npages, startAddr: base(of: id),
                                      remainderPages: 0, scavenged: scav > 0))
        }
        return id
    }

    /// `grow` for go1.25: new chunks, free and released.
    mutating func growBitmap(startPage: Int, pages: Int) {
        mheap.pages.grow(start: startPage, pages: pages)
        memstats.heapReleased += UInt64(pages &<< pageShift)
        memstats.heapIdle += UInt64(pages &<< pageShift)
    }

    /// `freeSpanLocked` for go1.25: the span's pages are clear in the bitmap again and the
    /// mspan struct goes back to its allocator; free pages are no span.
    mutating func freeSpanToBitmap(_ id: SpanID) {
        freeEpoch &+= 1   // ObjectMemo.swift
        let s = mheap.allspans[id.index]
        precondition(s.state == .inUse && s.allocCount == 0 && s.sweepgen == mheap.sweepgen, "mheap.freeSpanLocked - invalid free")
        let start = Int(s.startPage), n = Int(s.npages)
        mheap.pagesInUse -= n
        memstats.heapInuse -= UInt64(n &<< pageShift)
        memstats.heapIdle += UInt64(n &<< pageShift)
        mheap.pages.free(start, n)
        for p in start..<(start + n) { mheap.spans[p] = .none }
        if recordsEvents { emit(.freeSpan(span: id, npages: n, startAddr: base(of: id), coalesced: 0)) }
        freeSpanStruct(id)
    }

    /// The scavenger for go1.25 (heapscope's simplification): release every free page not yet
    /// released. Returns the bytes released.
    mutating func scavengeBitmap() -> Int {
        let n = mheap.pages.scavengeAll()
        memstats.heapReleased += UInt64(n &<< pageShift)
        return n &<< pageShift
    }
}
