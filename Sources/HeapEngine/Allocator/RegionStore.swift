// Per-span side tables: where every span's allocBits, gcmarkBits, grey bits and slot types live.
//
// The runtime carves bitmaps out of gcBits arenas (mheap.go newAllocBits/newMarkBits) sized to
// each span's nelems. heapscope keeps each kind of side table in one flat array: a span gets a
// region of `parts` equal parts, each rounded up to a power of two elements, and regions of a
// size are recycled through a free list as spans come and go. One flat array keeps the whole
// heap a value that snapshots cheaply and touches little memory: a class-10 span's bitmaps
// cost 3 words, not 48.
//
// The array is stored in chunks of 4096 elements (ChunkedStorage.swift), each copied on write
// by itself: the UI keeps up to 256 snapshots of a heap for rewind, and with one flat array
// each snapshot of a million-object heap held its own 2 MiB copy of the slot types as soon as
// anything was allocated after it. With chunks a snapshot costs only the chunks that changed.

/// A pool of fixed-shape regions in one flat array, recycled by size.
///
/// ```swift
/// var bits = RegionStore<UInt64>(parts: 3)
/// let r = bits.allocate(partLength: 1)   // three zeroed words
/// ```
public struct RegionStore<Element: FixedWidthInteger & Sendable>: Equatable, Sendable {
    /// All elements of all regions.
    public internal(set) var storage = ChunkedStorage<Element>()
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
            storage.zero(from: Int(off), count: parts * len)
            return (off, Int32(len))
        }
        // A region never straddles two chunks (regions are at most 3×1024 elements, a chunk
        // 4096), so hot paths can work inside one chunk's buffer.
        storage.alignForRegion(parts * len)
        let off = Int32(storage.count)
        storage.appendZeros(parts * len)
        return (off, Int32(len))
    }

    /// Returns a region to the pool.
    mutating func release(offset: Int32, partLength: Int32) {
        guard partLength > 0 else { return }
        freeRegions[Self.rounded(Int(partLength)).k].append(offset)
    }
}
