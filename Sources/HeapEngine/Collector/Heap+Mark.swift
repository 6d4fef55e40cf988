// Marking (runtime/mgcmark.go, mgcwork.go; go1.12).
//
//   greyobject(obj)   if the mark bit is set, nothing to do. Otherwise set it; a pointer-free
//                     object is black at once (its bytes count as marked), any other object
//                     goes on the work queue: it is grey.
//   scanobject(obj)   for every pointer word of the object's type, shade what it points to;
//                     the object is black afterwards.
//   gcDrain           take grey objects off the queue and scan them until the queue is empty
//                     (or, in heapscope, until the step's budget is spent).
//   markroot          one root job: shade what every global, or one goroutine's stack, points
//                     to (Goroutines.swift); gcDrain takes root jobs before grey objects.
//   gcmarknewobject   an object allocated while marking gets its mark bit at once: black.
//
// heapscope's queue is one LIFO stack, like a single P's gcWork buffer; the runtime spreads it
// over per-P buffers and a global list, which changes the order objects turn black but not
// which objects end up marked.

extension Heap {
    /// `shade(p)`: grey the object `p` points into, if it is white. Nil is ignored; a pointer to
    /// no live object is reported (it can only arise with the write barrier turned off).
    @inline(__always)
    mutating func shade(_ p: UInt64, reason: ShadeReason, from: UInt64 = 0) {
        if p == 0 { return }
        if recordsEvents {
            guard let obj = findObject(p) else {
                emit(.badPointer(address: p, from: from))
                return
            }
            greyobject(obj, reason: reason)
        } else {
            greyPointerFast(p)
        }
    }

    /// `findObject` + `greyobject` in one pass over the span, for marking with events off: the
    /// object turns grey on the LIFO queue.
    @inline(__always)
    mutating func greyPointerFast(_ p: UInt64, memo: MarkMemoUse = .drain) {
        guard let g = markPointerFast(p, memo: memo) else { return }
        // greyobject prefetches what it queues: the queue is LIFO, so scanobject reads this
        // object's words soon (churn, whose cycles mark in budgeted steps: about 5% faster,
        // nine alternating pairs of runs).
        memory.prefetch(g.object)
        gc.workQueue.append(g.object)
    }

    /// The common part of greyPointerFast and the span-batched drain (Heap+MarkSpans.swift):
    /// sets the mark bit of the object `p` points into and, for an object with pointers, its
    /// grey bit; returns that object and its span when it has to be scanned (nil when `p` is
    /// no object, was marked already, or has no pointers — then it is black at once).
    @inline(__always)
    mutating func markPointerFast(_ p: UInt64, memo: MarkMemoUse = .drain) -> (object: UInt64, span: SpanID)? {
        // Two memos: the write barrier's old values and the budgeted drain's pointers are two
        // streams, each mostly in one span at a time, taken in turns (ObjectMemo.swift). The
        // span-batched drain of a whole heap follows pointers anywhere (the mark benchmark's
        // random graph missed the memo on most of them): it looks each span up.
        let m: SpanMemo
        switch memo {
        case .barrier:
            if !barrierMemo.covers(p, epoch: freeEpoch) {
                guard rememberSpan(holding: p, barrier: true) else { return nil }
            }
            m = barrierMemo
        case .drain:
            if !markMemo.covers(p, epoch: freeEpoch) {
                guard rememberSpan(holding: p, barrier: false) else { return nil }
            }
            m = markMemo
        case .none:
            guard let found = lookupMarkSpan(p) else { return nil }
            m = found
        }
        assert(mheap.spans[Int((p &- arenaBase) &>> UInt64(pageShift))] == m.id
               && mheap.allspans[m.id.index].state == .inUse && mheap.allspans[m.id.index].divMul == m.divMul
               && UInt64(mheap.allspans[m.id.index].limitOffset) == m.size
               && mheap.allspans[m.id.index].gcmarkBitsOffset == m.markBase
               && mheap.allspans[m.id.index].allocBitsOffset == m.allocBase,
               "marking's memo of the span holding \(hexAddress(p)) is stale")
        let slot = m.slot(of: p)
        // freeindex moves as the span is allocated from: read through a pointer, no copy of
        // the mspan.
        let freeindex = mheap.allspans.withUnsafeBufferPointer { b in
            Int((b.baseAddress.unsafelyUnwrapped + m.id.index).pointee.freeindex)
        }
        let f = (bits: m.bits, allocBase: m.allocBase, markBase: m.markBase, greyBase: m.greyBase,
                 freeindex: freeindex)
        let w = slot &>> 6
        let bit: UInt64 = 1 &<< UInt64(slot & 63)
        // Every allocated slot of a scan span holds a type with pointers (registerType gives
        // pointer-free types noscan spans), so the span class decides, as in greyobject; the
        // slot's type is read when the object is scanned.
        let scan = m.scan
        // The span's bits are one region, inside one chunk: one buffer access for all of them.
        // Read first: most pointers a drain follows lead to objects marked already, and a read
        // needs no copy-on-write test of the bitmap.
        let unmarked: Bool = mheap.gcBits.storage.withChunkReading(holding: f.bits) { buf, at in
            let d = at &- f.bits
            // A pointer into a free slot is no object (only possible with the barrier off).
            guard slot < f.freeindex || buf[d &+ f.allocBase &+ w] & bit != 0 else { return false }
            return buf[d &+ f.markBase &+ w] & bit == 0
        }
        guard unmarked else { return nil }
        mheap.gcBits.storage.withChunk(holding: f.bits) { buf, at in
            let d = at &- f.bits
            buf[d &+ f.markBase &+ w] |= bit
            if scan { buf[d &+ f.greyBase &+ w] |= bit }
        }
        gc.objectsMarked &+= 1
        gc.markCostNs &+= PauseModel.markPerObjectNs
        guard scan else {
            gc.bytesMarked &+= UInt64(truncatingIfNeeded: m.elemsize)
            return nil
        }
        return (m.start &+ UInt64(truncatingIfNeeded: slot &* m.elemsize), m.id)
    }

