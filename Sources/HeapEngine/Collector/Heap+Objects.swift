// Objects as the collector and the mutator see them: finding the object a pointer points into
// (findObject), its type, its mark bit and grey bit, and its pointer words.

extension Heap {
    /// A heap object: its span, slot and base address.
    public struct ObjectRef: Equatable, Hashable, Sendable {
        public let span: SpanID
        public let slot: Int
        public let base: UInt64
    }

    /// `findObject(p)`: the allocated object that `p` points into, or nil when `p` is not a
    /// pointer to a live slot of an in-use span (nil, outside the heap, past `limit`, or a
    /// freed slot).
    @inline(__always) public func findObject(_ p: UInt64) -> ObjectRef? {
        let off = p &- arenaBase
        guard p >= arenaBase, off < UInt64(config.arenaBytes) else { return nil }
        let id = mheap.spans[Int(off &>> UInt64(pageShift))]
        guard !id.isNone else { return nil }
        // The fields it needs, read through a pointer: no copy of the mspan (a memcpy per
        // pointer store) nor, in a debug build, of the whole mheap for a method call on it.
        let f = mheap.allspans.withUnsafeBufferPointer { b in
            let s = b.baseAddress.unsafelyUnwrapped + id.index
            return (inUse: s.pointee.state == .inUse, start: Int(s.pointee.startPage),
                    limit: s.pointee.limitOffset, nelems: Int(s.pointee.nelems),
                    freeindex: Int(s.pointee.freeindex), elemsize: s.pointee.elemsize,
                    divShift: s.pointee.divShift, divMul: s.pointee.divMul, divShift2: s.pointee.divShift2,
                    allocBits: s.pointee.allocBitsOffset)
        }
        let spanOff = Int(off) &- (f.start &<< pageShift)
        guard f.inUse, spanOff >= 0, spanOff < f.limit else { return nil }
        // MSpan.slot(atOffset:)
        let slot = Int(((UInt64(spanOff) &>> UInt64(f.divShift)) &* UInt64(f.divMul)) &>> UInt64(f.divShift2))
        guard slot < f.nelems else { return nil }
        // Allocated: below freeindex, or its allocBit set (MHeap.isSlotAllocated).
        guard slot < f.freeindex
                || mheap.gcBits.storage[f.allocBits &+ slot &>> 6] >> UInt64(slot & 63) & 1 != 0 else { return nil }
        return ObjectRef(span: id, slot: slot, base: address(ofPage: f.start) &+ UInt64(slot &* f.elemsize))
    }

    /// The type recorded for the object in `slot` of span `id` (noscan spans: `.noscan`).
    @inline(__always)
    public func slotType(_ id: SpanID, _ slot: Int) -> TypeID {
        if mheap.allspans[id.index].typesLength == 0 { return .noscan }
        let all = mheap.allspans[id.index].typeOfAll
        if all >= 0 { return TypeID(all) }
        return TypeID(Int32(mheap.slotTypes.storage[Int(mheap.allspans[id.index].typesOffset) + slot]))
    }

    /// Records the type of the object just allocated in `slot`. While every object of the span
    /// has the same type, only the span's `typeOfAll` says so; the first object of another
    /// type writes that type into every slot of the region, and from then on each slot's own.
    @inline(__always)
    mutating func setSlotType(_ id: SpanID, _ slot: Int, _ t: TypeID) {
        let all = mheap.allspans[id.index].typeOfAll
        let raw = Int32(UInt16(truncatingIfNeeded: t.raw))
        if all == raw || mheap.allspans[id.index].typesLength == 0 { return }
        if all == MSpan.noTypeYet {
            mheap.allspans[id.index].typeOfAll = raw
            return
        }
        if all >= 0 { spanTurnsMixed(id) }
        mheap.slotTypes.storage[Int(mheap.allspans[id.index].typesOffset) + slot] = UInt16(truncatingIfNeeded: t.raw)
    }

