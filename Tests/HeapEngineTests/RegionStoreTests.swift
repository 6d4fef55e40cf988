import Testing
@testable import HeapEngine

/// The side tables' storage: chunks copied on write one by one, regions inside one chunk.
@Suite("region store")
struct RegionStoreTests {
    @Test("a copy shares every chunk that has not changed since")
    func snapshotsShareChunks() {
        var a = ChunkedStorage<UInt64>()
        a.appendZeros(3 * 4096)
        let snapshot = a
        a[5] = 7
        #expect(snapshot[5] == 0 && a[5] == 7)
        #expect(!a.sharesChunk(0, with: snapshot))   // the chunk written to was copied
        #expect(a.sharesChunk(1, with: snapshot))    // the others are shared
        #expect(a.sharesChunk(2, with: snapshot))
        // The snapshot was not written: it kept the old table and its chunks.
        var b = snapshot
        b[4096] = 9
        #expect(snapshot[4096] == 0 && a[4096] == 0 && b[4096] == 9)
        #expect(b.sharesChunk(0, with: snapshot) && !b.sharesChunk(1, with: snapshot))
    }

    @Test("the side that did not copy stops writing shared chunks in place too")
    func originalCopiesAfterTheWriterTookItsOwn() {
        var x = ChunkedStorage<UInt64>()
        x.appendZeros(2 * 4096)
        var y = x
        y[0] = 1          // y takes a table of its own; both now share chunk 1
        // x holds its old table alone again, but that table's chunks are no longer its alone.
        x[4096] = 2
        #expect(y[4096] == 0 && x[4096] == 2)
        #expect(x[0] == 0 && y[0] == 1)
        #expect(x != y)
        y[0] = 0
        y[4096] = 2
        #expect(x == y)
    }

    @Test("no region straddles two chunks, and regions come back zeroed")
    func regionsStayInOneChunk() {
        var store = RegionStore<UInt64>(parts: 3)
        var regions: [(Int32, Int32)] = []
        for i in 0..<2000 {
            let r = store.allocate(partLength: [1, 2, 4, 16, 8][i % 5])
            let first = Int(r.offset), last = first + 3 * Int(r.partLength) - 1
            #expect(first >> 12 == last >> 12)
            for j in first...last { store.storage[j] = UInt64(j) }
            regions.append((r.offset, r.partLength))
        }
        for r in regions.prefix(100) { store.release(offset: r.0, partLength: r.1) }
        let again = store.allocate(partLength: 16)
        #expect((0..<48).allSatisfy { store.storage[Int(again.offset) + $0] == 0 })
    }
}
