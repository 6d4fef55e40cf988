// mallocgc: the three allocation paths (runtime/malloc.go, go1.12).
//
//   size == 0            → &zerobase, nothing allocated.
//   noscan && size < 16  → tiny allocator: pack into the P's current 16-byte block.
//   size ≤ 32 KiB        → small: size class → mcache span → nextFreeFast / nextFree.
//   size > 32 KiB        → large: a dedicated span of ceil(size/8 KiB) pages from mheap.
//
// The tiny allocator (pointer-free objects under 16 B):
//   1. Align the block's offset for the size: to 8 if size%8 == 0, else 4 if size%4 == 0,
//      else 2 if size is even; odd sizes are not aligned.
//   2. If the object fits in the current block, it goes there: no span is touched, no bit set,
//      and only local_tinyallocs counts it.
//   3. Otherwise take a new 16-byte slot of span class "2 noscan" and put the object at its
//      start. The new block becomes current only if it has more room left than the old one
//      (size < tinyoffset), or there was none.
//   A block is one object to the allocator and the collector: it is freed only when every
//   object in it is unreachable. Mallocs and Frees both count tiny allocations, so they do
//   not change HeapObjects; the blocks themselves count as class-2 objects.
//
// After the slot is found (small and large paths):
//   - an object with pointers records its type for the collector (heapBitsSetType) and its
//     pointer words are zeroed;
//   - while the collector is marking, the object is allocated black (gcmarknewobject);
//   - if a span had to be fetched, the heap trigger is tested (gcTrigger{kind: gcTriggerHeap})
//     and a cycle may start. The new object is then held by the allocating goroutine, so it
//     counts as a root of that cycle.

extension Heap {
    /// `mallocgc(size, typ, needzero)`: allocate `size` bytes on P `p`; `noscan` for objects
    /// without pointers. Returns the object's address.
    ///
    /// Throws `HeapError.outOfMemory` when the simulated arena has no room; the heap is left as
    /// it was before the failing step.
    @discardableResult
    public mutating func mallocgc(size: Int, noscan: Bool, p: Int = 0, goroutine g: GoroutineID = .main) throws(HeapError) -> UInt64 {
        try mallocgc(size: size, type: noscan ? .noscan : .rawPointers, p: p, goroutine: g)
    }

    /// `new(T)`: allocate one object of a registered type.
    @discardableResult
    public mutating func mallocgc(type: TypeID, p: Int = 0, goroutine g: GoroutineID = .main) throws(HeapError) -> UInt64 {
        // typeLayouts has an entry per registered type (registerType appends to both tables),
        // with the type's size: the one table the allocation reads again.
        guard typeLayouts.indices.contains(Int(type.raw)) else { throw .invalidRequest("unknown \(type)") }
        let layout = typeLayouts[Int(type.raw)]
        // A small object with events off, from its type's span class found when the type was
        // registered: mallocgcBody's steps without the tests this case has answered, inlined
        // here (through mallocgcBody the compiler kept smallAlloc a call).
        if layout.smallSpanClass != 0 && !recordsEvents && mcaches.indices.contains(p) {
            return try newSmallObject(layout, type: type, p: p, g: g)
        }
        return try mallocgcBody(size: layout.size, type: type, p: p, goroutine: g)
    }

    /// `new(T)` for a small type with events off: mallocgcBody's and smallAlloc's steps, in the
    /// same order and through the same pieces (chargeAssist, allocFromClass); HeapEqualityTests
    /// compare it with the general path (events on).
    @inline(__always)
    mutating func newSmallObject(_ layout: TypeLayout, type: TypeID, p: Int, g: GoroutineID) throws(HeapError) -> UInt64 {
        let size = layout.size
        chargeAssist(size, g)
        let x = try allocFromClass(SpanClass(rawValue: layout.smallSpanClass), type: type, noscan: false,
                                   p: p, g: g, narrate: false)
        mutatorRan(ns: MutatorModel.allocNs(size))
        return x
    }

    /// While workers and assists mark, every allocation is charged to its goroutine; in debt,
    /// it assists first (mallocgc → gcAssistAlloc).
    @inline(__always)
    mutating func chargeAssist(_ size: Int, _ g: GoroutineID) {
        if gc.blackenEnabled {
            goroutines[g.index].assistBytes &-= Int64(size)
            if goroutines[g.index].assistBytes < 0 { gcAssistAlloc(g) }
        }
    }

    /// Allocates `size` bytes holding an object of `type` (`.noscan` for pointer-free memory,
    /// `.rawPointers` for words that may all be pointers).
    @discardableResult
    public mutating func mallocgc(size: Int, type: TypeID, p: Int = 0, goroutine g: GoroutineID = .main) throws(HeapError) -> UInt64 {
        try mallocgcBody(size: size, type: type, p: p, goroutine: g)
    }

