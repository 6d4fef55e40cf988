// Growable arrays of integers in chunks, copied on write chunk by chunk, with one ownership
// test per write.
//
// A heap is a value, and the view keeps many copies of it for rewind; the side tables (mark
// bits, slot types) and the words of dense pages live here, in chunks of 4,096 elements, so
// that a copy costs only the chunks written after it.
//
// Built from Swift arrays (an array of chunk arrays), every write tested two buffers for
// uniqueness, the outer array and the chunk, and a pointer store into a page tested three:
// two calls into the runtime per mark bit set, about nine per allocation and store in the
// churn benchmark. Here the chunks hang off one table object, and each chunk carries a stamp:
//
//   - A table hands out stamps from a source shared by every table copied from it, so no two
//     related tables ever hold the same stamp.
//   - A chunk whose stamp is its table's current stamp belongs to that table alone and is
//     written in place. Any other chunk is copied first and the copy gets the current stamp.
//   - A write first tests the table itself for uniqueness (one runtime call). A shared table
//     means the heap was copied: the writer takes a copy of the table (the chunk list, not
//     the chunks) with a new stamp, and gives the old table a new stamp as well, so that
//     neither side writes in place a chunk the other still sees.
//
// The stamp of a table is atomic: two copies of a heap may be written on two threads (the
// view's navigation worker and the terminal loop), and both may retire the same old table.

import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stamps of a family of tables: unique among all tables copied from one another.
final class ChunkStampSource: Sendable {
    private let last = Atomic<UInt64>(0)

    func next() -> UInt64 { last.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// One chunk's elements. Immutable once shared: only the table whose stamp it carries writes it.
final class StorageChunk<Element: FixedWidthInteger & Sendable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(zeroed count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: 0, count: count)
    }

    init(copying other: StorageChunk) {
        count = other.count
        base = .allocate(capacity: count)
        base.initialize(from: other.base, count: count)
    }

    deinit { base.deallocate() }
}

/// Where a chunk's elements are, and the stamp of the table that may write them.
struct ChunkSlot<Element: FixedWidthInteger & Sendable> {
    var base: UnsafeMutablePointer<Element>
    var stamp: UInt64
}

/// The chunks of one ChunkedStorage value (and of its copies, until one of them writes).
/// Its arrays change only while a single storage value holds it (see ChunkedStorage.own).
final class ChunkTable<Element: FixedWidthInteger & Sendable>: @unchecked Sendable {
    /// Keeps the chunks alive.
    @exclusivity(unchecked) var chunks: [StorageChunk<Element>]
    /// Each chunk's elements and stamp, read on every access.
    @exclusivity(unchecked) var slots: [ChunkSlot<Element>]
    let stamps: ChunkStampSource
    /// Chunks carrying this stamp are this table's alone.
    let stamp: Atomic<UInt64>

    init(chunks: [StorageChunk<Element>], slots: [ChunkSlot<Element>], stamps: ChunkStampSource) {
        self.chunks = chunks
        self.slots = slots
        self.stamps = stamps
        stamp = Atomic(stamps.next())
    }

    /// A table for a writer that found this one shared: the same chunks under a new stamp.
    /// This table gets a new stamp too, so its other holders copy before they write.
    func copyForWriter() -> ChunkTable {
        let copy = ChunkTable(chunks: chunks, slots: slots, stamps: stamps)
        stamp.store(stamps.next(), ordering: .relaxed)
        return copy
    }
}

/// A growable array of integers in chunks of 4,096, each copied on write by itself, so a copy
/// of the whole (a snapshot) shares every chunk that has not changed since.
public struct ChunkedStorage<Element: FixedWidthInteger & Sendable>: Equatable, Sendable {
    @usableFromInline static var chunkShift: Int { 12 }
    @usableFromInline static var chunkSize: Int { 1 << chunkShift }
    @usableFromInline static var chunkMask: Int { chunkSize - 1 }
    var table = ChunkTable<Element>(chunks: [], slots: [], stamps: ChunkStampSource())
    /// Elements in use; elements past it (to the end of the last chunk) are zero.
    public private(set) var count = 0

    public init() {}

    public subscript(i: Int) -> Element {
        @inline(__always) get { read(i) }
        @inline(__always) _modify { yield &writableBase(chunk: i &>> Self.chunkShift)[i & Self.chunkMask] }
    }

    @inline(__always) func read(_ i: Int) -> Element {
        table.slots[i &>> Self.chunkShift].base[i & Self.chunkMask]
    }

