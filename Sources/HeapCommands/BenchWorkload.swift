// The benchmark workloads: the same work a Go comparison program does with the real runtime,
// run on the simulated heap with events off. Timing is the caller's business (the engine has no
// clock); a workload only does its operations and reports how many it did.

import HeapEngine

/// A named, fixed amount of simulated work. `prepare` builds what the timed part needs (not
/// timed); `body` is the timed part and returns how many operations it did.
///
/// ```swift
/// let w = BenchWorkload.named("alloc-tiny")!
/// var heap = try w.makeHeap()                 // or makeHeap(profile: .go125)
/// let ops = try w.run(on: &heap, scale: 1.0)   // 10,000,000 allocations
/// ```
struct BenchWorkload: Sendable {
    let name: String
    let summary: String
    /// Operations at full scale.
    let operations: Int
    /// Simulated arena the workload needs.
    let arenaBytes: Int
    /// GOGC for the workload (nil: off).
    var gogc: Int? = nil
    /// Untimed set-up, given the scaled operation count.
    var prepare: @Sendable (inout Heap, Int) throws(HeapError) -> Void = { _, _ throws(HeapError) in }
    /// The timed work; returns the operations it counts.
    let body: @Sendable (inout Heap, Int) throws(HeapError) -> Int

    /// Pointer-bearing sizes cycled by alloc-small.
    static let smallSizes = [8, 16, 32, 48, 64, 96, 128, 144, 256, 512, 1024]

    static let all: [BenchWorkload] = [
        BenchWorkload(
            name: "alloc-small",
            summary: "4,000,000 pointer-bearing allocations cycling 8…1024 B, none freed, no GC",
            operations: 4_000_000, arenaBytes: 2 << 30
        ) { heap, n throws(HeapError) in
            let sizes = smallSizes
            var i = 0
            for _ in 0..<n {
                try heap.mallocgc(size: sizes[i], noscan: false, p: 0)
                i += 1
                if i == sizes.count { i = 0 }
            }
            return n
        },
        BenchWorkload(
            name: "alloc-tiny",
            summary: "10,000,000 pointer-free allocations cycling 1…15 B (tiny allocator)",
            operations: 10_000_000, arenaBytes: 2 << 30
        ) { heap, n throws(HeapError) in
            var size = 1
            for _ in 0..<n {
                try heap.mallocgc(size: size, noscan: true, p: 0)
                size = size == 15 ? 1 : size + 1
            }
            return n
        },
        BenchWorkload(
            name: "mark",
            summary: "1,000,000 objects of 64 B with two pointer slots (first half a chain from one root, each also pointing into the first half; second half pointing anywhere), then one full cycle, mark and sweep; ns per marked object",
            operations: 1_000_000, arenaBytes: 1 << 30, gogc: nil,
            prepare: { heap, n throws(HeapError) in try buildMarkGraph(&heap, objects: n) }
        ) { heap, _ throws(HeapError) in
            heap.runtimeGC()
            return heap.gc.cycles.last?.objectsMarked ?? 0
        },
        BenchWorkload(
            name: "churn",
            summary: "10,000,000 allocations of the 64 B object, each stored into a ring of 100,000 slots (1% stays alive), GOGC=100, cycles included; ns per allocation",
            operations: 10_000_000, arenaBytes: 1 << 30, gogc: 100
        ) { heap, n throws(HeapError) in
            try churn(&heap, allocations: n, ringSlots: 100_000)
            return n
        },
    ]

    /// The 64-byte object of the mark and churn workloads: two pointer words, then six words
    /// of data.
    static let node = GoType(name: "node", size: 64, pointerWords: [0, 1])

    /// The mark workload's graph.
    static func buildMarkGraph(_ heap: inout Heap, objects n: Int) throws(HeapError) {
        let t = try heap.registerType(node)
        var objs = [UInt64](repeating: 0, count: n)
        for i in 0..<n { objs[i] = try heap.mallocgc(type: t) }
        var r = SeededRandom(seed: 1)
        let half = max(1, n / 2)
        for i in 0..<half {
            if i + 1 < half { try heap.storePointer(into: objs[i], word: 0, value: objs[i + 1]) }
            try heap.storePointer(into: objs[i], word: 1, value: objs[r.next(in: 0...(half - 1))])
        }
        for i in half..<n {
            try heap.storePointer(into: objs[i], word: 0, value: objs[r.next(in: 0...(n - 1))])
            try heap.storePointer(into: objs[i], word: 1, value: objs[r.next(in: 0...(n - 1))])
        }
        heap.addRoot(name: "head", kind: .global, value: objs[0])
    }

    /// The churn workload: a ring (one heap array of pointers) keeps the last `ringSlots`
    /// objects alive.
    static func churn(_ heap: inout Heap, allocations n: Int, ringSlots: Int) throws(HeapError) {
        let t = try heap.registerType(node)
        let ring = try heap.mallocgc(size: ringSlots * 8, type: .rawPointers)
        heap.addRoot(name: "ring", kind: .global, value: ring)
        var slot = 0
        for _ in 0..<n {
            let x = try heap.mallocgc(type: t)
            try heap.storePointer(into: ring, word: slot, value: x)
            slot += 1
            if slot == ringSlots { slot = 0 }
        }
    }

    static func named(_ name: String) -> BenchWorkload? { all.first { $0.name == name } }

    func makeHeap(profile: RuntimeProfile = .default) throws -> Heap {
        try Heap(config: HeapConfig(procs: 1, arenaBytes: arenaBytes, profileName: profile.name, gogc: gogc))
    }

    /// The scaled operation count (at least one).
    func count(scale: Double) -> Int { max(1, Int(Double(operations) * scale)) }

    /// Untimed set-up for `run`.
    func prepare(_ heap: inout Heap, scale: Double = 1) throws {
        try prepare(&heap, count(scale: scale))
    }

    /// Runs the timed part at `scale`; returns how many operations it counts.
    func run(on heap: inout Heap, scale: Double = 1) throws -> Int {
        try body(&heap, count(scale: scale))
    }
}
