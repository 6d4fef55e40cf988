import Testing
@testable import HeapEngine

@Suite("small objects: mcache → mcentral → mheap")
struct SmallAllocationTests {
    @Test("the first allocation climbs the whole hierarchy and maps a heapArena")
    func firstAllocation() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 144, noscan: false)
        #expect(a == 0xc000000000)
        let ev = h.takeEvents()
        #expect(ev.contains(.nextFreeFastMiss(span: .none)))
        #expect(ev.contains(.mcentralGrow(spanClass: SpanClass(sizeclass: 10, noscan: false), npages: 1)))
        #expect(ev.contains(.heapGrow(npages: 1)))
        #expect(ev.contains(.sysMap(base: 0xc000000000, bytes: 64 << 20)))
        #expect(ev.contains { if case .cacheSpan(_, _, .grow, 56, _) = $0 { true } else { false } })
        let st = h.readMemStats()
        #expect(st.heapSys == 64 << 20)
        #expect(st.heapInuse == 8192)
        #expect(st.heapIdle == (64 << 20) - 8192)
        #expect(st.heapAlloc == 144)
        #expect(st.mallocs == 1)
        expectInvariants(h)
    }

    @Test("the second allocation of a class takes the fast path")
    func fastPath() throws {
        var h = try makeHeap()
        try h.mallocgc(size: 144, noscan: false)
        _ = h.takeEvents()
        let b = try h.mallocgc(size: 140, noscan: false)
        #expect(b == 0xc000000000 + 144)
        let ev = h.takeEvents()
        #expect(ev == [
            .mallocgc(size: 140, noscan: false, p: 0),
            .sizeClass(size: 140, sizeclass: 10, slotBytes: 144, spanClass: SpanClass(rawValue: 20)),
            .nextFreeFast(span: SpanID(0), slot: 1),
            .allocated(address: b, span: SpanID(0), slot: 1, bytes: 144),
        ])
        expectInvariants(h)
    }

    @Test("the 57th 144-byte allocation goes through mcentral to a new span")
    func fiftySeventh() throws {
        var h = try makeHeap()
        var addrs: [UInt64] = []
        for i in 0..<56 {
            addrs.append(try h.mallocgc(size: 144, noscan: false))
            expectInvariants(h, "after allocation \(i + 1)")
        }
        let first = try #require(h.locate(addrs[0])).span
        #expect(h.mheap.allspans[first.index].allocCount == 56)
        #expect(h.mheap.allspans[first.index].freeindex == 56)
        _ = h.takeEvents()
        let x = try h.mallocgc(size: 144, noscan: false)
        let ev = h.takeEvents()
        let spc = SpanClass(sizeclass: 10, noscan: false)
        #expect(ev.contains(.nextFreeFastMiss(span: first)))
        #expect(ev.contains(.spanFull(span: first)))
        #expect(ev.contains(.mcacheRefill(p: 0, spanClass: spc, old: first)))
        #expect(ev.contains(.mcentralGrow(spanClass: spc, npages: 1)))
        let second = try #require(h.locate(x)).span
        #expect(second != first)
        #expect(h.locate(x)?.slot == 0)
        #expect(ev.contains(.cacheSpan(spanClass: spc, span: second, from: .grow, freeSlots: 56)))
        // Both spans sit on mcentral's empty list: one full, one cached.
        #expect(h.spans(on: .empty, of: spc) == [first, second])
        #expect(h.spans(on: .nonempty, of: spc).isEmpty)
        #expect(h.mcaches[0].alloc[spc.index] == second)
        #expect(h.mheap.allspans[first.index].sweepgen == h.mheap.sweepgen)
        #expect(h.mheap.allspans[second.index].sweepgen == h.mheap.sweepgen + 3)
        #expect(h.central[spc.index].nmalloc == 112)
        #expect(h.readMemStats().mallocs == 57)
        #expect(h.readMemStats().heapAlloc == 57 * 144)
        #expect(h.readMemStats().heapInuse == 2 * 8192)
        expectInvariants(h)
    }

    @Test("a span released by one P is taken from nonempty by another")
    func nonemptyReuse() throws {
        var h = try makeHeap(procs: 2)
        let spc = SpanClass(sizeclass: 5, noscan: false)
        try h.mallocgc(size: 64, noscan: false, p: 0)
        let span = try #require(h.mcaches[0].alloc[spc.index] as SpanID?)
        h.releaseAll(p: 0)
        expectInvariants(h, "after releaseAll")
        #expect(h.spans(on: .nonempty, of: spc) == [span])
        #expect(h.central[spc.index].nmalloc == 1)
        _ = h.takeEvents()
        let y = try h.mallocgc(size: 64, noscan: false, p: 1)
        #expect(h.takeEvents().contains(.cacheSpan(spanClass: spc, span: span, from: .nonempty, freeSlots: 127)))
        #expect(h.locate(y)?.span == span)
        #expect(h.locate(y)?.slot == 1)
        #expect(h.spans(on: .empty, of: spc) == [span])
        expectInvariants(h)
    }

    @Test("each P caches its own span of the same class")
    func perPCaches() throws {
        var h = try makeHeap(procs: 3)
        let spc = SpanClass(sizeclass: 3, noscan: true)
        var spans: Set<SpanID> = []
        for p in 0..<3 {
            let a = try h.mallocgc(size: 32, noscan: true, p: p)
            spans.insert(try #require(h.locate(a)).span)
        }
        #expect(spans.count == 3)
        #expect(h.spans(on: .empty, of: spc).count == 3)
        expectInvariants(h)
    }

    @Test("allocCache is refilled from allocBits at every 64-slot boundary")
    func allocCacheWindow() throws {
        var h = try makeHeap()
        // Class 1: 8 B slots, 1024 per span. Slot 63 ends the first window: nextFreeFast
        // refuses it and nextFree takes it, refilling allocCache with word 1.
        for _ in 0..<63 { try h.mallocgc(size: 8, noscan: false) }
        _ = h.takeEvents()
        try h.mallocgc(size: 8, noscan: false)
        let ev = h.takeEvents()
        #expect(ev.contains(.nextFreeFastMiss(span: SpanID(0))))
        #expect(ev.contains(.allocCacheRefill(span: SpanID(0), word: 1)))
        #expect(ev.contains(.nextFree(span: SpanID(0), slot: 63)))
        #expect(h.mheap.allspans[0].freeindex == 64)
        expectInvariants(h)
        try h.mallocgc(size: 8, noscan: false)
        #expect(h.takeEvents().contains(.nextFreeFast(span: SpanID(0), slot: 64)))
        for _ in 0..<(1024 - 65) { try h.mallocgc(size: 8, noscan: false) }
        #expect(h.mheap.allspans[0].allocCount == 1024)
        expectInvariants(h, "full class-1 span")
    }

    @Test("multi-page classes take class_to_allocnpages pages")
    func multiPageClass() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 1400, noscan: false)   // class 34: 1408 B, 2 pages, 11 objects
        let id = try #require(h.locate(a)).span
        #expect(h.mheap.allspans[id.index].npages == 2)
        #expect(h.mheap.allspans[id.index].nelems == 11)
        #expect(h.mheap.allspans[id.index].limitOffset == 11 * 1408)
        #expect(h.readMemStats().heapInuse == 16384)
        expectInvariants(h)
    }

    @Test("32768 B is still small; 32769 B is large")
    func smallLargeBoundary() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 32768, noscan: false)
        #expect(h.mheap.allspans[try #require(h.locate(a)).span.index].spanclass.sizeclass == 66)
        let b = try h.mallocgc(size: 32769, noscan: false)
        #expect(h.mheap.allspans[try #require(h.locate(b)).span.index].spanclass.sizeclass == 0)
        expectInvariants(h)
    }

    @Test("a zero-sized request returns zerobase and allocates nothing")
    func zeroSize() throws {
        var h = try makeHeap()
        #expect(try h.mallocgc(size: 0, noscan: false) == Heap.zerobase)
        #expect(h.readMemStats() == (try makeHeap()).readMemStats())
        #expect(h.mheap.allspans.isEmpty)
    }

    @Test("bad requests are errors, not crashes")
    func badRequests() throws {
        var h = try makeHeap()
        #expect(throws: HeapError.self) { try h.mallocgc(size: -1, noscan: false) }
        #expect(throws: HeapError.self) { try h.mallocgc(size: 8, noscan: false, p: 1) }
        #expect(throws: HeapError.self) { try Heap(config: HeapConfig(procs: 0)) }
        #expect(throws: HeapError.self) { try Heap(config: HeapConfig(arenaBytes: 1000)) }
        #expect(throws: HeapError.self) { try Heap(config: HeapConfig(profileName: "go0.1")) }
    }
}