    /// Finds the in-use span holding `p` and remembers it in the barrier's memo or the
    /// drain's; false if there is none, or `p` is past its last object. Out of line: most
    /// pointers hit a memo. Mutating, like the lookup, which reads the span through a pointer:
    /// a non-mutating method called here copied the whole heap (1.7 KB) at every call.
    @inline(never)
    mutating func rememberSpan(holding p: UInt64, barrier: Bool) -> Bool {
        guard let found = lookupMarkSpan(p) else { return false }
        if barrier { barrierMemo = found } else { markMemo = found }
        return true
    }

    /// The in-use span holding `p`, as a memo (nil if there is none, or `p` is past its last
    /// object).
    @inline(__always)
    mutating func lookupMarkSpan(_ p: UInt64) -> SpanMemo? {
        let off = p &- arenaBase
        guard p >= arenaBase, off < UInt64(config.arenaBytes) else { return nil }
        let id = mheap.spans[Int(off &>> UInt64(pageShift))]
        guard !id.isNone else { return nil }
        let base = arenaBase, shift = pageShift, epoch = freeEpoch
        return mheap.allspans.withUnsafeBufferPointer { b in
            let s = b.baseAddress.unsafelyUnwrapped + id.index
            let start = Heap.address(ofPage: Int(s.pointee.startPage), arenaBase: base, pageShift: shift)
            guard s.pointee.state == .inUse, p >= start, p &- start < UInt64(s.pointee.limitOffset) else { return nil }
            return SpanMemo(start: start, size: UInt64(s.pointee.limitOffset), id: id, divShift: s.pointee.divShift,
                            divShift2: s.pointee.divShift2, divMul: s.pointee.divMul, elemsize: s.pointee.elemsize,
                            scan: !s.pointee.spanclass.noscan && s.pointee.typesLength != 0,
                            typesOffset: Int(s.pointee.typesOffset), bits: Int(s.pointee.bitsOffset),
                            allocBase: s.pointee.allocBitsOffset, markBase: s.pointee.gcmarkBitsOffset,
                            greyBase: s.pointee.greyBitsOffset, epoch: epoch)
        }
    }

    /// `greyobject`: set the mark bit; queue the object if it has pointers to scan.
    @inline(__always)
    mutating func greyobject(_ obj: ObjectRef, reason: ShadeReason) {
        guard setMarkBit(obj.span, obj.slot) else { return }
        gc.objectsMarked += 1
        gc.markCostNs &+= PauseModel.markPerObjectNs
        let s = mheap.allspans[obj.span.index]
        if s.spanclass.noscan || slotType(obj.span, obj.slot) == .noscan {
            gc.bytesMarked &+= UInt64(s.elemsize)
            if recordsEvents { emit(.shade(address: obj.base, becameGrey: false, reason: reason)) }
            return
        }
        setGreyBit(obj.span, obj.slot, true)
        gc.workQueue.append(obj.base)
        if recordsEvents { emit(.shade(address: obj.base, becameGrey: true, reason: reason)) }
    }

