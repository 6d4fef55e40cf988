import Testing
@testable import HeapEngine
import HeapTestSupport

/// A drain that runs to the end with events off marks span by span (Heap+MarkSpans.swift); the
/// heap it ends in must be the heap go1.12's object-at-a-time order ends in, with events on or off.
@Suite("mark order")
struct MarkOrderTests {
    /// A heap built for marking: a graph of 64 B nodes with random pointers, some of them
    /// chains, pointer arrays (every word a pointer), a large object, pointer-free objects
    /// and tiny ones, reached from globals and a goroutine's stack; half of it garbage.
    static func heavyHeap(seed: UInt64, objects n: Int) throws -> Heap {
        var h = try Heap(config: HeapConfig(procs: 2, arenaBytes: 64 << 20, gogc: nil))
        let node = try h.registerType(GoType(name: "node", size: 64, pointerWords: [0, 1]))
        let pair = try h.registerType(GoType(name: "pair", size: 48, pointerWords: [1, 4]))
        var r = SeededRandom(seed: seed)
        var objs: [UInt64] = []
        for i in 0..<n {
            switch i % 7 {
            case 0: objs.append(try h.mallocgc(type: pair, p: i % 2))
            case 1: objs.append(try h.mallocgc(size: 8 * (1 + i % 40), type: .rawPointers, p: i % 2))
            case 2: objs.append(try h.mallocgc(size: 1 + i % 15, noscan: true, p: i % 2))
            default: objs.append(try h.mallocgc(type: node, p: i % 2))
            }
        }
        let big = try h.mallocgc(size: 40_000, type: .rawPointers)
        objs.append(big)
        func pointerWords(_ i: Int) -> [Int] {
            switch i % 7 {
            case 0: [1, 4]
            case 1: Array(0..<(1 + i % 40))
            case 2: []
            default: [0, 1]
            }
        }
        for i in 0..<n {
            for w in pointerWords(i) {
                // Mostly forward to the next object (chains), else anywhere; some words nil.
                let k = r.next(in: 0...9)
                let target = k < 5 ? objs[min(n, i + 1)] : k < 9 ? objs[r.next(in: 0...n)] : 0
                try h.storePointer(into: objs[i], word: w, value: target)
            }
        }
        for w in 0..<16 { try h.storePointer(into: big, word: w * 300, value: objs[r.next(in: 0...(n - 1))]) }
        h.addRoot(name: "head", kind: .global, value: objs[0])
        h.addRoot(name: "big", kind: .global, value: big)
        try h.addGoroutine(name: "worker", p: 1)
        for i in 0..<8 { h.addRoot(name: "s\(i)", kind: .stack(goroutine: "worker"), value: objs[r.next(in: 0...(n - 1))]) }
        return h
    }

    /// Every allocated object whose mark bit is set, by base address.
    static func markedObjects(_ h: Heap) -> Set<UInt64> {
        var marked = Set<UInt64>()
        for i in h.mheap.allspans.indices where h.mheap.allspans[i].state == .inUse {
            let id = SpanID(i)
            let s = h.mheap.allspans[i]
            for slot in 0..<Int(s.nelems) where h.mheap.isSlotAllocated(id, slot: slot) && h.isMarked(id, slot) {
                marked.insert(h.base(of: id) + UInt64(slot * s.elemsize))
            }
        }
        return marked
    }

    @Test("a drain to the end ends in the same heap span by span, object by object, events on",
          arguments: [(UInt64(1), 3_000), (2, TestScale.pick(full: 20_000, short: 6_000)), (3, 500)])
    func spanOrderEqualsObjectOrder(seed: UInt64, objects: Int) throws {
        var spans = try Self.heavyHeap(seed: seed, objects: objects)
        let started = spans.gcAdvance(.start)
        #expect(started)
        // Some objects grey on the object queue first, as after a few `gc step`s.
        spans.gcDrain(budget: 40)
        var lifo = spans
        var withEvents = spans
        withEvents.recordsEvents = true
        #expect(!spans.gc.workQueue.isEmpty)

        let n = spans.gcDrain(budget: .max)          // span by span
        let m = lifo.gcDrain(budget: .max - 1)       // go1.12's order, events off
        let k = withEvents.gcDrain(budget: .max)     // go1.12's order, events on
        #expect(n == m && m == k)
        #expect(spans.gc.objectsMarked > objects / 4)
        #expect(spans == lifo)
        #expect(spans == withEvents)
        expectInvariants(spans)
        // The marked objects are exactly those an independent walk reaches.
        #expect(Self.markedObjects(spans) == spans.reachableObjects())
        // And the cycles end the same.
        spans.gcAdvance(.endOfCycle)
        withEvents.gcAdvance(.endOfCycle)
        #expect(spans == withEvents)
        expectInvariants(spans)
    }
}
