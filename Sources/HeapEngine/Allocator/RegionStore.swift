// Per-span side tables: where every span's allocBits, gcmarkBits, grey bits and slot types live.
//
// The runtime carves bitmaps out of gcBits arenas (mheap.go newAllocBits/newMarkBits) sized to
// each span's nelems. heapscope keeps each kind of side table in one flat array: a span gets a
// region of `parts` equal parts, each rounded up to a power of two elements, and regions of a
// size are recycled through a free list as spans come and go. One flat array keeps the whole
// heap a value that snapshots cheaply and touches little memory: a class-10 span's bitmaps
// cost 3 words, not 48.

/// A pool of fixed-shape regions in one flat array, recycled by size.
///
/// ```swift
/// var bits = RegionStore<UInt64>(parts: 3)
/// let r = bits.allocate(partLength: 1)   // three zeroed words
/// ```
public struct RegionStore<Element: FixedWidthInteger & Sendable>: Equatable, Sendable {
    /// All elements of all regions.
    public internal(set) var storage: [Element] = []
    /// How many equal parts a region has (e.g. allocBits, gcmarkBits, grey bits).
    public let parts: Int
    /// Free regions, by log2 of their part length.
    var freeRegions: [[Int32]] = Array(repeating: [], count: 24)

    public init(parts: Int) { self.parts = parts }

    /// The power of two a part of `length` elements rounds up to, and its log2.
    static func rounded(_ length: Int) -> (length: Int, k: Int) {
        var k = 0
        while 1 << k < max(1, length) { k += 1 }
        return (1 << k, k)
    }

    /// A zeroed region whose parts hold at least `partLength` elements each.
    mutating func allocate(partLength: Int) -> (offset: Int32, partLength: Int32) {
        let (len, k) = Self.rounded(partLength)
        if let off = freeRegions[k].popLast() {
            let o = Int(off)
            for i in o..<(o + parts * len) { storage[i] = 0 }
            return (off, Int32(len))
        }
        let off = Int32(storage.count)
        for _ in 0..<(parts * len) { storage.append(0) }
        return (off, Int32(len))
    }

    /// Returns a region to the pool.
    mutating func release(offset: Int32, partLength: Int32) {
        guard partLength > 0 else { return }
        freeRegions[Self.rounded(Int(partLength)).k].append(offset)
    }
}
