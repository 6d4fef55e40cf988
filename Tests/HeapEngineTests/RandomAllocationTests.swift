import Testing
import HeapTestSupport
@testable import HeapEngine

/// A random workload over every path: tiny, small (scan and noscan), large, several Ps, and
/// now and then a P releasing its mcache.
func randomWorkload(seed: UInt64, steps: Int, procs: Int = 4, arena: Int = 256 << 20,
                    check: (Heap, Int) -> Void = { _, _ in }) throws -> Heap {
    var h = try Heap(config: HeapConfig(procs: procs, arenaBytes: arena))
    var r = SeededRandom(seed: seed)
    for step in 0..<steps {
        let p = r.next(in: 0...(procs - 1))
        switch r.next(in: 0...99) {
        case 0..<30: try h.mallocgc(size: r.next(in: 1...15), noscan: true, p: p)
        case 30..<85: try h.mallocgc(size: r.next(in: 1...1024), noscan: r.next(in: 0...1) == 0, p: p)
        case 85..<97: try h.mallocgc(size: r.next(in: 1025...32768), noscan: r.next(in: 0...1) == 0, p: p)
        case 97..<99: try h.mallocgc(size: r.next(in: 32769...200_000), noscan: r.next(in: 0...1) == 0, p: p)
        default: h.releaseAll(p: p)
        }
        check(h, step)
    }
    return h
}

@Suite("random allocation")
struct RandomAllocationTests {
    @Test("invariants hold after every one of 3,000 random steps (700 in a debug run)", arguments: [1, 2, 3] as [UInt64])
    func everyStep(seed: UInt64) throws {
        _ = try randomWorkload(seed: seed, steps: TestScale.pick(full: 3000, short: 700)) { h, step in
            expectInvariants(h, "seed \(seed), step \(step)")
        }
    }

    @Test("invariants hold through 100,000 random allocations")
    func hundredThousand() throws {
        let h = try randomWorkload(seed: 42, steps: 100_000, arena: 1 << 30) { h, step in
            if step % 2_000 == 0 { expectInvariants(h, "seed 42, step \(step)") }
        }
        expectInvariants(h, "seed 42, end")
        #expect(h.readMemStats().mallocs > 0)
    }

    @Test("the same seed gives the same heap, byte for byte")
    func deterministic() throws {
        let a = try randomWorkload(seed: 7, steps: 20_000)
        let b = try randomWorkload(seed: 7, steps: 20_000)
        let c = try randomWorkload(seed: 8, steps: 20_000)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("a copy is a snapshot: changing one leaves the other as it was")
    func snapshot() throws {
        var a = try randomWorkload(seed: 9, steps: 1_000)
        let snapshot = a
        try a.mallocgc(size: 144, noscan: false)
        #expect(a != snapshot)
        #expect(snapshot.readMemStats().mallocs + 1 == a.readMemStats().mallocs)
    }
}