    /// `scanobject`: shade every pointer of a grey object; it turns black.
    @inline(__always)
    mutating func scanobject(_ base: UInt64) {
        if recordsEvents { scanobjectNarrated(base) } else { scanobjectFast(base) }
    }

    /// `scanobject` with events on: the shades are told after the object's pointer count.
    /// Out of line, so that the drains call scanobjectFast directly.
    @inline(never)
    mutating func scanobjectNarrated(_ base: UInt64) {
        guard let obj = findObject(base) else { return }
        setGreyBit(obj.span, obj.slot, false)
        let s = mheap.allspans[obj.span.index]
        let layout = typeLayouts[Int(slotType(obj.span, obj.slot).raw)]
        // The pointers first, so the narration says "scanobject X: 2 pointers" before the
        // objects it shades, in the order the runtime does it.
        var targets: [UInt64] = []
        countScan(layout, elemsize: s.elemsize)
        if layout.allWords {
            for w in 0..<(s.elemsize / 8) {
                let v = memory.load(obj.base &+ UInt64(w &* 8))
                if v != 0 { targets.append(v) }
            }
        } else {
            for i in Int(layout.first)..<Int(layout.first &+ layout.count) {
                let v = memory.load(obj.base &+ UInt64(Int(typePointerWords[i]) &* 8))
                if v != 0 { targets.append(v) }
            }
        }
        emit(.scanObject(address: obj.base, pointers: targets.count))
        for v in targets { shade(v, reason: .scan, from: obj.base) }
    }

    /// `scanobject` with events off: the queue only holds object bases of in-use spans, so the
    /// span's fields are read once through a pointer and the grey bit is cleared in place.
    @inline(__always)
    mutating func scanobjectFast(_ base: UInt64) {
        if !markMemo.covers(base, epoch: freeEpoch) {
            let found = rememberSpan(holding: base, barrier: false)
            precondition(found, "a grey object outside every in-use span")
        }
        let m = markMemo
        let slot = m.slot(of: base)
        let f = mheap.allspans.withUnsafeBufferPointer { b in
            let s = b.baseAddress.unsafelyUnwrapped + m.id.index
            return (all: s.pointee.typeOfAll, words: s.pointee.pointerStorage)
        }
        mheap.gcBits.storage[m.greyBase &+ slot &>> 6] &= ~(1 &<< UInt64(slot & 63))
        let type = f.all >= 0 ? Int(f.all) : Int(mheap.slotTypes.storage[m.typesOffset &+ slot])
        scanWords(base, elemsize: m.elemsize, type: type, spanHoldsPointers: f.words) {
            $0.greyPointerFast($1)
        }
    }

    /// What scanning one object counts, whatever its words hold: work units (a word each for
    /// raw memory, a pointer word each for a type), scan work and the cost model's time (the
    /// whole object for raw memory, its ptrdata for a type), and the bytes marked.
    @inline(__always)
    mutating func countScan(_ layout: TypeLayout, elemsize: Int) {
        let bytes = layout.allWords ? elemsize : Int(layout.ptrdata)
        gc.workDone &+= layout.allWords ? elemsize / 8 : Int(layout.count)
        gc.controller.scanWork &+= Int64(bytes)
        gc.markCostNs &+= PauseModel.markPerScanByteNs &* Int64(bytes)
        gc.bytesMarked &+= UInt64(elemsize)
    }