    /// A span whose objects all had one type gets an object of another: the region takes
    /// that type in every slot, and is read from now on.
    @inline(never)
    mutating func spanTurnsMixed(_ id: SpanID) {
        let s = mheap.allspans[id.index]
        let first = Int(s.typesOffset)
        for i in first..<(first &+ Int(s.typesLength)) {
            mheap.slotTypes.storage[i] = UInt16(truncatingIfNeeded: s.typeOfAll)
        }
        mheap.allspans[id.index].typeOfAll = MSpan.mixedTypes
    }

    /// Whether the object in `slot` of span `id` is marked (gcmarkBits).
    @inline(__always)
    public func isMarked(_ id: SpanID, _ slot: Int) -> Bool {
        mheap.gcBits.storage[gcmarkBitsBase(id) + slot >> 6] >> UInt64(slot & 63) & 1 != 0
    }

    /// Whether the object is grey: marked and still waiting in the work queue.
    @inline(__always)
    public func isGrey(_ id: SpanID, _ slot: Int) -> Bool {
        mheap.gcBits.storage[greyBitsBase(id) + slot >> 6] >> UInt64(slot & 63) & 1 != 0
    }

    @inline(__always) func greyBitsBase(_ id: SpanID) -> Int { mheap.allspans[id.index].greyBitsOffset }

    /// Sets the mark bit; returns false if it was already set.
    @inline(__always)
    mutating func setMarkBit(_ id: SpanID, _ slot: Int) -> Bool {
        // The offset read here through a pointer rather than by gcmarkBitsBase: a copy of the
        // mspan is 112 bytes, and a non-mutating method called from a mutating one copies the
        // whole heap in a debug build.
        let i = mheap.allspans.withUnsafeBufferPointer { b in
            (b.baseAddress.unsafelyUnwrapped + id.index).pointee.gcmarkBitsOffset
        } &+ slot &>> 6
        let bit: UInt64 = 1 << UInt64(slot & 63)
        let w = mheap.gcBits.storage[i]
        if w & bit != 0 { return false }
        mheap.gcBits.storage[i] = w | bit
        return true
    }

    @inline(__always)
    mutating func setGreyBit(_ id: SpanID, _ slot: Int, _ on: Bool) {
        let i = mheap.allspans.withUnsafeBufferPointer { b in   // not greyBitsBase: see setMarkBit
            (b.baseAddress.unsafelyUnwrapped + id.index).pointee.greyBitsOffset
        } &+ slot &>> 6
        let bit: UInt64 = 1 << UInt64(slot & 63)
        if on { mheap.gcBits.storage[i] |= bit } else { mheap.gcBits.storage[i] &= ~bit }
    }

    /// The tri-colour of an allocated object.
    /// How many objects are white, grey and black while marking (nil in other phases), from the
    /// collector's own counters rather than a walk over every object: no sweeping happens
    /// during mark, so the allocated objects are HeapObjects; those marked are
    /// `work.objectsMarked` (shaded or allocated black); the grey ones wait in the work queue.
    /// The invariant checker compares this with a count of every object's colour.
    public var markColourCounts: (white: Int, grey: Int, black: Int)? {
        guard gc.phase == .mark || gc.phase == .marktermination else { return nil }
        let objects = Int(readMemStats().heapObjects)
        let grey = gc.workQueue.count
        return (objects - gc.objectsMarked, grey, gc.objectsMarked - grey)
    }

    public func color(of obj: ObjectRef) -> ObjectColor { color(span: obj.span, slot: obj.slot) }

    /// The colour of the object in `slot` of span `id` (its mark and grey bits).
    public func color(span id: SpanID, slot: Int) -> ObjectColor {
        if !isMarked(id, slot) { return .white }
        return isGrey(id, slot) ? .grey : .black
    }

    /// The object's size in bytes (its slot).
    @inline(__always) public func objectSize(_ obj: ObjectRef) -> Int { mheap.allspans[obj.span.index].elemsize }

