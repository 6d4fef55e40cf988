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
        func base(_ s: ChunkedStorage<UInt64>, _ c: Int) -> UnsafeRawPointer? {
            s.chunks[c].withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(base(a, 0) != base(snapshot, 0))   // the chunk written to was copied
        #expect(base(a, 1) == base(snapshot, 1))   // the others are shared
        #expect(base(a, 2) == base(snapshot, 2))
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
