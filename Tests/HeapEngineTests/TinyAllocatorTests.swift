import Testing
@testable import HeapEngine

@Suite("the tiny allocator")
struct TinyAllocatorTests {
    func blocks(_ h: Heap) -> Int {
        let spc = RuntimeProfile.go112.tinySpanClass
        return h.mheap.allspans.filter { $0.state == .inUse && $0.spanclass == spc }
            .reduce(0) { $0 + Int($1.allocCount) }
    }

    @Test("1000 one-byte objects fill 63 blocks, 16 to a block")
    func oneByte() throws {
        var h = try makeHeap()
        var addrs: [UInt64] = []
        for i in 0..<1000 {
            addrs.append(try h.mallocgc(size: 1, noscan: true))
            if i < 40 { expectInvariants(h, "after \(i + 1)") }
        }
        #expect(blocks(h) == 63)
        #expect(addrs[1] == addrs[0] + 1)
        #expect(addrs[16] == addrs[0] + 16)   // the 17th starts the second block
        let st = h.readMemStats()
        #expect(st.heapAlloc == 1008)
        #expect(st.mallocs == 1000)
        #expect(st.frees == 937)
        #expect(st.heapObjects == 63)
        #expect(st.bySize[2].mallocs == 63)
        expectInvariants(h)
    }

    @Test("1000 five-byte objects pack three to a block")
    func fiveBytes() throws {
        var h = try makeHeap()
        var addrs: [UInt64] = []
        for _ in 0..<1000 { addrs.append(try h.mallocgc(size: 5, noscan: true)) }
        #expect(blocks(h) == 334)
        #expect(addrs[1] - addrs[0] == 5)
        #expect(addrs[2] - addrs[0] == 10)
        #expect(addrs[3] - addrs[0] == 16)
        #expect(h.readMemStats().heapAlloc == 334 * 16)
        expectInvariants(h)
    }

    @Test("offsets are aligned by 8, 4 or 2 according to the size")
    func alignment() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 1, noscan: true)
        #expect(try h.mallocgc(size: 8, noscan: true) == a + 8)   // 8-aligned
        var h2 = try makeHeap()
        let b = try h2.mallocgc(size: 1, noscan: true)
        #expect(try h2.mallocgc(size: 4, noscan: true) == b + 4)  // 4-aligned
        #expect(try h2.mallocgc(size: 2, noscan: true) == b + 8)  // 2-aligned at 8
        #expect(try h2.mallocgc(size: 3, noscan: true) == b + 10) // odd: not aligned
        expectInvariants(h2)
    }

    @Test("the block with more room left stays current")
    func keepRoomierBlock() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 3, noscan: true)             // block A, offset 3
        let b = try h.mallocgc(size: 15, noscan: true)            // does not fit: block B
        #expect(b == a + 16)
        #expect(h.takeEvents().contains(.tinyNewBlock(block: b, size: 15, replacedCurrent: false)))
        #expect(h.mcaches[0].tiny == a)                           // A has 13 B left, B only 1
        #expect(try h.mallocgc(size: 1, noscan: true) == a + 3)
        expectInvariants(h)
    }

    @Test("16 bytes and more, or with pointers, are not tiny")
    func notTiny() throws {
        var h = try makeHeap()
        let a = try h.mallocgc(size: 16, noscan: true)
        #expect(h.mcaches[0].tiny == 0)
        let b = try h.mallocgc(size: 5, noscan: false)
        #expect(h.mcaches[0].tiny == 0)
        #expect(h.mheap.allspans[try #require(h.locate(a)).span.index].spanclass == SpanClass(sizeclass: 2, noscan: true))
        #expect(h.mheap.allspans[try #require(h.locate(b)).span.index].spanclass == SpanClass(sizeclass: 1, noscan: false))
        expectInvariants(h)
    }
}