    /// Whether word `w` of the object holds a pointer, by its type.
    @inline(__always) public func isPointerWord(_ obj: ObjectRef, word w: Int) -> Bool {
        isPointerWord(type: slotType(obj.span, obj.slot), elemsize: objectSize(obj), word: w)
    }

    /// `isPointerWord` given the object's type and slot size (storePointer's memo holds them).
    @inline(__always) func isPointerWord(type: TypeID, elemsize: Int, word w: Int) -> Bool {
        // From the flat layout tables (GoType.isPointerWord's answer without copying the type).
        let l = typeLayouts[Int(type.raw)]
        if l.allWords { return w >= 0 && w < elemsize / 8 }
        var i = Int(l.first)
        let end = i &+ Int(l.count)
        while i < end {
            if Int(typePointerWords[i]) == w { return true }
            i &+= 1
        }
        return false
    }

    /// The addresses held in the object's pointer words (nil words included as 0), in order.
    public func pointers(of obj: ObjectRef) -> [(word: Int, value: UInt64)] {
        var out: [(word: Int, value: UInt64)] = []
        appendPointers(of: obj, to: &out, includingNil: true)
        return out
    }
}

extension Heap {
    /// Appends each pointer word of the object and its value to `out`, in order. Without
    /// `includingNil`, nil words are skipped, and so are whole pages of a large all-pointer
    /// object where nothing was ever stored: a walk costs what was written. An array to append
    /// to rather than a closure to call: the invariant checker walks every reachable object
    /// this way, and in a debug build a closure over the heap copies it.
    func appendPointers(of obj: ObjectRef, to out: inout [(word: Int, value: UInt64)], includingNil: Bool = false) {
        let t = types[Int(slotType(obj.span, obj.slot).raw)]
        if !t.allWordsArePointers {
            for w in t.pointerWords {
                let v = memory.load(obj.base &+ UInt64(Int(w) &* 8))
                if includingNil || v != 0 { out.append((Int(w), v)) }
            }
            return
        }
        let words = objectSize(obj) / 8
        var w = 0
        while w < words {
            let a = obj.base &+ UInt64(w &* 8)
            if !includingNil, let page = page(of: a), !memory.hasStorage(page: page) {
                // Nothing stored on this page: on to the first word of the next one.
                w = max(w + 1, Int((address(ofPage: page + 1) &- obj.base) / 8))
                continue
            }
            let v = memory.load(a)
            if includingNil || v != 0 { out.append((w, v)) }
            w += 1
        }
    }
}

extension Heap {
    /// The first `limit` non-nil pointers of the object, in word order, and whether it holds
    /// more: what a view lists of an object (a large pointer array may hold a million).
    public func firstPointers(of obj: ObjectRef, limit: Int) -> (pointers: [(word: Int, value: UInt64)], more: Bool) {
        var out: [(word: Int, value: UInt64)] = []
        let t = types[Int(slotType(obj.span, obj.slot).raw)]
        let words = t.allWordsArePointers ? objectSize(obj) / 8 : 0
        var k = 0, w = 0
        while true {
            let word: Int
            if t.allWordsArePointers {
                guard w < words else { break }
                let a = obj.base &+ UInt64(w &* 8)
                if let page = page(of: a), !memory.hasStorage(page: page) {
                    w = max(w + 1, Int((address(ofPage: page + 1) &- obj.base) / 8))
                    continue
                }
                word = w
                w += 1
            } else {
                guard k < t.pointerWords.count else { break }
                word = Int(t.pointerWords[k])
                k += 1
            }
            let v = memory.load(obj.base &+ UInt64(word &* 8))
            guard v != 0 else { continue }
            if out.count == limit { return (out, true) }
            out.append((word, v))
        }
        return (out, false)
    }
}

/// White, grey or black.
public enum ObjectColor: String, Sendable, CaseIterable {
    case white, grey, black
}
