// allocBits, gcmarkBits and allocCache (runtime/mbitmap.go, malloc.go).
//
// The slot search in nextFreeIndex and the cache refill in cacheSpan both read allocBits one
// aligned 64-bit word at a time and keep its complement in allocCache, so that a set bit means
// "free" and count-trailing-zeros finds the next free slot.

extension Heap {
    /// Index of word 0 of span `id`'s allocBits in `mheap.gcBits`.
    @inline(__always) func allocBitsBase(_ id: SpanID) -> Int { mheap.allspans[id.index].allocBitsOffset }

    /// Index of word 0 of span `id`'s gcmarkBits in `mheap.gcBits`.
    @inline(__always) func gcmarkBitsBase(_ id: SpanID) -> Int { mheap.allspans[id.index].gcmarkBitsOffset }

    /// Gives span `id`'s bitmap region back to the pool (its pages are free now).
    mutating func releaseBits(_ id: SpanID) {
        let s = mheap.allspans[id.index]
        mheap.gcBits.release(offset: s.bitsOffset, partLength: s.bitsHalfWords)
        mheap.slotTypes.release(offset: s.typesOffset, partLength: s.typesLength)
        mheap.allspans[id.index].bitsHalfWords = 0
        mheap.allspans[id.index].bitsOffset = 0
        mheap.allspans[id.index].typesLength = 0
        mheap.allspans[id.index].typesOffset = 0
    }

    /// `s.refillAllocCache(whichByte)`: allocCache = ^allocBits[word].
    @inline(__always) mutating func refillAllocCache(_ id: SpanID, word: Int) {
        mheap.allspans[id.index].allocCache = ~mheap.gcBits.storage[allocBitsBase(id) + word]
    }

    /// `heapBits.initSpan(s)` for a freshly allocated span: nelems from the layout, an empty
    /// allocCache window over slot 0, zeroed allocBits and gcmarkBits.
    mutating func initSpan(_ id: SpanID) {
        // newAllocBits / newMarkBits: a zeroed region sized to nelems (the old one released
        // first, while the span still names it).
        releaseBits(id)
        // The fields are set on a copy and written back once: one write to the table instead
        // of a uniqueness check per field.
        var s = mheap.allspans[id.index]
        let total = Int(s.npages) &<< pageShift
        // Go 1.22+: a small pointerful span keeps its pointer bits at its end (fewer slots).
        let n = s.isLarge ? total / Int(s.elemsize)
            : profile.objectsPerSpan(sizeclass: s.spanclass.sizeclass, noscan: s.spanclass.noscan)
        s.nelems = Int32(n)
        s.freeindex = 0
        s.allocCache = ~0
        let (offset, half) = mheap.gcBits.allocate(partLength: (n + 63) >> 6)
        s.bitsOffset = offset
        s.bitsHalfWords = half
        s.allocHalf = 0
        if !s.spanclass.noscan {
            let (toff, tlen) = mheap.slotTypes.allocate(partLength: n)
            s.typesOffset = toff
            s.typesLength = tlen
        }
        s.typeOfAll = MSpan.noTypeYet
        s.pointerStorage = (Int(s.startPage)..<Int(s.startPage &+ s.npages)).contains { memory.hasStorage(page: $0) }
        // Large spans (class 0) hold one object: mul 0 puts every offset in slot 0.
        let magic = profile.sizeClasses.classToDivMagic[Int(s.spanclass.sizeclass)]
        s.divShift = magic.shift
        s.divShift2 = magic.shift2
        s.divMul = magic.mul
        mheap.allspans[id.index] = s
    }

    /// `s.nextFreeIndex()`: the first free slot at or after freeindex, scanning allocBits a
    /// word at a time; nelems if the span is full. Advances freeindex past the slot.
    mutating func nextFreeIndex(_ id: SpanID) -> Int {
        let s = mheap.allspans[id.index]
        var sfreeindex = Int(s.freeindex)
        let snelems = Int(s.nelems)
        if sfreeindex == snelems { return sfreeindex }
        var aCache = s.allocCache
        var bitIndex = aCache.trailingZeroBitCount
        while bitIndex == 64 {
            // Move to the start of the next word of allocBits.
            sfreeindex = (sfreeindex + 64) & ~63
            if sfreeindex >= snelems {
                mheap.allspans[id.index].freeindex = Int32(snelems)
                return snelems
            }
            refillAllocCache(id, word: sfreeindex >> 6)
            if recordsEvents { emit(.allocCacheRefill(span: id, word: sfreeindex >> 6)) }
            aCache = mheap.allspans[id.index].allocCache
            bitIndex = aCache.trailingZeroBitCount
        }
        let result = sfreeindex + bitIndex
        if result >= snelems {
            mheap.allspans[id.index].freeindex = Int32(snelems)
            return snelems
        }
        mheap.allspans[id.index].allocCache = aCache >> UInt64(bitIndex + 1)
        sfreeindex = result + 1
        if sfreeindex % 64 == 0 && sfreeindex != snelems {
            refillAllocCache(id, word: sfreeindex >> 6)
            if recordsEvents { emit(.allocCacheRefill(span: id, word: sfreeindex >> 6)) }
        }
        mheap.allspans[id.index].freeindex = Int32(sfreeindex)
        return result
    }

    /// The slot holding byte `offset` of span `id` (`objIndex`).
    @inline(__always) func slotIndex(_ id: SpanID, offset: Int) -> Int {
        mheap.allspans[id.index].slot(atOffset: offset)
    }

    /// Set bits among the first `nelems` bits of the bitmap at `base`, counting every slot
    /// below `below` as set (allocation's freeindex rule).
    func popcount(bitmapAt base: Int, nelems n: Int, below: Int = 0) -> Int {
        var count = 0
        var i = 0
        while i < n {
            var word = mheap.gcBits.storage[base + i >> 6]
            if below > i { word |= below - i >= 64 ? ~0 : (1 << UInt64(below - i)) &- 1 }
            if n - i < 64 { word &= (1 << UInt64(n - i)) &- 1 }
            count += word.nonzeroBitCount
            i += 64
        }
        return count
    }

    /// Number of allocated slots of span `id` as the bitmaps say: popcount of
    /// allocBits ∪ [0, freeindex).
    public func countAllocatedSlots(_ id: SpanID) -> Int {
        let s = mheap.allspans[id.index]
        return popcount(bitmapAt: allocBitsBase(id), nelems: Int(s.nelems), below: Int(s.freeindex))
    }
}