    /// The body of both entry points, inlined into each: `new(T)` is the churn benchmark's
    /// every allocation, and a call between the two cost it 2 % of its instructions.
    @inline(__always)
    mutating func mallocgcBody(size: Int, type: TypeID, p: Int, goroutine g: GoroutineID) throws(HeapError) -> UInt64 {
        guard size >= 0 else { throw .invalidRequest("negative size \(size)") }
        guard mcaches.indices.contains(p) else {
            throw .invalidRequest("there is no P \(p); this heap has \(mcaches.count)")
        }
        let noscan = type == .noscan
        if recordsEvents { emit(.mallocgc(size: size, noscan: noscan, p: p)) }
        if size == 0 {
            if recordsEvents { emit(.zeroSized) }
            return Heap.zerobase
        }
        chargeAssist(size, g)
        let x: UInt64
        // Go 1.22+ serves pointerful requests only up to 32760 B from a class (room for a
        // malloc header); go1.12's limit is maxSmallSize itself.
        if size <= maxSmallRequest {
            if noscan && size < profile.maxTinySize {
                x = try tinyAlloc(size: size, p: p, g: g)
            } else {
                x = try smallAlloc(size: size, type: type, noscan: noscan, p: p, g: g)
            }
        } else {
            x = try largeAlloc(size: size, type: type, noscan: noscan, p: p, g: g)
        }
        mutatorRan(ns: MutatorModel.allocNs(size))
        return x
    }

    /// What every small and large allocation does once it has its slot: record the type,
    /// clear pointer words, allocate black during marking, and test the heap trigger. `narrate`
    /// is `recordsEvents` (false where the caller knows it is: new(T)'s events-off path).
    @inline(__always)
    mutating func publishObject(_ x: UInt64, span: SpanID, slot: Int, type: TypeID, noscan: Bool,
                                shouldhelpgc: Bool, p: Int, g: GoroutineID, narrate: Bool) {
        // heap_scan grows by the object's pointer prefix; allocated black, that prefix also
        // counts as scan work done (gcmarknewobject).
        var scanSize = 0
        if !noscan {
            // The span's fields once, through a pointer (the span came from the mcache or the
            // heap: its index is valid).
            assert(span.index < mheap.allspans.count)
            let f = mheap.allspans.withUnsafeBufferPointer { b in
                let s = b.baseAddress.unsafelyUnwrapped + span.index
                return (elemsize: s.pointee.elemsize, words: s.pointee.pointerStorage,
                        all: s.pointee.typeOfAll, typed: s.pointee.typesLength != 0)
            }
            // setSlotType writes only for a span's first object or one of another type.
            if f.typed && f.all != Int32(UInt16(truncatingIfNeeded: type.raw)) { setSlotType(span, slot, type) }
            let elemsize = f.elemsize
            // A span none of whose pages ever held a pointer has nothing to clear.
            if f.words {
                memory.clear(x, bytes: elemsize)
            } else {
                assert(!memory.hasStorage(page: Int((x &- arenaBase) &>> UInt64(pageShift))),
                       "span \(span) holds pointer words and says it does not")
            }
            let l = typeLayouts[Int(type.raw)]
            scanSize = l.allWords ? elemsize : Int(l.ptrdata)
            memstats.heapScan &+= UInt64(truncatingIfNeeded: scanSize)
        }
        if gc.phase == .mark || gc.phase == .marktermination {   // gc.allocatesBlack, without copying gc in a debug build
            gcmarknewobject(span, slot, narrate: narrate)
            gc.controller.scanWork &+= Int64(scanSize)
            if allocMemo.address == x { allocMemo.black = true }
        }
        if shouldhelpgc { testHeapTrigger(heldByAllocator: (x, g)) }
    }

    /// `if shouldhelpgc { if t := (gcTrigger{kind: gcTriggerHeap}); t.test() { gcStart(t) } }`,
    /// after a span was fetched. Out of line: the test (under go1.25 the whole trigger
    /// computation) would otherwise weigh on every allocation that never takes it.
    @inline(never)
    mutating func testHeapTrigger(heldByAllocator x: (UInt64, GoroutineID)) {
        if (gc.phase == .off || gc.phase == .sweep) && heapTriggerReached {
            startTriggeredCycle(.heap, heldByAllocator: x)
        }
    }

