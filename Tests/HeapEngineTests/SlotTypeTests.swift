import Testing
@testable import HeapEngine

/// A span remembers the type of its objects in one field while they all share it
/// (`MSpan.typeOfAll`), and writes each slot's type only once a second type arrives
/// (Heap+Objects.swift, setSlotType). Every object must keep its own type through that change,
/// for stores (which words hold pointers) and for marking (which words are scanned).
@Suite("slot types")
struct SlotTypeTests {
    /// 64 bytes, pointers in words 0 and 1 only.
    let node = GoType(name: "node", size: 64, pointerWords: [0, 1])

    @Test("a span of one type writes no slot types; the second type writes them all")
    func secondTypeTurnsTheSpanMixed() throws {
        var heap = try Heap(config: HeapConfig(gogc: nil))
        let t = try heap.registerType(node)
        let nodes = try (0..<3).map { _ in try heap.mallocgc(type: t) }
        let span = try #require(heap.locate(nodes[0])).span
        #expect(heap.mheap.allspans[span.index].typeOfAll == t.raw)
        let s = heap.mheap.allspans[span.index]
        let region = (Int(s.typesOffset)..<Int(s.typesOffset + s.typesLength)).map { heap.mheap.slotTypes.storage[$0] }
        #expect(region.allSatisfy { $0 == 0 }, "one type so far: the region is not written")
        for n in nodes { #expect(heap.slotType(span, heap.locate(n)!.slot) == t) }

        // 64 bytes of raw pointer words: the same size class, so the same span.
        let raw = try heap.mallocgc(size: 64, type: .rawPointers)
        #expect(heap.locate(raw)?.span == span)
        #expect(heap.mheap.allspans[span.index].typeOfAll == MSpan.mixedTypes)
        for n in nodes { #expect(heap.slotType(span, heap.locate(n)!.slot) == t) }
        #expect(heap.slotType(span, heap.locate(raw)!.slot) == .rawPointers)
        let more = try heap.mallocgc(type: t)
        #expect(heap.slotType(span, heap.locate(more)!.slot) == t)

        // Stores follow each object's own type.
        #expect(throws: HeapError.self) { try heap.storePointer(into: nodes[0], word: 5, value: raw) }
        try heap.storePointer(into: raw, word: 5, value: nodes[1])
        try heap.storePointer(into: nodes[0], word: 1, value: raw)
    }

    @Test("marking scans each object of a mixed span by its own type", arguments: [false, true])
    func markingReadsEachSlotsType(events: Bool) throws {
        var heap = try Heap(config: HeapConfig(gogc: nil))
        heap.recordsEvents = events
        let t = try heap.registerType(node)
        let head = try heap.mallocgc(type: t)
        let raw = try heap.mallocgc(size: 64, type: .rawPointers)     // the span turns mixed
        let viaRaw = try heap.mallocgc(size: 32, noscan: true)
        let viaNode = try heap.mallocgc(size: 32, noscan: true)
        let garbage = try heap.mallocgc(size: 32, noscan: true)
        try heap.storePointer(into: head, word: 0, value: raw)
        try heap.storePointer(into: head, word: 1, value: viaNode)
        try heap.storePointer(into: raw, word: 7, value: viaRaw)      // only raw's word 7 holds it
        heap.addRoot(name: "head", kind: .global, value: head)
        heap.runtimeGC()
        for kept in [head, raw, viaRaw, viaNode] { #expect(heap.findObject(kept) != nil) }
        #expect(heap.findObject(garbage) == nil)
    }

    @Test("a span set up again starts with no type")
    func freedSpanForgetsItsType() throws {
        var heap = try Heap(config: HeapConfig(gogc: nil))
        let t = try heap.registerType(node)
        let a = try heap.mallocgc(type: t)
        let span = try #require(heap.locate(a)).span
        #expect(heap.mheap.allspans[span.index].typeOfAll == t.raw)
        heap.runtimeGC()                                  // a is garbage: its span is freed
        let b = try heap.mallocgc(size: 64, type: .rawPointers)
        #expect(b == a, "the freed span's pages make the next span of the class")
        let again = try #require(heap.locate(b)).span
        #expect(heap.mheap.allspans[again.index].typeOfAll == TypeID.rawPointers.raw)
        #expect(heap.slotType(again, 0) == .rawPointers)
    }
}
