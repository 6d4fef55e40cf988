// Marking (runtime/mgcmark.go, mgcwork.go; go1.12).
//
//   greyobject(obj)   if the mark bit is set, nothing to do. Otherwise set it; a pointer-free
//                     object is black at once (its bytes count as marked), any other object
//                     goes on the work queue: it is grey.
//   scanobject(obj)   for every pointer word of the object's type, shade what it points to;
//                     the object is black afterwards.
//   gcDrain           take grey objects off the queue and scan them until the queue is empty
//                     (or, in heapscope, until the step's budget is spent).
//   markroot          shade what every stack slot and global points to.
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
        guard let obj = findObject(p) else {
            if recordsEvents { events.append(.badPointer(address: p, from: from)) }
            return
        }
        greyobject(obj, reason: reason)
    }

    /// `greyobject`: set the mark bit; queue the object if it has pointers to scan.
    @inline(__always)
    mutating func greyobject(_ obj: ObjectRef, reason: ShadeReason) {
        guard setMarkBit(obj.span, obj.slot) else { return }
        gc.objectsMarked += 1
        let s = mheap.spans[obj.span.index]
        if s.spanclass.noscan || slotType(obj.span, obj.slot) == .noscan {
            gc.bytesMarked &+= UInt64(s.elemsize)
            if recordsEvents { events.append(.shade(address: obj.base, becameGrey: false, reason: reason)) }
            return
        }
        setGreyBit(obj.span, obj.slot, true)
        gc.workQueue.append(obj.base)
        if recordsEvents { events.append(.shade(address: obj.base, becameGrey: true, reason: reason)) }
    }

    /// `scanobject`: shade every pointer of a grey object; it turns black.
    mutating func scanobject(_ base: UInt64) {
        guard let obj = findObject(base) else { return }
        setGreyBit(obj.span, obj.slot, false)
        let s = mheap.spans[obj.span.index]
        let t = slotType(obj.span, obj.slot)
        var followed = 0
        if t == .rawPointers {
            for w in 0..<(s.elemsize / 8) {
                let v = memory.load(obj.base &+ UInt64(w * 8))
                if v != 0 { followed += 1; shade(v, reason: .scan, from: obj.base) }
            }
        } else {
            let words = types[Int(t.raw)].pointerWords
            for w in words {
                let v = memory.load(obj.base &+ UInt64(Int(w) * 8))
                if v != 0 { followed += 1; shade(v, reason: .scan, from: obj.base) }
            }
        }
        gc.bytesMarked &+= UInt64(s.elemsize)
        if recordsEvents { events.append(.scanObject(address: obj.base, pointers: followed)) }
    }

    /// `gcmarknewobject`: allocated during marking, so black from the start.
    @inline(__always)
    mutating func gcmarknewobject(_ id: SpanID, _ slot: Int) {
        if setMarkBit(id, slot) {
            gc.bytesMarked &+= UInt64(mheap.spans[id.index].elemsize)
            gc.objectsMarked += 1
        }
        if recordsEvents {
            events.append(.allocateBlack(address: base(of: id) &+ UInt64(slot * mheap.spans[id.index].elemsize)))
        }
    }

    /// `gcDrain`: scan up to `budget` grey objects; returns how many were scanned.
    @discardableResult
    mutating func gcDrain(budget: Int) -> Int {
        var n = 0
        while n < budget, let obj = gc.workQueue.popLast() {
            scanobject(obj)
            n += 1
        }
        return n
    }

    /// `markroot`: shade what every root points to; `gcMarkTinyAllocs` first.
    mutating func markRoots(heldByAllocator: UInt64?) {
        var tinyBlocks = 0
        for p in mcaches.indices where mcaches[p].tiny != 0 {
            tinyBlocks += 1
            shade(mcaches[p].tiny, reason: .tinyBlock)
        }
        if recordsEvents { events.append(.markTinyAllocs(blocks: tinyBlocks)) }
        for r in roots.indices where roots[r].live {
            gc.rootsScanned += 1
            if recordsEvents { events.append(.markRoot(name: roots[r].name, target: roots[r].value)) }
            shade(roots[r].value, reason: .root)
        }
        if let x = heldByAllocator { shade(x, reason: .heldByAllocator) }
    }
}
