import Foundation
import Testing
@testable import HeapCommands
import HeapEngine
import HeapTUI

@Suite("heapscope sizeclasses / sizeclass")
struct SizeClassCommandTests {
    @Test("--format tsv reproduces the reference table column for column")
    func tsvMatchesReference() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/sizeclasses-go1.12", withExtension: "tsv"))
        let ref = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .dropFirst(2)   // header and class 0 (large objects have no row)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).prefix(6).joined(separator: "\t") }
        let ours = SizeClasses.render(.go112, format: .tsv).split(separator: "\n").dropFirst().map(String.init)
        #expect(ours == ref)
    }

    @Test("the table names class 10 as 144 B × 56")
    func tableText() {
        let text = SizeClasses.render(.go112, format: .table)
        #expect(text.contains("   10        144        8192       56         128     11.82%"))
    }

    @Test("sizes and ranges expand; bad ones are refused with the argument named")
    func expand() throws {
        #expect(try SizeClass.expand(["1-32768"]).count == 32768)
        #expect(try SizeClass.expand(["144", "32KiB", "2-4"]) == [144, 32768, 2, 3, 4])
        for bad in ["abc", "5-1", "-3", "1-", "1-99999999999", "12\u{1b}[31m", "1-2-3", ""] {
            #expect(throws: (any Error).self, "\(bad)") { try SizeClass.expand([bad]) }
        }
    }

    @Test("each kind of request is explained")
    func explain() {
        let text = SizeClass.render([0, 5, 100, 33000], noscan: true, profile: .go112, format: .text)
        let lines = text.split(separator: "\n")
        #expect(lines[0].contains("zero-sized"))
        #expect(lines[1].contains("tiny") && lines[1].contains("16 B block"))
        #expect(lines[2].contains("class 8, 112 B slots, 12 B wasted (10.7%), span class 17"))
        #expect(lines[3].contains("large: 5 pages (40960 B), 7960 B wasted (19.4%)"))
        let tsv = SizeClass.render([100], noscan: false, profile: .go112, format: .tsv)
        #expect(tsv == "size\tkind\tclass\tslot_bytes\twaste_bytes\tspan_class\tpages\n100\tsmall\t8\t112\t12\t16\t1\n")
        // With pointers, small sizes are never tiny.
        #expect(SizeClass.render([5], noscan: false, profile: .go112, format: .text).contains("class 1, 8 B slots"))
    }
}

@Suite("heapscope bench workloads and the overview")
struct BenchAndOverviewTests {
    @Test("alloc-small does the promised allocations, and nothing else")
    func allocSmall() throws {
        let w = try #require(BenchWorkload.named("alloc-small"))
        var heap = try w.makeHeap()
        let n = try w.run(on: &heap, scale: 0.001)
        #expect(n == 4000)
        let st = heap.readMemStats()
        #expect(st.mallocs == 4000)
        let sizes = BenchWorkload.smallSizes
        let expected = (0..<4000).reduce(0) { $0 + sizes[$1 % sizes.count] }
        #expect(st.heapAlloc == UInt64(expected))   // every size is exactly a class size
        #expect(heap.checkInvariants().isEmpty)
    }

    @Test("alloc-tiny goes through the tiny allocator")
    func allocTiny() throws {
        let w = try #require(BenchWorkload.named("alloc-tiny"))
        var heap = try w.makeHeap()
        #expect(try w.run(on: &heap, scale: 0.0001) == 1000)
        let st = heap.readMemStats()
        #expect(st.mallocs == 1000)
        #expect(st.frees > 0)   // tiny allocations that shared a block
        #expect(st.heapAlloc == st.heapObjects * 16)
        #expect(heap.checkInvariants().isEmpty)
    }

    @Test("mark builds half a reachable graph and marks exactly that half")
    func mark() throws {
        let w = try #require(BenchWorkload.named("mark"))
        var heap = try w.makeHeap()
        try w.prepare(&heap, scale: 0.002)
        #expect(heap.readMemStats().heapObjects == 2000)
        let marked = try w.run(on: &heap, scale: 0.002)
        #expect(marked == 1000)
        #expect(heap.readMemStats().heapObjects == 1000)
        #expect(heap.checkInvariants().isEmpty)
    }

    @Test("churn keeps the ring's objects alive through many cycles")
    func churn() throws {
        let w = try #require(BenchWorkload.named("churn"))
        var heap = try w.makeHeap()
        try BenchWorkload.churn(&heap, allocations: 300_000, ringSlots: 1000)
        #expect(heap.gc.numgc >= 4)   // 19 MB allocated against the 4 MB minimum heap
        heap.runtimeGC()
        #expect(heap.readMemStats().heapObjects == 1001)   // the ring and its 1000 objects
        #expect(heap.checkInvariants().isEmpty)
    }

    @Test("churn runs under go1.25 too (bench --profile go1.25)")
    func churnGo125() throws {
        let w = try #require(BenchWorkload.named("churn"))
        var heap = try w.makeHeap(profile: .go125)
        #expect(heap.profile.name == "go1.25")
        try BenchWorkload.churn(&heap, allocations: 100_000, ringSlots: 1000)
        #expect(heap.gc.numgc >= 1)   // 6.4 MB allocated against go1.25's 4 MB first goal
        heap.runtimeGC()
        #expect(heap.readMemStats().heapObjects == 1001)
        #expect(heap.checkInvariants().isEmpty)
    }

    @Test("bench frame's heap holds the promised objects, part-way through marking")
    func frameScenario() throws {
        let program = try ViewBenchmark.compile(ViewBenchmark.chainScenario(objects: 1000))
        var p = try Playback(program: program)
        p.seek(to: p.total)
        #expect(p.failure == nil)
        let heap = p.machine.heap
        #expect(heap.readMemStats().heapObjects == 1000)
        #expect(heap.gc.phase == .mark)
        #expect(!heap.gc.workQueue.isEmpty)
        #expect(heap.checkInvariants().isEmpty)
    }

    @Test("bench rewind's scenario has exactly the steps it says, and steps back to the one before")
    func rewindScenario() throws {
        let program = try ViewBenchmark.compile(ViewBenchmark.churnScenario(steps: 20_000))
        #expect(program.stepCount == 20_000)
        let op = try #require(ViewBenchmark.named("rewind")).prepare(0.02)   // 20,000 steps
        op()   // its precondition checks that it landed on step 9,999
        let ms = try #require(ViewBenchmark.named("frame")).measure(scale: 0.001, repetitions: 2)
        #expect(ms.count == 2 && ms.allSatisfy { $0 >= 0 })
    }

    @Test("the overview narrates the small, tiny and large paths")
    func overview() throws {
        let text = try Overview.text()
        #expect(text.contains("mallocgc(144) → class 10 (144 B slots) → mcache empty → mcache.refill(10)"))
        #expect(text.contains("nextFreeFast: span 0 slot 1"))
        #expect(text.contains("new tiny block"))
        #expect(text.contains("largeAlloc: 13 pages"))
    }
}
