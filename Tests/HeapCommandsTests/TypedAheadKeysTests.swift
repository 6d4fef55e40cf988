import Testing
import HeapTUI
import HeapScenario
@testable import HeapCommands

/// Keys typed while a slow step runs: kept in order, forgotten on Esc, bounded.
@Suite("keys typed ahead")
struct TypedAheadKeysTests {
    @Test("three quick l during a slow step are three steps, in order, before the next key read")
    func keptInOrder() {
        var t = TypedAheadKeys()
        #expect(t.next(after: .char("x")) == .char("x"))   // nothing kept: the key read
        t.keep(.char("l"))
        t.keep(nil)
        t.keep(.resize)
        t.keep(.char("l"))
        t.keep(.char("h"))
        #expect(t.count == 3)
        #expect(t.next(after: .char("G")) == .char("l"))  // G waits behind what came first
        #expect(t.next(after: nil) == .char("l"))
        #expect(t.next(after: nil) == .char("h"))
        #expect(t.next(after: nil) == .char("G"))
        #expect(t.next(after: nil) == nil)
    }

    @Test("Esc forgets them, and no more than the limit are kept")
    func forgetAndLimit() {
        var t = TypedAheadKeys()
        for _ in 0..<(TypedAheadKeys.limit + 10) { t.keep(.char("l")) }
        #expect(t.count == TypedAheadKeys.limit && t.dropped == 10)
        t.forget()
        #expect(t.count == 0 && t.dropped == 0 && t.next(after: nil) == nil)
    }

    @Test("the busy line says how to stop, what it is doing, and how many keys wait")
    func busyLine() throws {
        let program = try #require(Compiler.compile(SourceFile(name: "a.heap", text: "heapscope 1\nx := alloc 8\n")).program)
        let job = NavigationJob(.back, on: try App(program: program, theme: Theme(glyphs: .unicode, color: false)))
        _ = job.wait(seconds: 5)
        #expect(Open.busyMessage(job, from: 10) == "working… replaying from a checkpoint to step 9 — Esc cancels, q quits")
        #expect(Open.busyMessage(job, from: 10, typedAhead: 2).hasSuffix("q quits; 2 keys typed meanwhile wait"))
        // Past the limit the line says how many were dropped: they were dropped silently.
        #expect(Open.busyMessage(job, from: 10, typedAhead: 64, dropped: 136).hasSuffix("64 keys typed meanwhile wait (136 more dropped: at most 64 wait)"))
    }
}
