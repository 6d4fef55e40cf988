import Testing
@testable import HeapEngine

@Suite("large objects, heap growth and running out of memory")
struct LargeAndHeapTests {
    @Test("large objects are rounded up to whole pages", arguments: [
        (32769, 5), (33000, 5), (40960, 5), (40961, 6), (100 << 10, 13), (1 << 20, 128),
    ])
    func roundedToPages(size: Int, pages: Int) throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: size, noscan: false)
        let id = try #require(h.locate(a)).span
        let s = h.mheap.allspans[id.index]
        #expect(Int(s.npages) == pages)
        #expect(s.elemsize == pages * 8192)
        #expect(s.nelems == 1 && s.allocCount == 1 && s.freeindex == 1)
        #expect(s.spanclass.rawValue == 0)
        #expect(s.limitOffset == size)
        let st = h.readMemStats()
        #expect(st.heapAlloc == UInt64(pages * 8192))
        #expect(st.heapInuse == UInt64(pages * 8192))
        #expect(st.mallocs == 1 && st.heapObjects == 1)
        #expect(h.mheap.nlargealloc == 1)
        #expect(h.memstats.heapLive == UInt64(pages * 8192))
        expectInvariants(h)
    }

    @Test("a pointer-free large object uses span class 1")
    func noscanLarge() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 50_000, noscan: true)
        #expect(h.mheap.allspans[try #require(h.locate(a)).span.index].spanclass.rawValue == 1)
    }

    @Test("spans are cut from the bottom of the free span, best fit first")
    func splitAndBestFit() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 3 * 8192, noscan: false)
        let b = try h.mallocgc(size: 5 * 8192, noscan: false)
        #expect(b == a + 3 * 8192)
        #expect(h.mheap.free.count == 1)
        #expect(h.mheap.free.entries[0].npages == 8192 - 8)
        expectInvariants(h)
    }

    @Test("growing past the first arena maps whole 64 MiB heapArenas and scavenges to offset")
    func growth() throws {
        var h = try makeHeap(arena: 256 << 20)
        try h.mallocgc(size: 8, noscan: false)
        #expect(h.readMemStats().heapSys == 64 << 20)
        #expect(h.mheap.arenas.count == 1)
        _ = h.takeEvents()
        // 70 MiB does not fit in what is left of the first arena: grow by two arenas.
        let big = try h.mallocgc(size: 70 << 20, noscan: true)
        let ev = h.takeEvents()
        #expect(ev.contains(.heapGrow(npages: (70 << 20) / 8192)))
        #expect(ev.contains(.sysMap(base: 0xc000000000 + (64 << 20), bytes: 128 << 20)))
        #expect(big == 0xc000000000 + (64 << 20))
        let st = h.readMemStats()
        #expect(st.heapSys == 192 << 20)
        #expect(h.mheap.arenas.count == 2)
        // scavengeLargest released the rest of the first arena to offset the new mapping.
        #expect(st.heapReleased == (64 << 20) - 8192)
        #expect(ev.contains(.scavengeLargest(requested: 128 << 20, released: (64 << 20) - 8192)))
        #expect(st.heapIdle == st.heapSys - st.heapInuse)
        expectInvariants(h)
        // Reusing scavenged pages brings them back (sysUsed) and out of HeapReleased.
        _ = h.takeEvents()
        try h.mallocgc(size: 60 << 20, noscan: true)
        #expect(h.takeEvents().contains { if case .mheapAlloc(_, _, _, _, true) = $0 { true } else { false } })
        #expect(h.readMemStats().heapReleased == (4 << 20) - 8192)
        expectInvariants(h)
    }

    @Test("an arena smaller than a heapArena is mapped whole")
    func smallArena() throws {
        var h = try makeHeap(arena: 1 << 20)
        try h.mallocgc(size: 8, noscan: false)
        #expect(h.readMemStats().heapSys == 1 << 20)
        #expect(h.mheap.mappedPages == 128)
        expectInvariants(h)
    }

    @Test("running out of the simulated arena is an error that leaves the heap intact")
    func outOfMemory() throws {
        var h = try makeHeap(arena: 1 << 20)
        try h.mallocgc(size: 600 << 10, noscan: true)
        let before = h
        #expect(throws: HeapError.outOfMemory(requestedBytes: 600 << 10, arenaBytes: 1 << 20)) {
            try h.mallocgc(size: 600 << 10, noscan: true)
        }
        #expect(h.mheap == before.mheap)
        #expect(h.readMemStats() == before.readMemStats())
        expectInvariants(h)
        #expect(HeapError.outOfMemory(requestedBytes: 600 << 10, arenaBytes: 1 << 20).description
            .hasPrefix("out of memory: the simulated arena of 1 MiB is full"))
        // Small objects fill the arena too, then fail the same way.
        var filled = 0
        do {
            while true { try h.mallocgc(size: 4096, noscan: false); filled += 1 }
        } catch {
            #expect(error == .outOfMemory(requestedBytes: 8192, arenaBytes: 1 << 20))
        }
        #expect(filled > 0)
        expectInvariants(h)
    }

    @Test("a request larger than the whole arena is refused at once")
    func hugeRequest() throws {
        var h = try makeHeap(arena: 1 << 20)
        #expect(throws: HeapError.self) { try h.mallocgc(size: Int.max, noscan: true) }
        #expect(throws: HeapError.self) { try h.mallocgc(size: 2 << 20, noscan: true) }
        expectInvariants(h)
    }
}

@Suite("address-space states")
struct AddressSpaceStateTests {
    @Test("pages go None → Ready when mapped and Ready ↔ Prepared when scavenged and reused")
    func states() throws {
        var h = try makeHeap(arena: 256 << 20)
        #expect(h.addressSpaceState(ofPage: 0) == .none)
        try h.mallocgc(size: 8, noscan: false)
        #expect(h.addressSpaceState(ofPage: 0) == .ready)
        #expect(h.addressSpaceState(ofPage: 100) == .ready)        // free, not scavenged
        #expect(h.addressSpaceState(ofPage: 8192) == .none)        // second heapArena not mapped
        try h.mallocgc(size: 70 << 20, noscan: true)               // grow: scavenges the first arena's rest
        #expect(h.addressSpaceState(ofPage: 100) == .prepared)
        #expect(h.owningSpan(ofPage: 100) == h.owningSpan(ofPage: 8000))
        #expect(h.addressSpaceState(ofPage: 8192) == .ready)
        try h.mallocgc(size: 60 << 20, noscan: true)               // reuses scavenged pages
        #expect(h.addressSpaceState(ofPage: 100) == .ready)
        #expect(h.addressSpaceState(ofPage: 8000) == .prepared)
        expectInvariants(h)
    }
}
