// gcBits storage: where every span's allocBits and gcmarkBits live.
//
// The runtime carves bitmaps out of gcBits arenas (mheap.go newAllocBits/newMarkBits) sized to
// each span's nelems. heapscope keeps them in one flat array of 64-bit words: a span gets a
// region of two equal halves (allocBits and gcmarkBits), each rounded up to a power of two
// words (1, 2, 4, 8 or 16 for go1.12's at most 1024 slots), and regions of a size are recycled
// through a free list when spans come and go. Sweep flips which half is allocBits, as the
// runtime swaps its two pointers. One flat array keeps the whole heap a value that snapshots
// cheaply and touches little memory: a class-10 span costs 2 words, not 32.

/// A pool of bitmap regions for span allocBits/gcmarkBits, in 64-bit words.
public struct GCBitsStore: Equatable, Sendable {
    /// All bitmap words.
    public internal(set) var words: [UInt64] = []
    /// Free regions by size class: index k holds offsets of regions of 2·2^k words.
    var freeRegions: [[Int32]] = Array(repeating: [], count: 16)

    public init() {}

    /// Rounds a half's word count up to a power of two; returns (words, k).
    static func halfSize(forSlots nelems: Int) -> (words: Int, k: Int) {
        let need = max(1, (nelems + 63) >> 6)
        var k = 0
        while 1 << k < need { k += 1 }
        return (1 << k, k)
    }

    /// A zeroed region for a span of `nelems` slots: its offset and words per half.
    mutating func allocate(forSlots nelems: Int) -> (offset: Int32, halfWords: Int32) {
        let (half, k) = Self.halfSize(forSlots: nelems)
        if let off = freeRegions[k].popLast() {
            let o = Int(off)
            for i in o..<(o + 2 * half) { words[i] = 0 }
            return (off, Int32(half))
        }
        let off = Int32(words.count)
        for _ in 0..<(2 * half) { words.append(0) }
        return (off, Int32(half))
    }

    /// Returns a region to the pool.
    mutating func release(offset: Int32, halfWords: Int32) {
        guard halfWords > 0 else { return }
        let (_, k) = Self.halfSize(forSlots: Int(halfWords) * 64)
        freeRegions[k].append(offset)
    }
}
