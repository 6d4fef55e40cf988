import Testing
@testable import HeapEngine

@Suite("the invariant checker catches broken heaps")
struct InvariantCheckerTests {
    func healthy() throws -> Heap {
        var h = try makeHeap()
        for _ in 0..<10 { try h.mallocgc(size: 144, noscan: false) }
        return h
    }

    @Test("allocCount out of step with the bitmaps")
    func allocCount() throws {
        var h = try healthy()
        h.mheap.allspans[0].allocCount += 1
        #expect(h.checkInvariants().contains { $0.message.contains("allocCount") })
    }

    @Test("two spans claiming one page")
    func overlap() throws {
        var h = try healthy()
        let free = h.mheap.free.entries[0].id
        h.mheap.allspans[free.index].startPage = 0
        #expect(h.checkInvariants().contains { $0.message.contains("belongs to both") })
    }

    @Test("a span on the wrong list")
    func wrongList() throws {
        var h = try healthy()
        h.mheap.allspans[0].list = .nonempty
        #expect(!h.checkInvariants().isEmpty)
    }

    @Test("statistics that do not add up")
    func stats() throws {
        var h = try healthy()
        h.memstats.heapIdle += 8192
        #expect(h.checkInvariants().contains { $0.message.contains("HeapIdle") })
        var g = try healthy()
        g.central[20].nmalloc += 1
        #expect(g.checkInvariants().contains { $0.message.contains("HeapAlloc") })
    }

    @Test("a stale allocCache")
    func allocCache() throws {
        var h = try healthy()
        h.mheap.allspans[0].allocCache >>= 1
        #expect(h.checkInvariants().contains { $0.message.contains("allocCache") })
    }
}
