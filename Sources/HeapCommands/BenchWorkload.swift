// The benchmark workloads: the same work a Go comparison program does with the real runtime,
// run on the simulated heap with events off. Timing is the caller's business (the engine has no
// clock); a workload only does its operations and reports how many it did.

import HeapEngine

/// A named, fixed amount of simulated work.
///
/// ```swift
/// let w = BenchWorkload.named("alloc-tiny")!
/// var heap = try w.makeHeap()
/// let ops = try w.run(on: &heap, scale: 1.0)   // 10,000,000 allocations
/// ```
struct BenchWorkload: Sendable {
    let name: String
    let summary: String
    /// Operations at full scale.
    let operations: Int
    /// Simulated arena the workload needs.
    let arenaBytes: Int
    let body: @Sendable (inout Heap, Int) throws(HeapError) -> Void

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
        },
    ]

    static func named(_ name: String) -> BenchWorkload? { all.first { $0.name == name } }

    func makeHeap() throws -> Heap {
        try Heap(config: HeapConfig(procs: 1, arenaBytes: arenaBytes))
    }

    /// Runs `operations × scale` operations (at least one); returns how many ran.
    func run(on heap: inout Heap, scale: Double = 1) throws -> Int {
        let n = max(1, Int(Double(operations) * scale))
        try body(&heap, n)
        return n
    }
}
