import Testing
@testable import HeapEngine

/// storePointer's memos (ObjectMemo.swift) answer only what findObject would: an object freed
/// since it was remembered is refused at both ends of a store, and a slot allocated again is
/// looked up afresh. (Every memo hit in a debug build is also checked against findObject.)
@Suite("storePointer's memos")
struct ObjectMemoTests {
    let node = GoType(name: "node", size: 64, pointerWords: [0, 1])

    @Test("an object freed since it was remembered is refused, as the store target and as the value")
    func freedObjectIsRefused() throws {
        var heap = try Heap(config: HeapConfig(gogc: nil))
        let t = try heap.registerType(node)
        let kept = try heap.mallocgc(type: t)
        heap.addRoot(name: "kept", kind: .global, value: kept)
        let a = try heap.mallocgc(type: t)          // unreachable: freed by the next cycle
        let b = try heap.mallocgc(type: t)          // the last allocation: allocMemo holds it
        try heap.storePointer(into: a, word: 0, value: b)   // storeMemo holds a
        #expect(heap.storeMemo.address == a && heap.allocMemo.address == b)
        heap.runtimeGC()                            // a and b are swept away
        #expect(heap.findObject(a) == nil && heap.findObject(b) == nil)
        #expect(throws: HeapError.self) { try heap.storePointer(into: a, word: 0, value: 0) }
        #expect(throws: HeapError.self) { try heap.storePointer(into: kept, word: 0, value: b) }
        #expect(try heap.loadPointer(from: kept, word: 0) == 0)
    }

    @Test("a slot allocated again after a sweep is a new object, found afresh")
    func reusedSlotIsLookedUpAgain() throws {
        var heap = try Heap(config: HeapConfig(gogc: nil))
        let t = try heap.registerType(node)
        let a = try heap.mallocgc(type: t)
        try heap.storePointer(into: a, word: 1, value: a)
        let epoch = heap.freeEpoch
        heap.runtimeGC()
        #expect(heap.freeEpoch != epoch)
        // The same address, allocated again (the swept span's first free slot), holds nothing.
        let again = try heap.mallocgc(type: t)
        #expect(again == a)
        #expect(try heap.loadPointer(from: again, word: 1) == 0)
        try heap.storePointer(into: again, word: 1, value: again)
        #expect(try heap.loadPointer(from: again, word: 1) == again)
        #expect(heap.storeMemo.epoch == heap.freeEpoch)
    }

    @Test("the memos take no part in heap equality")
    func memosAreNotState() throws {
        var a = try Heap(config: HeapConfig(gogc: nil))
        let t = try a.registerType(node)
        let x = try a.mallocgc(type: t)
        try a.storePointer(into: x, word: 0, value: x)
        var b = a
        b.storeMemo = ObjectMemo()
        b.allocMemo = ObjectMemo()
        b.freeEpoch &+= 1
        #expect(a.storeMemo.address == x && b.storeMemo.address != x)
        #expect(Bool(a == b))   // Bool(…): a failure would print two whole heaps
        // And the heap with no memo still stores the same way.
        try a.storePointer(into: x, word: 1, value: x)
        try b.storePointer(into: x, word: 1, value: x)
        #expect(Bool(a == b))
    }

    @Test("marking with the span and page memos ends where marking without them, or with events on, does")
    func markingMemosChangeNothing() throws {
        // A ring of 300 slots taking objects of three sizes, GOGC 25: cycles follow each other,
        // spans are swept away and their pages reused for other classes while the write
        // barrier's and the drain's memos still name them.
        var memos = try Heap(config: HeapConfig(procs: 1, gogc: 25))
        let types = try [node, GoType(name: "pair", size: 16, pointerWords: [0, 1]),
                         GoType(name: "big", size: 4096, pointerWords: [0, 511])].map { try memos.registerType($0) }
        let ring = try memos.mallocgc(size: 300 * 8, type: .rawPointers)
        memos.addRoot(name: "ring", kind: .global, value: ring)
        var forgetful = memos
        var events = memos
        events.recordsEvents = true
        var barrierHits = 0
        for i in 0..<8_000 {
            let t = types[(i / 7) % 3]
            let x = try memos.mallocgc(type: t)
            #expect(try forgetful.mallocgc(type: t) == x)
            #expect(try events.mallocgc(type: t) == x)
            if memos.gc.writeBarrierEnabled && memos.barrierMemo.epoch == memos.freeEpoch { barrierHits += 1 }
            try memos.storePointer(into: ring, word: i % 300, value: x)
            try events.storePointer(into: ring, word: i % 300, value: x)
            // The forgetful heap looks everything up afresh.
            forgetful.markMemo = SpanMemo()
            forgetful.barrierMemo = SpanMemo()
            forgetful.densePageMemo = DensePageMemo()
            forgetful.allocMemo = ObjectMemo()
            forgetful.storeMemo = ObjectMemo()
            try forgetful.storePointer(into: ring, word: i % 300, value: x)
            _ = events.takeEvents()
            if i % 500 == 499 {
                #expect(Bool(memos == forgetful), "after \(i + 1) allocations")
                #expect(Bool(memos == events), "after \(i + 1) allocations")
            }
        }
        #expect(memos.gc.numgc >= 5, "\(memos.memstats.heapLive) live, trigger \(memos.gc.gcTrigger)")
        #expect(barrierHits > 1_000, "the write barrier's memo was used")
    }

