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
}
