import Testing
@testable import HeapEngine

/// go1.25's page allocator (PageAlloc.swift): the bitmap, first fit from searchAddr, growth in
/// whole 4 MiB chunks counted as released, and the radix summaries.
@Suite("go1.25 page allocator")
struct PageAllocTests {
    @Test("first fit from searchAddr; freeing moves searchAddr down; summaries")
    func bitmap() {
        var pa = PageAlloc(arenaPages: 4096)
        pa.grow(start: 0, pages: 512)
        #expect(pa.counts == (512, 512))
        #expect(pa.find(3) == 0)
        #expect(pa.allocRange(0, 3) == 3)           // three released pages used again
        #expect(pa.allocRange(3, 5) == 5)
        #expect(pa.searchPage == 8)
        pa.free(1, 2)
        #expect(pa.searchPage == 1)
        #expect(pa.find(2) == 1)                     // the hole, not the end
        #expect(pa.find(3) == 8)                     // the hole is too small: first fit past it
        #expect(pa.summary(from: 0, pages: 512) == PageAlloc.Summary(start: 0, max: 504, end: 504))
        // Unmapped pages count as in use, as in the runtime's summaries.
        #expect(pa.summary(from: 0, pages: 4096).end == 0)
        #expect(pa.scavengeAll() == 2)               // only the two freed pages were not released
        #expect(pa.counts == (506, 506))
    }

    @Test("a heap under go1.25: HeapSys in 4 MiB steps, released until used, no free spans")
    func heapAccounting() throws {
        var h = try Heap(config: HeapConfig(arenaBytes: 64 << 20, profileName: "go1.25"))
        let a = try h.mallocgc(size: 64, noscan: false)
        h.addRoot(name: "a", kind: .global, value: a)
        #expect(h.memstats.heapSys == 4 << 20)
        #expect(h.memstats.heapReleased == (4 << 20) - 8192)
        #expect(h.mheap.allspans.allSatisfy { $0.state != .free })
        // A 5 MiB object needs 640 pages: the heap maps two more chunks (8 MiB) for it.
        let big = try h.mallocgc(size: 5 << 20, noscan: true)
        #expect(h.memstats.heapSys == 12 << 20)
        #expect(h.checkInvariants().isEmpty)
        // Freed, its pages are free (not released) and first fit finds them again.
        _ = big
        h.runtimeGC()
        #expect(h.memstats.heapReleased < 12 << 20)
        #expect(h.checkInvariants().isEmpty)
        let again = try h.mallocgc(size: 5 << 20, noscan: true)
        #expect(h.findObject(again) != nil)
        #expect(h.memstats.heapSys == 12 << 20)     // reused: no growth
        #expect(h.freeOSMemory() > 0)
        #expect(h.checkInvariants().isEmpty)
    }
}