    @Test("the write barrier's span memo lapses when its span is freed and the pages hold another class")
    func barrierMemoLapses() throws {
        var h = try Heap(config: HeapConfig(procs: 1, gogc: nil))
        let holderType = try h.registerType(GoType(name: "holder", size: 16, pointerWords: [0]))
        let node = try h.registerType(node)
        let pair = try h.registerType(GoType(name: "triple", size: 48, pointerWords: [0]))
        let holder = try h.mallocgc(type: holderType)
        h.addRoot(name: "holder", kind: .global, value: holder)
        let x = try h.mallocgc(type: node)            // alone in its span
        try h.storePointer(into: holder, word: 0, value: x)
        h.releaseHeld()
        // Cycle 1: clearing holder.0 shades x, and the barrier's memo names x's span.
        h.gcAdvance(.start)
        try h.storePointer(into: holder, word: 0, value: 0)
        #expect(h.barrierMemo.id == h.findObject(x)?.span)
        h.gcAdvance(.endOfCycle)
        // Cycle 2 frees x, and its span with it; a 48-byte object takes the page.
        h.gcAdvance(.start)
        h.gcAdvance(.endOfCycle)
        #expect(h.findObject(x) == nil)
        let xPage = try #require(h.page(of: x))
        var y: UInt64 = 0
        for _ in 0..<1_000 where h.page(of: y) != xPage { y = try h.mallocgc(type: pair) }
        try #require(h.page(of: y) == xPage, "a 48-byte object reuses the freed page")
        try h.storePointer(into: holder, word: 0, value: y)
        h.releaseHeld()
        // Cycle 3: clearing holder.0 shades y, found in its own span, not through the memo.
        h.gcAdvance(.start)
        try h.storePointer(into: holder, word: 0, value: 0)
        #expect(h.barrierMemo.id == h.findObject(y)?.span)
        #expect(h.isMarked(h.findObject(y)!.span, h.findObject(y)!.slot))
        h.gcAdvance(.endOfCycle)
        #expect(h.findObject(y) != nil, "the deletion barrier kept y for this cycle")
    }

    @Test("storePointer's dense-page memo lapses when the page is swept away and reused")
    func densePageMemoLapses() throws {
        var h = try Heap(config: HeapConfig(procs: 1, gogc: nil))
        let t = try h.registerType(node)
        let k = try h.mallocgc(type: t)
        h.addRoot(name: "k", kind: .global, value: k)
        // A one-page array of pointers, made dense by 100 stores; the memo names its page.
        let a = try h.mallocgc(size: 8192, type: .rawPointers)
        let ra = h.addRoot(name: "a", kind: .global, value: a)
        for w in 0..<100 { try h.storePointer(into: a, word: w, value: k) }
        let page = try #require(h.page(of: a))
        #expect(h.memory.storage[page] == .dense && h.densePageMemo.page == page)
        // a dies; its page is discarded and given to b, which holds one pointer (a sparse page).
        h.dropRoot(ra)
        h.runtimeGC()
        let b = try h.mallocgc(size: 8192, type: .rawPointers)
        try #require(h.page(of: b) == page, "b reuses a's page")
        try h.storePointer(into: b, word: 5, value: k)
        #expect(h.memory.storage[page] == .sparse)
        #expect(try h.loadPointer(from: b, word: 5) == k)
        #expect(try h.loadPointer(from: b, word: 6) == 0)
    }
}
