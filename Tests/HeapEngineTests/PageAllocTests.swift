import Testing
@testable import HeapEngine

/// go1.25's page allocator (PageAlloc.swift): the bitmap, first fit from searchAddr, growth in
/// whole 4 MiB chunks counted as released, and the radix summaries.
@Suite("go1.25 page allocator")
struct PageAllocTests {
    @Test("first fit from searchAddr; freeing moves searchAddr down; summaries")
    func bitmap() {
        var pa = PageAlloc(arenaPages: 4096)
        pa.grow(start: 0, pages: 512)
        #expect(pa.counts == (512, 512))
        #expect(pa.find(3) == 0)
        #expect(pa.allocRange(0, 3) == 3)           // three released pages used again
        #expect(pa.allocRange(3, 5) == 5)
        #expect(pa.searchPage == 8)
        pa.free(1, 2)
        #expect(pa.searchPage == 1)
        #expect(pa.find(2) == 1)                     // the hole, not the end
        #expect(pa.find(3) == 8)                     // the hole is too small: first fit past it
        #expect(pa.summary(from: 0, pages: 512) == PageAlloc.Summary(start: 0, max: 504, end: 504))
        // Unmapped pages count as in use, as in the runtime's summaries.
        #expect(pa.summary(from: 0, pages: 4096).end == 0)
        #expect(pa.scavengeAll() == 2)               // only the two freed pages were not released
        #expect(pa.counts == (506, 506))
    }

    @Test("a heap under go1.25: HeapSys in 4 MiB steps, released until used, no free spans")
    func heapAccounting() throws {
        var h = try Heap(config: HeapConfig(arenaBytes: 64 << 20, profileName: "go1.25"))
        let a = try h.mallocgc(size: 64, noscan: false)
        h.addRoot(name: "a", kind: .global, value: a)
        #expect(h.memstats.heapSys == 4 << 20)
        #expect(h.memstats.heapReleased == (4 << 20) - 8192)
        #expect(h.mheap.allspans.allSatisfy { $0.state != .free })
        // A 5 MiB object needs 640 pages: the heap maps two more chunks (8 MiB) for it.
        let big = try h.mallocgc(size: 5 << 20, noscan: true)
        #expect(h.memstats.heapSys == 12 << 20)
        #expect(h.checkInvariants().isEmpty)
        // Freed, its pages are free (not released) and first fit finds them again.
        _ = big
        h.runtimeGC()
        #expect(h.memstats.heapReleased < 12 << 20)
        #expect(h.checkInvariants().isEmpty)
        let again = try h.mallocgc(size: 5 << 20, noscan: true)
        #expect(h.findObject(again) != nil)
        #expect(h.memstats.heapSys == 12 << 20)     // reused: no growth
        #expect(h.freeOSMemory() > 0)
        #expect(h.checkInvariants().isEmpty)
    }

    @Test("the background scavenger: its retained-heap goal, 1% of a CPU, highest addresses first, eager on growth")
    func scavenger() throws {
        var h = try Heap(config: HeapConfig(procs: 1, arenaBytes: 256 << 20, profileName: "go1.25", gogc: 100))
        #expect(h.gc.pacer118.scavengeGoal == .max)       // off until a cycle has ended
        // 32 MiB of 32 KiB garbage, one live 1 MiB object, then a cycle.
        let live = try h.mallocgc(size: 1 << 20, noscan: true)
        h.addRoot(name: "live", kind: .global, value: live)
        for _ in 0..<1024 { _ = try h.mallocgc(size: 32 << 10, noscan: true) }
        h.runtimeGC()
        let p = h.gc.pacer118
        // gcPercentGoal = lastHeapInUse · (heapGoal / lastHeapGoal) · 1.10, up to a 4 KiB page.
        var goal = UInt64(Double(p.lastHeapInUse) * Double(h.heapGoal118().goal) / Double(p.lastHeapGoal))
        goal += UInt64(Double(goal) * 0.10)
        #expect(p.scavengeGoal == (goal + 4095) & ~4095)
        let retained = h.memstats.heapSys - h.memstats.heapReleased
        #expect(retained > p.scavengeGoal)
        // 1% of a CPU at 20 µs per 8 KiB page: a second releases 500 pages (4,000 KiB).
        h.advanceTime(nanoseconds: 1_000_000_000)
        let after = h.memstats.heapSys - h.memstats.heapReleased
        #expect(retained - after == 500 * 8192 || after <= p.scavengeGoal)
        // A minute later the goal is met; what went first were the highest pages.
        h.advanceTime(nanoseconds: 60_000_000_000)
        #expect(h.memstats.heapSys - h.memstats.heapReleased <= p.scavengeGoal)
        let pa = h.mheap.pages
        let freePages = (0..<pa.mappedPages).filter { !pa.isInUse($0) }
        let released = freePages.filter { pa.isScavenged($0) }
        let kept = freePages.filter { !pa.isScavenged($0) }
        #expect((kept.max() ?? -1) < (released.min() ?? Int.max) || kept.isEmpty)
        #expect(h.checkInvariants().isEmpty)
        // go1.12 keeps its five-minute rule: nothing is released in a minute.
        var old = try Heap(config: HeapConfig(procs: 1, arenaBytes: 256 << 20, profileName: "go1.12", gogc: 100))
        for _ in 0..<1024 { _ = try old.mallocgc(size: 32 << 10, noscan: true) }
        old.runtimeGC()
        let released0 = old.memstats.heapReleased
        old.advanceTime(nanoseconds: 60_000_000_000)
        #expect(old.memstats.heapReleased == released0)
    }
}