    /// The small-object path: class lookup, then the mcache's span.
    @inline(__always)
    mutating func smallAlloc(size: Int, type: TypeID, noscan: Bool, p: Int, g: GoroutineID) throws(HeapError) -> UInt64 {
        let spc: SpanClass
        // `new(T)` for a registered type: its class was looked up when the type was registered
        // (with events on, it is looked up again: the events-on and events-off runs of a
        // scenario end in equal heaps, which HeapEqualityTests check).
        let known = type.raw > TypeID.rawPointers.raw && !recordsEvents
            && typeLayouts[Int(type.raw)].size == size ? typeLayouts[Int(type.raw)].smallSpanClass : 0
        if known != 0 {
            spc = SpanClass(rawValue: known)
        } else {
            var lookup = size
            if !noscan && profile.mallocHeaders != nil && profile.hasMallocHeader(size: size, noscan: noscan) {
                lookup += profile.mallocHeaders!.headerBytes
                if recordsEvents { emit(.mallocHeader(size: size, bytes: profile.mallocHeaders!.headerBytes)) }
            }
            let sizeclass = profile.sizeClasses.sizeclass(forSize: lookup)
            spc = SpanClass(sizeclass: sizeclass, noscan: noscan)
            if recordsEvents {
                emit(.sizeClass(size: size, sizeclass: sizeclass,
                                slotBytes: Int(profile.sizeClasses.classToSize[sizeclass]),
                                spanClass: spc))
            }
        }
        return try allocFromClass(spc, type: type, noscan: noscan, p: p, g: g, narrate: recordsEvents)
    }

    /// The mcache's span of class `spc` hands out a slot (nextFreeFast, else nextFree), and
    /// the object is published. `narrate` is `recordsEvents` (false where the caller knows it
    /// is: new(T)'s events-off path). `p` was checked by the caller.
    @inline(__always)
    mutating func allocFromClass(_ spc: SpanClass, type: TypeID, noscan: Bool, p: Int, g: GoroutineID,
                                 narrate: Bool) throws(HeapError) -> UInt64 {
        var span = mcaches.withUnsafeBufferPointer { $0.baseAddress.unsafelyUnwrapped[p].alloc[spc.index] }
        var slot = nextFreeFast(span)
        var refilled = false
        if slot >= 0 {
            if narrate { emit(.nextFreeFast(span: span, slot: slot)) }
        } else {
            if narrate { emit(.nextFreeFastMiss(span: span)) }
            (span, slot, refilled) = try nextFree(spc, p: p)
        }
        assert(span.index < mheap.allspans.count)
        let (elemsize, startPage) = mheap.allspans.withUnsafeBufferPointer { b in
            let s = b.baseAddress.unsafelyUnwrapped + span.index
            return (s.pointee.elemsize, Int(s.pointee.startPage))
        }
        let x = Heap.address(ofPage: startPage, arenaBase: arenaBase, pageShift: pageShift) &+ UInt64(truncatingIfNeeded: slot &* elemsize)
        if narrate { emit(.allocated(address: x, span: span, slot: slot, bytes: elemsize)) }
        // What a program stores next is usually what it just allocated (ObjectMemo.swift). The
        // tiny allocator's blocks are left out: most tiny objects sit inside a block, not at its
        // start, and remembering each new block cost alloc-tiny 2 % more instructions.
        allocMemo.remember(ObjectRef(span: span, slot: slot, base: x), epoch: freeEpoch)
        publishObject(x, span: span, slot: slot, type: type, noscan: noscan, shouldhelpgc: refilled, p: p, g: g,
                      narrate: narrate)
        return x
    }

    /// The tiny allocator: pack pointer-free objects under 16 B into 16-byte blocks.
    @inline(__always)
    mutating func tinyAlloc(size: Int, p: Int, g: GoroutineID) throws(HeapError) -> UInt64 {
        let maxTiny = profile.maxTinySize
        // Fast path: the object fits into the current block. Asked through a read-only view of
        // the mcache, so that the allocations that need a new block (about half) pay no
        // copy-on-write test here; they take the mcache for writing in tinyAllocNewBlock.
        let (tiny, off) = mcaches.withUnsafeBufferPointer { buf -> (UInt64, Int) in
            let c = buf.baseAddress.unsafelyUnwrapped + p
            var off = c.pointee.tinyoffset
            if size & 7 == 0 {
                off = (off &+ 7) & ~7
            } else if size & 3 == 0 {
                off = (off &+ 3) & ~3
            } else if size & 1 == 0 {
                off = (off &+ 1) & ~1
            }
            return (c.pointee.tiny, off)
        }
        var fit: UInt64 = 0
        if off &+ size <= maxTiny && tiny != 0 {
            mcaches.withUnsafeMutableBufferPointer { buf in
                let c = buf.baseAddress.unsafelyUnwrapped + p
                c.pointee.tinyoffset = off &+ size
                c.pointee.localTinyAllocs &+= 1
            }
            fit = tiny &+ UInt64(off)
        }
        if fit != 0 {
            if recordsEvents {
                let block = mcaches[p].tiny
                emit(.tinyFits(block: block, offset: Int(fit - block), size: size))
            }
            return fit
        }
        return try tinyAllocNewBlock(size: size, p: p, g: g)
    }

