import Testing
@testable import HeapEngine

/// A heap's identity is its state: recording events must not change what `==` says.
@Suite("heap equality")
struct HeapEqualityTests {
    @Test("== compares every stored property but the event log and its switch")
    func everyPropertyCompared() throws {
        let heap = try Heap(config: HeapConfig(procs: 2))
        let stored = Set(Mirror(reflecting: heap).children.compactMap(\.label))
        #expect(stored == Heap.comparedProperties.union(Heap.uncomparedProperties),
                "add the new property to Heap.== and Heap.comparedProperties")
        #expect(Heap.comparedProperties.isDisjoint(with: Heap.uncomparedProperties))
    }

    @Test("a heap with events recorded equals one without; a changed field does not")
    func eventsTakeNoPart() throws {
        var on = try Heap(config: HeapConfig(procs: 2, gogc: 100))
        var off = on
        on.recordsEvents = true
        for heap in [0, 1] {
            for i in 0..<2_000 {
                if heap == 0 { _ = try on.mallocgc(size: 8 + i % 500, noscan: i % 3 == 0, p: i % 2) }
                else { _ = try off.mallocgc(size: 8 + i % 500, noscan: i % 3 == 0, p: i % 2) }
            }
        }
        on.runtimeGC()
        off.runtimeGC()
        #expect(!on.events.isEmpty)
        #expect(off.events.isEmpty)
        #expect(on == off)
        _ = try off.mallocgc(size: 16, noscan: true, p: 0)
        #expect(on != off)
    }
}
