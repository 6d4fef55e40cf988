import Testing
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// Rewind: going back to any step gives exactly the state of going forward to it.
@Suite("playback and rewind")
struct PlaybackTests {
    @Test("seeking back and forth gives the same heap and record as stepping forward")
    func rewindMatchesForward() throws {
        let source = try #require(ScenarioLibrary.named("small-object-path")).source
        let program = try #require(Compiler.compile(source).program)
        var forward = try Playback(program: program)
        var states: [Int: (Heap, StepRecord)] = [0: (forward.machine.heap, forward.record)]
        while forward.forward() { states[forward.current] = (forward.machine.heap, forward.record) }
        #expect(forward.current == program.stepCount)
        var p = try Playback(program: program)
        var random = SeededRandom(seed: 3)
        for _ in 0..<60 {
            let k = random.next(in: 0...program.stepCount)
            p.seek(to: k)
            #expect(p.current == k)
            let (heap, record) = try #require(states[k])
            #expect(p.machine.heap.mheap == heap.mheap)
            #expect(p.machine.heap.readMemStats() == heap.readMemStats())
            #expect(p.record.narration == record.narration)
            #expect(p.record.index == k)
        }
        p.seek(to: 10)
        p.back()
        #expect(p.current == 9)
    }

    @Test("marks: bookmarks and GC phase changes are found going forward and back")
    func marks() throws {
        let tour = try #require(ScenarioLibrary.named("tour"))
        let program = try #require(Compiler.compile(tour.source).program)
        var p = try Playback(program: program)
        var marks: [Int] = []
        while marks.count < 4, p.forwardToNextMark() {
            marks.append(p.current)
        }
        #expect(marks.count == 4)
        #expect(marks == marks.sorted())
        #expect(p.pauses.contains(marks[0]))            // the pause after `layout Conn`
        #expect(p.bookmarks.values.contains(["first allocation"]))
        #expect(p.previousMark() == marks[2])
    }

    @Test("] stops at the step that answers a question: a jump from the question does not pass its answer")
    func answerIsAMark() throws {
        let program = try #require(Compiler.compile(SourceFile(name: "a.heap", text: "heapscope 1\nx := alloc 8\nask \"q?\" answer \"a\"\ny := alloc 8\nz := alloc 8\ngc\n")).program)
        var p = try Playback(program: program)
        // Steps: 1 x, 2 the question, 3 y (with the answer), 4 z, 5 gc.
        #expect(p.forwardToNextMark() && p.current == 2 && p.record.question == "q?")
        #expect(p.forwardToNextMark() && p.current == 3 && p.record.answer == "a")
        #expect(p.forwardToNextMark() && p.current == 5)
        #expect(p.previousMark() == 3)
    }

    @Test("the Timeline's note names the cycles a step ended: runtime.GC during a cycle ends two")
    func gcNoteNamesCycles() throws {
        let program = try #require(Compiler.compile(SourceFile(name: "g.heap", text: "heapscope 1\nx := alloc 8\ngc start\ngc step 1\ngc\n")).program)
        var p = try Playback(program: program)
        p.seek(to: 4)
        let note = TimelinePanel.gcNote(p.record, before: p.heapBefore, after: p.machine.heap)
        #expect(note?.hasSuffix("(gc 1 and gc 2 ended)") == true, "\(note ?? "nil")")
    }

    @Test("keys come from one table; arrows step outside the cursor panels")
    func keys() {
        #expect(KeyTable.command(for: .char("q"), focus: .narration) == .quit)
        #expect(KeyTable.command(for: .right, focus: .narration) == .stepForward)
        #expect(KeyTable.command(for: .left, focus: .timeline) == .stepBack)
        #expect(KeyTable.command(for: .right, focus: .arena) == .cursor(dx: 1, dy: 0))
        #expect(KeyTable.command(for: .char("3"), focus: .arena) == .focus(.central))
        #expect(KeyTable.command(for: .char("z"), focus: .arena) == .zoom)
        #expect(KeyTable.command(for: .char("x"), focus: .arena) == nil)
        #expect(KeyTable.command(for: .down, focus: .narration) == .scroll(1))
        #expect(KeyTable.command(for: .down, focus: .span) == .cursor(dx: 0, dy: 1))
    }
}

/// A question is a place to stop: `]` and playing must not pass it (its answer comes with the
/// next step, and jumping past would show the answer without the question).
@Suite("questions stop jumps")
struct QuestionMarkTests {
    @Test("] stops at an ask step, and so does playing")
    func stops() throws {
        let source = try #require(ScenarioLibrary.named("span-sets")).source
        let program = try #require(Compiler.compile(source).program)
        var a = try App(program: program, theme: Theme(glyphs: .unicode, color: false))
        a.navigate(.nextMark)
        #expect(a.playback.current == 2)                 // bookmark "first span cached"
        a.navigate(.nextMark)
        #expect(a.playback.record.question != nil)       // the question before the refill
        let asked = a.playback.current
        a.navigate(.nextMark)
        #expect(a.playback.current == asked + 1)         // the answer, with its bookmark
        a.view.playing = true
        a.navigate(.play(steps: 50))
        #expect(a.playback.record.question != nil && !a.view.playing)
        #expect(a.view.message?.contains("a question") == true)
    }
}