    /// The elements of chunk `c`, ready to be written in place: the one ownership test.
    @inline(__always) mutating func writableBase(chunk c: Int) -> UnsafeMutablePointer<Element> {
        if !isKnownUniquelyReferenced(&table) { table = table.copyForWriter() }
        let s = table.slots[c]
        if s.stamp == table.stamp.load(ordering: .relaxed) { return s.base }
        return own(chunk: c)
    }

    /// Copies chunk `c` (another table still sees it) and stamps the copy as this table's.
    @inline(never) mutating func own(chunk c: Int) -> UnsafeMutablePointer<Element> {
        let copy = StorageChunk(copying: table.chunks[c])
        table.chunks[c] = copy
        table.slots[c] = ChunkSlot(base: copy.base, stamp: table.stamp.load(ordering: .relaxed))
        return copy.base
    }

    /// Calls `body` with the buffer of the chunk holding `index` and the position of `index`
    /// in it, for reading: no ownership test, so a question that usually ends in "nothing to
    /// write" (is this object marked already?) costs none. Elements up to the end of a region
    /// starting at `index` are in the same buffer (RegionStore keeps regions inside a chunk).
    @inline(__always) func withChunkReading<R>(holding index: Int,
                                                _ body: (UnsafeBufferPointer<Element>, Int) -> R) -> R {
        body(UnsafeBufferPointer(start: table.slots[index &>> Self.chunkShift].base, count: Self.chunkSize),
             index & Self.chunkMask)
    }

    /// Calls `body` with the buffer of the chunk holding `index`, for writing.
    @inline(__always) mutating func withChunk<R>(holding index: Int,
                                                 _ body: (UnsafeMutableBufferPointer<Element>, Int) -> R) -> R {
        body(UnsafeMutableBufferPointer(start: writableBase(chunk: index &>> Self.chunkShift), count: Self.chunkSize),
             index & Self.chunkMask)
    }

    /// Sets `n` elements from `start` (all in one chunk) to zero.
    mutating func zero(from start: Int, count n: Int) {
        guard n > 0 else { return }
        precondition((start & Self.chunkMask) + n <= Self.chunkSize, "a zeroed range lies in one chunk")
        (writableBase(chunk: start &>> Self.chunkShift) + (start & Self.chunkMask)).update(repeating: 0, count: n)
    }

    /// Pads with zeros so that `n` more elements fit in the current chunk (when they fit in a chunk at all).
    mutating func alignForRegion(_ n: Int) {
        let room = Self.chunkSize - (count & Self.chunkMask)
        if n <= Self.chunkSize, n > room, count & Self.chunkMask != 0 { appendZeros(room) }
    }

    /// Adds `n` zero elements at the end.
    mutating func appendZeros(_ n: Int) {
        count += n
        guard table.slots.count << Self.chunkShift < count else { return }
        if !isKnownUniquelyReferenced(&table) { table = table.copyForWriter() }
        let stamp = table.stamp.load(ordering: .relaxed)
        while table.slots.count << Self.chunkShift < count {
            let c = StorageChunk<Element>(zeroed: Self.chunkSize)
            table.chunks.append(c)
            table.slots.append(ChunkSlot(base: c.base, stamp: stamp))
        }
    }

    /// Whether chunk `c` of two storages is the same memory (a copy that has not been written).
    func sharesChunk(_ c: Int, with other: ChunkedStorage) -> Bool {
        table.slots[c].base == other.table.slots[c].base
    }

    public static func == (a: ChunkedStorage, b: ChunkedStorage) -> Bool {
        guard a.count == b.count else { return false }
        if a.table === b.table { return true }
        for c in 0..<a.table.slots.count {
            let x = a.table.slots[c].base, y = b.table.slots[c].base
            if x != y && memcmp(x, y, Self.chunkSize * MemoryLayout<Element>.stride) != 0 { return false }
        }
        return true
    }
}

// The element accessors again for the two element types the engine uses, spelled out: a debug
// build (`swift test`) runs the generic ones unspecialised, looking up type metadata at every
// call.
extension ChunkedStorage where Element == UInt64 {
    public subscript(i: Int) -> UInt64 {
        @inline(__always) get { table.slots[i &>> Self.chunkShift].base[i & Self.chunkMask] }
        @inline(__always) _modify { yield &writableBase(chunk: i &>> Self.chunkShift)[i & Self.chunkMask] }
    }
}

extension ChunkedStorage where Element == UInt16 {
    public subscript(i: Int) -> UInt16 {
        @inline(__always) get { table.slots[i &>> Self.chunkShift].base[i & Self.chunkMask] }
        @inline(__always) _modify { yield &writableBase(chunk: i &>> Self.chunkShift)[i & Self.chunkMask] }
    }
}
