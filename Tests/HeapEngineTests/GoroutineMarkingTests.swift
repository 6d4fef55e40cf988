import Testing
@testable import HeapEngine

/// Several goroutines load, store, allocate and drop between every unit of mark work, some with
/// their stacks still grey. A goroutine only ever touches what it can reach — its own stack,
/// the globals and the heap below them — as Go code can. After every unit the invariants hold;
/// when the cycle ends nothing reachable was freed, and a second cycle keeps exactly what is
/// reachable. (With `writeBarrier: false` two of seeds 21…40 lose an object: the test can fail.)
@Suite("goroutines while marking")
struct GoroutineMarkingTests {
    struct World {
        var heap: Heap
        var r: SeededRandom
        let node: TypeID
        let gs: [GoroutineID]
        var slots: [[RootID]]           // each goroutine's stack slots
        var globals: [RootID] = []
        var names = 0

        init(seed: UInt64) throws {
            heap = try Heap(config: HeapConfig(procs: 2, arenaBytes: 64 << 20))
            r = SeededRandom(seed: seed)
            node = try heap.registerType(GoType(name: "node", size: 48, pointerWords: [0, 2, 5]))
            gs = [.main, try heap.addGoroutine(name: "g1", p: 1), try heap.addGoroutine(name: "g2", p: 0)]
            slots = Array(repeating: [], count: gs.count)
            for _ in 0..<4 { globals.append(heap.addRoot(name: "G\(globals.count)", kind: .global)) }
            for _ in 0..<300 { try act() }
        }

        /// What goroutine `g` can reach: its stack, the globals, and the heap below them.
        func reachable(by g: Int) -> [UInt64] {
            var seen = Set<UInt64>()
            var work: [UInt64] = []
            for id in slots[g] + globals {
                let v = heap.roots[id.index].value
                if v != 0, seen.insert(v).inserted { work.append(v) }
            }
            while let b = work.popLast() {
                guard let o = heap.findObject(b) else { continue }
                for (_, v) in heap.pointers(of: o) where v != 0 {
                    if let t = heap.findObject(v), seen.insert(t.base).inserted { work.append(t.base) }
                }
            }
            return seen.sorted()
        }

        mutating func pick<T>(_ xs: [T]) -> T? { xs.isEmpty ? nil : xs[r.next(in: 0...(xs.count - 1))] }

        /// One random action by a random goroutine.
        mutating func act() throws {
            let g = r.next(in: 0...(gs.count - 1))
            let mine = reachable(by: g)
            switch r.next(in: 0...7) {
            case 6:      // move from the heap to the stack: x := o.f; o.f = nil (the deletion half)
                guard let id = pick(slots[g]), let from = pick(mine), let o = heap.findObject(from),
                      let w = pick(heap.pointers(of: o).map(\.word)) else { return }
                heap.setRoot(id, try heap.loadPointer(from: o.base, word: w))
                try heap.storePointer(into: o.base, word: w, value: 0)
            case 7:      // move from the stack to the heap: o.f = x; x ends (the insertion half)
                guard !slots[g].isEmpty, let from = pick(mine), let o = heap.findObject(from),
                      let w = pick(heap.pointers(of: o).map(\.word)) else { return }
                let i = r.next(in: 0...(slots[g].count - 1))
                try heap.storePointer(into: o.base, word: w, value: heap.roots[slots[g][i].index].value)
                heap.dropRoot(slots[g].remove(at: i))
            case 0, 1:   // allocate onto the stack
                let x = try heap.mallocgc(type: node, p: heap.goroutines[gs[g].index].p, goroutine: gs[g])
                names += 1
                slots[g].append(heap.addRoot(name: "v\(names)", kind: .stack(goroutine: heap.goroutines[gs[g].index].name), value: x))
                heap.releaseHeld()
            case 2:      // load: a stack slot takes something the goroutine reaches (no barrier)
                guard let id = pick(slots[g]) else { return }
                heap.setRoot(id, r.next(in: 0...4) == 0 ? 0 : (pick(mine) ?? 0))
            case 3:      // store into the heap (both halves of the barrier)
                guard let from = pick(mine), let o = heap.findObject(from) else { return }
                let words = heap.pointers(of: o).map(\.word)
                guard let w = pick(words) else { return }
                try heap.storePointer(into: o.base, word: w, value: r.next(in: 0...3) == 0 ? 0 : (pick(mine) ?? 0))
            case 4:      // publish to a global (through the barrier)
                guard let id = pick(globals) else { return }
                heap.setRoot(id, r.next(in: 0...2) == 0 ? 0 : (pick(mine) ?? 0))
            default:     // a variable ends
                guard !slots[g].isEmpty else { return }
                let i = r.next(in: 0...(slots[g].count - 1))
                heap.dropRoot(slots[g].remove(at: i))
            }
        }
    }

    @Test("invariants after every mark unit; nothing reachable is freed", arguments: Array(21...60) as [UInt64])
    func randomGoroutines(seed: UInt64) throws {
        var w = try World(seed: seed)
        let started = w.heap.gcAdvance(.start)
        #expect(started)
        expectInvariants(w.heap, "seed \(seed), after gc start")
        var units = 0
        var sawGreyStackStore = false
        while w.heap.gc.phase == .mark {
            w.heap.gcAdvance(.markObjects(1))
            units += 1
            for _ in 0..<w.r.next(in: 0...8) {
                if w.heap.gc.phase == .mark, w.gs.contains(where: { w.heap.stackColor($0) == .grey }) { sawGreyStackStore = true }
                try w.act()
            }
            expectInvariants(w.heap, "seed \(seed), mark unit \(units)")
            if units > 20_000 { Issue.record("marking does not end"); return }
        }
        #expect(sawGreyStackStore, "some goroutine acted with a grey stack")
        let reachable = w.heap.reachableObjects()
        w.heap.gcAdvance(.endOfCycle)
        expectInvariants(w.heap, "seed \(seed), after the cycle")
        #expect(w.heap.danglingPointers().isEmpty)
        let survivors = Set(w.heap.allocatedObjects().map(\.base))
        #expect(reachable.isSubset(of: survivors), "seed \(seed): every reachable object survives")
        // A second cycle with nothing changed keeps exactly what is reachable (less each P's
        // current tiny block, which gcMarkTinyAllocs keeps; this test allocates none).
        let now = w.heap.reachableObjects()
        w.heap.runtimeGC()
        #expect(Set(w.heap.allocatedObjects().map(\.base)) == now, "seed \(seed)")
    }
}
