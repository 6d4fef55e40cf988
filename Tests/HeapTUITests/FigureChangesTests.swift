import Testing
import HeapEngine
@testable import HeapTUI

/// The "changed:" strip: the figures a step moved, before → after.
@Suite("what a step changed, in figures")
struct FigureChangesTests {
    @Test("a byte count that is not a whole number of units never reads as one")
    func byteCounts() {
        #expect(ByteCount(64 << 20).description == "64 MiB" && ByteCount(64 << 20).short == "64 MiB")
        #expect(ByteCount(1536).description == "1.5 KiB" && ByteCount(4473924).short == "4.27 MiB")
        // 64 MiB less one page: not "64.0 MiB" (the scavenger's narration once said so).
        #expect(ByteCount(67100672).description == "63.99 MiB" && ByteCount(67100672).short == "63.99 MiB")
        #expect(ByteCount(2088960).description == "1.99 MiB" && ByteCount(20955136).description == "19.98 MiB")
        // Just under a whole MiB: cut, not rounded up (the heap goal once read 23547.38 KiB).
        #expect(ByteCount((64 << 20) - 4096).short == "63.99 MiB" && ByteCount(24112000).short == "22.99 MiB")
        // Just above one: the whole one and the rest (the GOMEMLIMIT goal read "9216.01 KiB").
        #expect(ByteCount((64 << 20) + 1024).description == "64 MiB + 1 KiB" && ByteCount((64 << 20) + 1024).short == "64 MiB + 1 KiB")
        #expect(ByteCount(9437192).description == "9 MiB + 8 B" && ByteCount(9437192).short == "9 MiB + 8 B")
        #expect(ByteCount(-((64 << 20) + 1024)).description == "-65537 KiB")
        // Within a tenth above a whole one: its hundredths, not the unit below ("7208.06 KiB").
        #expect(ByteCount(7381056).description == "7.04 MiB")
    }

    @Test("an allocation moves HeapAlloc, HeapObjects and the class's mcentral list; an identical heap moves nothing")
    func allocation() throws {
        let a = try Heap(config: HeapConfig())
        var b = a
        _ = try b.mallocgc(size: 144, noscan: false, p: 0)
        let changes = FigureChanges.between(a, b)
        let byName = Dictionary(uniqueKeysWithValues: changes.map { ($0.name, $0) })
        #expect(byName["HeapAlloc"]?.after == ByteCount(144).short)
        #expect(byName["HeapObjects"].map { "\($0.before) → \($0.after)" } == "0 → 1")
        // The span mcache.refill took is on class 10's empty list (cached, in use).
        #expect(byName["empty(10)"].map { "\($0.before) → \($0.after)" } == "0 → 1")
        #expect(byName["phase"] == nil && byName["NumGC"] == nil)
        #expect(FigureChanges.line(changes).contains("HeapObjects 0 → 1"))
        #expect(FigureChanges.between(b, b).isEmpty)
        // Mallocs moved with HeapObjects: not repeated.
        #expect(byName["Mallocs"] == nil && byName["Frees"] == nil)
    }

    @Test("a tiny allocation inside the current block moves only Mallocs and Frees, and says so")
    func tinyAllocation() throws {
        var a = try Heap(config: HeapConfig())
        _ = try a.mallocgc(size: 4, noscan: true, p: 0)
        var b = a
        _ = try b.mallocgc(size: 4, noscan: true, p: 0)
        let changes = FigureChanges.between(a, b)
        #expect(changes.map(\.text) == ["Mallocs 1 → 2", "Frees 0 → 1"], "\(changes.map(\.text))")
    }

    @Test("a collection moves NumGC and the phase; many lists are counted, not all named")
    func collection() throws {
        var a = try Heap(config: HeapConfig(gogc: nil))
        for size in stride(from: 16, through: 2048, by: 16) { _ = try a.mallocgc(size: size, noscan: size % 32 == 0, p: 0) }
        a.releaseHeld()
        var b = a
        b.runtimeGC()
        let changes = FigureChanges.between(a, b)
        #expect(changes.contains { $0.name == "NumGC" && $0.before == "0" && $0.after == "1" })
        let lists = changes.filter { $0.name.hasPrefix("nonempty(") || $0.name.hasPrefix("empty(") }
        #expect(lists.count == FigureChanges.maxLists)
        #expect(FigureChanges.line(changes).contains("more mcentral lists"))
    }
}
