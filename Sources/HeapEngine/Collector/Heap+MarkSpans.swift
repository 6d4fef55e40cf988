// Marking span by span: how heapscope runs a drain nobody watches.
//
// go1.12's gcDrain takes grey objects one at a time off a LIFO buffer, and that is the order
// heapscope shows: a `gc step` marks so many objects, the Objects panel lists the grey queue,
// the narration says which object was scanned. That order is also what makes marking slow on
// a big heap: every object scanned is somewhere else in memory, and each of its pointers leads
// somewhere else again.
//
// When a drain runs to the end with events off (a forced cycle, `gc finish`, idle marking,
// replaying steps for rewind), nothing can observe the order: the marked objects are the ones
// reachable from the roots whatever the order, and every counter marking keeps (objects and
// bytes marked, scan work, work units, the cost model's nanoseconds) is a sum over them. So
// this drain takes the order that is kind to the cache, the one the Green Tea collector (Go
// 1.25's GOEXPERIMENT=greenteagc, the default from 1.26) takes for small objects: greying an
// object sets its grey bit and queues its *span* (once); scanning a span scans every object
// whose grey bit is set, in address order, through the span's page of words. Spans are taken
// first in, first out, so that a span gathers grey objects while it waits.
//
// The queue and its "already queued" bits live only in this function: the heap it returns is
// the heap the object-at-a-time drain returns (HeapEngineTests' MarkOrderTests compare them).
// Budgeted drains — the steps a person watches — keep go1.12's order.

extension Heap {
    /// `gcDrain` to the end with events off, span by span; returns the units of work done
    /// (root jobs plus objects scanned, as the object-at-a-time drain counts them).
    mutating func gcDrainSpans() -> Int {
        var n = 0
        while rootJobsLeft {
            markrootNext()
            n &+= 1
        }
        var queue = GreySpanQueue(spans: mheap.allspans.count)
        while true {
            // Objects greyed before this drain (earlier steps, the roots above) are on the
            // object queue, their grey bits set: their spans join the span queue.
            while let obj = gc.workQueue.popLast() {
                queue.push(mheap.spans[Int((obj &- arenaBase) &>> UInt64(pageShift))])
            }
            guard let id = queue.pop() else { break }
            n &+= scanGreyObjects(of: id, queue: &queue)
        }
        return n
    }

    /// Scans every object of span `id` whose grey bit is set (clearing it), shading what they
    /// point to; objects of this span greyed meanwhile are scanned too. Returns how many.
    mutating func scanGreyObjects(of id: SpanID, queue: inout GreySpanQueue) -> Int {
        let s = mheap.allspans[id.index]
        let page = Int(s.startPage)
        // A one-page span whose page is dense (a page of small objects with pointers, as a
        // marked heap mostly is): its words are read through the page's buffer, taken once for
        // the whole span, instead of looking the page up for every word (memory.load). Marking
        // writes no word, so the buffer stays valid. (Taking the page's words per object, when
        // each page was an array of its own, cost a retain and a release each, whose indirect
        // calls mispredicted: slower, with fewer instructions.)
        if s.npages == 1 && memory.storage[page] == .dense {
            return memory.withDensePage(page) { words in
                let buf = words.unsafelyUnwrapped
                return scanGreySlots(of: s) { heap, slot, elemsize, type in
                    heap.scanWords(inPage: buf, from: (slot &* elemsize) &>> 3, elemsize: elemsize, type: type) { heap, p in
                        if let g = heap.markPointerFast(p, memo: .none) { queue.push(g.span) }
                    }
                }
            }
        }
        let spanBase = address(ofPage: page)
        return scanGreySlots(of: s) { heap, slot, elemsize, type in
            heap.scanWords(spanBase &+ UInt64(slot &* elemsize), elemsize: elemsize, type: type) { heap, p in
                if let g = heap.markPointerFast(p, memo: .none) { queue.push(g.span) }
            }
        }
    }

    /// The grey-bit walk of scanGreyObjects: `scan` is called with each grey slot, its size
    /// and its type.
    @inline(__always)
    mutating func scanGreySlots(of s: MSpan, _ scan: (inout Heap, Int, Int, Int) -> Void) -> Int {
        let greyBase = s.greyBitsOffset
        let greyWords = (Int(s.nelems) &+ 63) &>> 6
        let types = Int(s.typesOffset)
        let all = s.typeOfAll
        let elemsize = s.elemsize
        var scanned = 0
        var w = 0
        while w < greyWords {
            var grey = mheap.gcBits.storage[greyBase &+ w]
            guard grey != 0 else { w &+= 1; continue }
            mheap.gcBits.storage[greyBase &+ w] = 0
            while grey != 0 {
                let slot = (w &<< 6) | grey.trailingZeroBitCount
                grey &= grey &- 1
                scanned &+= 1
                scan(&self, slot, elemsize, all >= 0 ? Int(all) : Int(mheap.slotTypes.storage[types &+ slot]))
            }
            // Scanning may have greyed objects of this span in words already passed.
            if mheap.gcBits.storage[greyBase &+ w] == 0 { w &+= 1 }
        }
        return scanned
    }
}

/// The span queue of `gcDrainSpans`: first in, first out, each span at most once at a time.
struct GreySpanQueue {
    private var ids: [SpanID] = []
    private var head = 0
    /// One bit per span: queued and not yet taken.
    private var queued: [UInt64]

    init(spans: Int) { queued = [UInt64](repeating: 0, count: (spans &+ 63) &>> 6) }

    @inline(__always) mutating func push(_ id: SpanID) {
        let i = id.index
        let bit: UInt64 = 1 &<< UInt64(i & 63)
        guard queued[i &>> 6] & bit == 0 else { return }
        queued[i &>> 6] |= bit
        ids.append(id)
    }

    @inline(__always) mutating func pop() -> SpanID? {
        guard head < ids.count else {
            ids.removeAll(keepingCapacity: true)
            head = 0
            return nil
        }
        let id = ids[head]
        head &+= 1
        queued[id.index &>> 6] &= ~(1 &<< UInt64(id.index & 63))
        // Taken spans are dropped from the front now and then, so the array stays short.
        if head >= 4096 && head &* 2 >= ids.count {
            ids.removeFirst(head)
            head = 0
        }
        return id
    }
}