    /// The tiny allocator's slow path: take a new 16-byte block from span class 2 noscan.
    /// Inlined: alloc-tiny takes it for about half its allocations, and the call cost 11
    /// instructions an allocation more than the inlined path costs the other half.
    @inline(__always)
    mutating func tinyAllocNewBlock(size: Int, p: Int, g: GoroutineID) throws(HeapError) -> UInt64 {
        let maxTiny = profile.maxTinySize
        // Allocate a new maxTinySize block.
        let spc = profile.tinySpanClass
        var span = mcaches[p].alloc[spc.index]
        var slot = nextFreeFast(span)
        var refilled = false
        if slot >= 0 {
            if recordsEvents { emit(.nextFreeFast(span: span, slot: slot)) }
        } else {
            if recordsEvents { emit(.nextFreeFastMiss(span: span)) }
            (span, slot, refilled) = try nextFree(spc, p: p)
        }
        let x = Heap.address(ofPage: Int(mheap.allspans[span.index].startPage), arenaBase: arenaBase, pageShift: pageShift)
            &+ UInt64(truncatingIfNeeded: slot &* maxTiny)
        // Keep whichever block has more room left: asked through a read-only view of the
        // mcache, which is written (one access: one copy-on-write test) only for a new block.
        // With sizes past half a block the old block usually stays.
        let replace = mcaches.withUnsafeBufferPointer { buf -> Bool in
            let c = buf.baseAddress.unsafelyUnwrapped + p
            return size < c.pointee.tinyoffset || c.pointee.tiny == 0
        }
        if replace {
            mcaches.withUnsafeMutableBufferPointer { buf in
                let c = buf.baseAddress.unsafelyUnwrapped + p
                c.pointee.tiny = x
                c.pointee.tinyoffset = size
            }
        }
        if recordsEvents {
            emit(.tinyNewBlock(block: x, size: size, replacedCurrent: replace))
            emit(.allocated(address: x, span: span, slot: slot, bytes: maxTiny))
        }
        publishObject(x, span: span, slot: slot, type: .noscan, noscan: true, shouldhelpgc: refilled, p: p, g: g,
                      narrate: recordsEvents)
        return x
    }

    /// `largeAlloc(size, needzero, noscan)`: a span of its own, `ceil(size/8 KiB)` pages,
    /// span class 0 (scan) or 1 (noscan), one object of the whole span's size.
    @inline(never)
    mutating func largeAlloc(size: Int, type: TypeID, noscan: Bool, p: Int, g: GoroutineID) throws(HeapError) -> UInt64 {
        let pageMask = profile.pageSize - 1
        guard size <= config.arenaBytes else {
            if recordsEvents { emit(.outOfMemory(requestedBytes: size)) }
            throw .outOfMemory(requestedBytes: size, arenaBytes: config.arenaBytes)
        }
        let npages = size &>> pageShift + (size & pageMask != 0 ? 1 : 0)
        if recordsEvents { emit(.largeAlloc(size: size, npages: npages)) }
        deductSweepCredit(spanBytes: npages &<< pageShift, callerSweepPages: npages)
        let id = try mheapAlloc(npages: npages, spanclass: SpanClass(sizeclass: 0, noscan: noscan),
                                large: true, p: p)
        mheap.allspans[id.index].limitOffset = size
        initSpan(id)
        // mallocgc: the one object is allocated.
        mheap.allspans[id.index].freeindex = 1
        mheap.allspans[id.index].allocCount = 1
        // go1.25 (mcache.allocLarge): into fullSwept, where the background sweeper finds it.
        if usesSpanSets { spanSetPush(id, full: true, swept: true) }
        let x = base(of: id)
        if recordsEvents {
            emit(.allocated(address: x, span: id, slot: 0, bytes: npages &<< pageShift))
        }
        allocMemo.remember(ObjectRef(span: id, slot: 0, base: x), epoch: freeEpoch)
        publishObject(x, span: id, slot: 0, type: type, noscan: noscan, shouldhelpgc: true, p: p, g: g,
                      narrate: recordsEvents)
        return x
    }
}