    /// The body of scanobject with events off: the object's pointer words by its type, each
    /// non-nil one handed to `grey`, and the work counted.
    @inline(__always)
    mutating func scanWords(_ base: UInt64, elemsize: Int, type: Int, spanHoldsPointers: Bool = true,
                            _ grey: (inout Heap, UInt64) -> Void) {
        let layout = typeLayouts[type]
        // An object in a span whose pages never held a pointer (MSpan.pointerStorage), or
        // inside one page that never did (HeapMemory keeps no storage for it), has only nil
        // words: its work is counted and no word is read. Objects allocated and never written
        // (churn's nodes) are scanned so.
        countScan(layout, elemsize: elemsize)
        guard spanHoldsPointers else { return }
        let off = Int(base &- arenaBase)
        let page = off &>> pageShift
        if page == (off &+ elemsize &- 1) &>> pageShift && memory.storage[page] == .none { return }
        if layout.allWords {
            for w in 0..<(elemsize / 8) {
                let v = memory.load(base &+ UInt64(truncatingIfNeeded: w &* 8))
                if v != 0 { grey(&self, v) }
            }
        } else {
            for i in Int(layout.first)..<Int(layout.first &+ layout.count) {
                let v = memory.load(base &+ UInt64(truncatingIfNeeded: Int(typePointerWords[i]) &* 8))
                if v != 0 { grey(&self, v) }
            }
        }
    }

    /// `scanWords` for an object whose words start at `words[first]`, its page's buffer. A copy
    /// of scanWords with another read: one helper for both made marking 5 % more instructions.
    @inline(__always)
    mutating func scanWords(inPage words: UnsafeBufferPointer<UInt64>, from first: Int, elemsize: Int, type: Int,
                            _ grey: (inout Heap, UInt64) -> Void) {
        let layout = typeLayouts[type]
        countScan(layout, elemsize: elemsize)
        if layout.allWords {
            for w in 0..<(elemsize / 8) {
                let v = words[first &+ w]
                if v != 0 { grey(&self, v) }
            }
        } else {
            for i in Int(layout.first)..<Int(layout.first &+ layout.count) {
                let v = words[first &+ Int(typePointerWords[i])]
                if v != 0 { grey(&self, v) }
            }
        }
    }

    /// `gcmarknewobject`: allocated during marking, so black from the start.
    @inline(__always)
    mutating func gcmarknewobject(_ id: SpanID, _ slot: Int, narrate: Bool) {
        // The mark bit is set in one access to its chunk (a fresh slot's bit is clear unless a
        // pointer into the free slot was followed with the barrier off).
        let f = mheap.allspans.withUnsafeBufferPointer { b in
            let s = b.baseAddress.unsafelyUnwrapped + id.index
            return (bits: s.pointee.gcmarkBitsOffset &+ slot &>> 6, elemsize: s.pointee.elemsize)
        }
        let bit: UInt64 = 1 &<< UInt64(slot & 63)
        let newlyMarked = mheap.gcBits.storage.withChunk(holding: f.bits) { buf, at in
            let w = buf[at]
            buf[at] = w | bit
            return w & bit == 0
        }
        if newlyMarked {
            gc.bytesMarked &+= UInt64(truncatingIfNeeded: f.elemsize)
            gc.objectsMarked &+= 1
        }
        if narrate {
            emit(.allocateBlack(address: base(of: id) &+ UInt64(slot * mheap.allspans[id.index].elemsize)))
        }
    }

    /// `gcDrain`: up to `budget` units of mark work — root jobs first, as go1.12's gcDrain
    /// takes them, then grey objects; returns how many units were done.
    @discardableResult
    mutating func gcDrain(budget: Int) -> Int {
        // Nobody sees the order of a drain that runs to the end with events off: mark it span
        // by span (Heap+MarkSpans.swift), which ends in the same heap sooner.
        if budget == .max && !recordsEvents { return gcDrainSpans() }
        var n = 0
        while n < budget, rootJobsLeft {
            markrootNext()
            n += 1
        }
        while n < budget, let obj = gc.workQueue.popLast() {
            scanobject(obj)
            n += 1
        }
        return n
    }

    /// `gcMarkTinyAllocs`: shade every P's current tiny block (in the sweep-termination pause).
    mutating func gcMarkTinyAllocs() {
        var tinyBlocks = 0
        for p in mcaches.indices where mcaches[p].tiny != 0 {
            tinyBlocks += 1
            shade(mcaches[p].tiny, reason: .tinyBlock)
        }
        if recordsEvents { emit(.markTinyAllocs(blocks: tinyBlocks)) }
    }

    /// Whether marking has nothing left to do: no root job and no grey object.
    /// A mutating getter: marking asks after every unit of work, and in a debug build a plain
    /// getter called from a mutating method copies the whole heap (a retain of every array).
    var markWorkDone: Bool { mutating get { gc.workQueue.isEmpty && gc.rootNext >= gc.rootJobs.count } }
}
