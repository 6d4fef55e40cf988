import Testing
import HeapTestSupport
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// The rules every frame keeps, checked over whole scenarios: text is never cut, a figure is
/// whole or absent, ASCII frames are ASCII; and the view's behaviour around them: following the
/// action, marks inside one step, history that does not depend on how a step was reached.
@Suite("view rules")
struct ViewRulesTests {
    static func app(_ name: String, theme: Theme = Theme(glyphs: .unicode, color: false)) throws -> App {
        let source = try #require(ScenarioLibrary.named(name)).source
        return try App(program: try #require(Compiler.compile(source).program), theme: theme)
    }

    @Test("the Span panel always says what its glyphs mean, in its border when it has no room inside (80×24, while marking too)")
    func spanKeyAlwaysShown() throws {
        for (theme, keys) in [(Theme(glyphs: .unicode, color: false), ["○ white", "○W", "■ used", "■used", "● kept", "●kept", "key:"]),
                              (Theme(glyphs: .ascii, color: false), ["w white", "w/g/b", "key:", "used", "kept"])] {
            var a = try Self.app("tour", theme: theme)
            a.view.focus = .span
            var marking = 0
            repeat {
                a.navigate(.forward)
                let layout = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: 80, height: 24)
                guard let r = layout.rect(of: .span), a.playback.machine.heap.mheap.allspans.isEmpty == false else { continue }
                let rows = a.frame(width: 80, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false)
                let panel = rows[r.y..<(r.y + r.height)].map { String(Array($0)[r.x..<min($0.count, r.x + r.width)]) }.joined(separator: "\n")
                guard panel.contains("span ") else { continue }
                let phase = a.playback.machine.heap.gc.phase
                if phase == .mark { marking += 1 }
                #expect(keys.contains { panel.contains($0) }, "step \(a.playback.current) (\(phase)): no key in the Span panel:\n\(panel)")
            } while !a.playback.atEnd
            #expect(marking > 0)
        }
    }

    @Test("a frame depends only on the step: stepping there and jumping there draw the same",
          arguments: ["tour", "struct-padding", "tricolor-marking"] + (TestScale.full ? ["size-classes"] : []))
    func sameFrameHoweverReached(_ name: String) throws {
        var stepped = try Self.app(name)
        stepped.resize(width: 120, height: 40)
        var differing: [Int] = []
        while true {
            let k = stepped.playback.current
            var jumped = try Self.app(name)
            jumped.resize(width: 120, height: 40)
            jumped.navigate(.seek(k))
            if jumped.frame(width: 120, height: 40).text != stepped.frame(width: 120, height: 40).text { differing.append(k) }
            guard !stepped.playback.atEnd else { break }
            stepped.navigate(.forward)
        }
        #expect(differing.isEmpty, "\(name): steps \(differing) draw differently when jumped to")
    }

    @Test("the arena's legend is whole or its border says how much is below", arguments: [(60, 16), (80, 24), (120, 40)])
    func arenaLegendNeverCutSilently(_ w: Int, _ h: Int) throws {
        for presenter in [false, true] {
            var a = try Self.app("tour", theme: Theme(glyphs: .unicode, color: false, presenter: presenter))
            a.resize(width: w, height: h)
            a.navigate(.seek(14))
            let screen = a.frame(width: w, height: h)
            let r = try #require(HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: w, height: h).rect(of: .arena))
            // The arena panel's own rows: its legend's last words, or a "more" note on its border.
            let rows = screen.text.split(separator: "\n", omittingEmptySubsequences: false)[r.y..<(r.y + r.height)]
            let panel = rows.map { String(String.UnicodeScalarView($0.unicodeScalars.dropFirst(r.x).prefix(r.width))) }.joined(separator: "\n")
            #expect(panel.contains("released") || panel.contains(" more"), "\(w)×\(h)\(presenter ? " presenter" : ""):\n\(panel)")
        }
    }

    @Test("wrapping loses no character and never exceeds the width", arguments: [1, 2, 7, 13, 40])
    func wrapKeepsEverything(width: Int) {
        let texts = ["HeapIdle 67100672 and NextGC 4473924", "日本語のキャプション：ヒープ 🎉 café", "a" + String(repeating: "b", count: 90),
                     "  offset  size  align  field  type", "", "x  y   z"]
        for t in texts {
            for pre in [false, true] {
                let rows = TextLayout.rows([TextLine(t, preformatted: pre)], width: width)
                #expect(rows.allSatisfy { $0.map(\.text).joined().terminalWidth <= width })
                let kept = rows.map { $0.map(\.text).joined() }.joined().unicodeScalars.filter { $0 != " " && Cell.columns($0) <= width }
                #expect(String(String.UnicodeScalarView(kept)) == String(String.UnicodeScalarView(t.unicodeScalars.filter { $0 != " " && Cell.columns($0) <= width })),
                        "\(pre ? "preformatted" : "prose") at \(width): \(rows)")
            }
        }
        // A bound field moves whole.
        let rows = TextLayout.rows([TextLine("HeapAlloc 128  " + TextLine.bind("HeapIdle", "67100672"))], width: 20)
        #expect(rows.map { $0.map(\.text).joined() } == ["HeapAlloc 128", "HeapIdle 67100672"])
        // Broken at its last space that fits: the label stays with its figure.
        let marked = TextLayout.rows([TextLine("HeapAlloc 23.72 MiB  " + TextLine.bind("marked", "14.78 MiB (last cycle)"))], width: 28)
        #expect(marked.map { $0.map(\.text).joined() } == ["HeapAlloc 23.72 MiB", "marked 14.78 MiB (last", "cycle)"])
        // A figure and its unit wrap together.
        let units = TextLayout.rows([TextLine("changed: HeapSys 0 B → 64 MiB · empty(4) 0 → 1, 21->21->4 MB, 22 MB goal")], width: 27)
        #expect(units.map { $0.map(\.text).joined() } == ["changed: HeapSys 0 B →", "64 MiB · empty(4) 0 → 1,", "21->21->4 MB, 22 MB goal"])
        // A field too wide to share a row takes one of its own; the others keep their columns.
        let grid = FieldGrid.lines([Field(label: "HeapAlloc", exact: "0"), Field(label: "HeapSys", exact: "67108864"), Field(label: "NumGC", exact: "5"),
                                    Field(label: "NextGC", exact: "18446744073709551615 (GOGC off)")], width: 60).map(\.plainText)
        #expect(grid == ["HeapAlloc 0       HeapSys 67108864  NumGC 5", "NextGC 18446744073709551615 (GOGC off)"], "\(grid)")
        // One wider than the row breaks at its own spaces, never inside a figure (the GC
        // panel's trigger at 60×16 once read "(ratio 0.0" / "00)").
        let wide = TextLayout.rows([TextLine(TextLine.bind("trigger", "15.78 MiB (ratio 0.000)") + "  " + TextLine.bind("heap_live", "23.73 MiB"))], width: 28)
        #expect(wide.map { $0.map(\.text).joined() } == ["trigger 15.78 MiB (ratio", "0.000)  heap_live 23.73 MiB"])
    }

    @Test("a figure is whole or in a unit: every MemStats field on screen at every step, at 80×24 and 60×16")
    func figuresWhole() throws {
        var a = try Self.app("gogc-pacing")
        a.view.focus = .stats
        var checked = 0
        while true {
            let st = a.playback.machine.heap.readMemStats()
            for (w, h) in [(80, 24), (60, 16)] {
                // Everything the panel shows, scrolled from top to bottom.
                a.resize(width: w, height: h)
                a.view.scroll[.stats] = 0
                var page = a.frame(width: w, height: h).text
                var text = page
                // A page at a time (a page overlaps the last by one line) until the frame stops
                // changing: the panel's last line is on screen.
                for _ in 0..<8 {
                    a.handle(.pageDown)
                    let next = a.frame(width: w, height: h).text
                    if next == page { break }
                    text += next
                    page = next
                }
                for (name, v) in [("HeapIdle", st.heapIdle), ("HeapSys", st.heapSys), ("NextGC", st.nextGC), ("HeapAlloc", st.heapAlloc)] {
                    let exact = "\(name) \(v)", short = "\(name) \(ByteCount(Int(clamping: v)).short)"
                    let shown = text.contains(exact + " ") || text.contains(exact + "│") || text.contains(short)
                        || (name == "NextGC" && v == UInt64.max && text.contains("NextGC off"))
                    #expect(shown || text.contains("too narrow for") && text.contains(name), "step \(a.playback.current) \(w)×\(h): \(name) \(v) not whole:\n\(text)")
                }
            }
            checked += 1
            // Every step of the first hundred (eight in a debug run), then every cycle (the
            // first six in a debug run, and the last step).
            guard !a.playback.atEnd else { break }
            if !TestScale.full && checked >= 8 + 6 { a.navigate(.seek(a.playback.total)); continue }
            let at = a.playback.current
            a.navigate(checked < TestScale.pick(full: 100, short: 8) ? .forward : .nextMark)
            // No mark left: ] stays put; the last step is checked too.
            if a.playback.current == at { a.navigate(.seek(a.playback.total)) }
        }
        #expect(checked > TestScale.pick(full: 100, short: 8))
    }

    @Test("ASCII frames have no byte above 0x7E, whatever the scenario says", arguments: ["tour", "tricolor-marking", "struct-padding", "write-barrier", "several-ps"])
    func asciiEverywhere(_ name: String) throws {
        var a = try Self.app(name, theme: Theme(glyphs: .ascii, color: false))
        repeat {
            for (w, h) in [(80, 24), (120, 40)] {
                let s = a.frame(width: w, height: h)
                #expect(s.text.unicodeScalars.allSatisfy { $0.value <= 0x7E || $0 == "\n" }, "\(name) step \(a.playback.current) \(w)×\(h)")
            }
            a.navigate(.forward)
        } while !a.playback.atEnd
    }

    @Test("narration longer than its panel says so and scrolls; the caption is never cut")
    func narrationScrolls() throws {
        var a = try Self.app("tour")
        // The step that ends the first cycle has the tour's longest narration.
        while !(a.playback.record.caption ?? "").contains("gcMarkTinyAllocs") && !a.playback.atEnd {
            a.navigate(.forward)
        }
        a.resize(width: 120, height: 40)
        let caption = try #require(a.playback.record.caption)
        let frame = a.frame(width: 120, height: 40).text
        // The caption's last words are on screen, not cut (the tour's first cycle ends: gcMarkTinyAllocs).
        #expect(frame.contains("gcMarkTinyAllocs"), "\(frame)")
        #expect(caption.contains("gcMarkTinyAllocs"))
        // At 80×24 the narration of the step before (gc phase: its event trace is long)
        // overflows: the border says how much, and ↓ scrolls to it.
        a.navigate(.back)
        a.resize(width: 80, height: 24)
        var f = a.frame(width: 80, height: 24).text
        #expect(f.contains("↓") && f.contains("more"))
        let hidden = "✓ ok expect objects(grey) == 0"
        #expect(!f.contains(hidden))
        for _ in 0..<12 { a.handle(.down) }
        f = a.frame(width: 80, height: 24).text
        #expect(f.contains(hidden) && f.contains("↑"), "\(f)")
        // A new step starts at the top again.
        a.handle(.char("l"))
        #expect(a.view.scroll[.narration] == 0)
    }

    @Test("the span panel follows each step; moving the cursor stops it, f resumes")
    func follows() throws {
        var a = try Self.app("tour")
        a.resize(width: 120, height: 34)
        while a.playback.current < 9 { a.handle(.char("l")) }
        // Step 9 allocates e on P1, in span 1.
        let e = try #require(a.playback.machine.visibleVariables.first { $0.name == "e" }).value
        let o = try #require(a.playback.machine.heap.findObject(e))
        let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
        #expect(ctx.selectedSpan == o.span && a.view.cursorSlot == o.slot)
        a.handle(.char("1"))
        a.handle(.left)
        #expect(!a.view.follow && a.view.message?.contains("f to follow") == true)
        let page = a.view.cursorPage
        a.handle(.char("l"))
        #expect(a.view.cursorPage == page)
        a.handle(.char("f"))
        #expect(a.view.follow)
    }

    @Test("] stops at every GC cycle, also one that starts and ends inside a step; [ goes back")
    func marksInsideSteps() throws {
        var a = try Self.app("gogc-pacing")
        var stops: [Int] = []
        while true {
            let before = a.playback.current
            a.handle(.char("]"))
            if a.playback.current == before { break }
            stops.append(a.playback.current)
        }
        // Cycles 1–3 are started by allocations inside the loop; cycle 4 by `gc`.
        let cycles = stops.filter { a.playback.phaseChanges.contains($0) }
        #expect(cycles.count >= 4, "\(stops)")
        #expect(a.view.message?.hasPrefix("no later mark") == true)
        // With no mark left, ] stays on the step it was pressed at, not at the end.
        #expect(a.playback.current == stops.last && a.playback.current < a.playback.total, "\(a.playback.current) of \(a.playback.total)")
        a.handle(.char("["))
        #expect(a.playback.current == stops[stops.count - 2])
    }

    @Test("the sparkline is the heap's: the same after G, after stepping, after rewinding")
    func historyIsTheHeaps() throws {
        var stepped = try Self.app("gogc-pacing")
        stepped.resize(width: 120, height: 40)
        for _ in 0..<300 { stepped.handle(.char("l")) }
        var jumped = try Self.app("gogc-pacing")
        jumped.resize(width: 120, height: 40)
        jumped.navigate(.seek(400))
        jumped.navigate(.seek(300))
        let a = StatsPanel.sparkline(stepped.playback, width: 40, glyphs: .unicode)
        let b = StatsPanel.sparkline(jumped.playback, width: 40, glyphs: .unicode)
        // 301 steps do not fit in 40 bars: the sparkline covers the whole run, sampled.
        #expect(a.bars.count == 40 && a.bars == b.bars && a.whole)
        let short = StatsPanel.sparkline(stepped.playback, width: 400, glyphs: .unicode)
        #expect(short.bars.count == 301 && !short.whole)
        #expect(stepped.playback.heapAlloc(at: 300) == stepped.playback.machine.heap.readMemStats().heapAlloc)
        // The heap emptied at the last step (GOGC off, runtime.GC): the line ends on the
        // baseline, visibly (a blank bar once hid the drop).
        stepped.navigate(.seek(stepped.playback.total))
        let end = StatsPanel.sparkline(stepped.playback, width: 40, glyphs: .unicode)
        #expect(stepped.playback.machine.heap.readMemStats().heapAlloc == 0 && end.bars.last == "·")
    }

    @Test("a sweep highlights the slots it freed")
    func freedSlotsHighlighted() throws {
        var a = try Self.app("tricolor-marking")
        // Run to the step that finishes the cycle and sweeps.
        while !a.playback.atEnd, a.playback.machine.heap.readMemStats().frees == 0 { a.handle(.char("l")) }
        let changes = StepChanges(record: a.playback.record, heap: a.playback.machine.heap, before: a.playback.heapBefore)
        let freed = changes.objects.filter { a.playback.machine.heap.findObject($0) == nil }
        #expect(!freed.isEmpty, "no freed slot among \(changes.objects)")
    }

    @Test("the title never cuts the step number: the file name goes first")
    func titleKeepsTheStep() throws {
        let long = String(repeating: "very-long-directory-name/", count: 6) + "scenario.heap"
        let source = SourceFile(name: long, text: "heapscope 1\nx := alloc 8\ny := alloc 8\n")
        var a = try App(program: try #require(Compiler.compile(source).program), theme: Theme(glyphs: .unicode, color: false))
        a.handle(.char("l"))
        let title = a.frame(width: 80, height: 24).text.split(separator: "\n")[0]
        #expect(title.contains("step 1/2") && title.contains("scenario.heap"), "\(title)")
    }
}

@Suite("the object inspector")
struct InspectorTests {
    @Test("the path from a root reads as the program would write it; a long chain is counted, not spelled out")
    func pathNames() throws {
        let text = """
            heapscope 1
            type Node struct {
                val  int64
                next *Node
            }
            var head *Node
            repeat 10 {
                n := new(Node)
                n.next = head
                head = n
            }
            """
        let program = try #require(Compiler.compile(SourceFile(name: "chain.heap", text: text)).program)
        var p = try Playback(program: program)
        p.seek(to: p.total)
        let ctx = PanelContext(playback: p, view: ViewState(), theme: Theme(glyphs: .unicode, color: false))
        let heap = p.machine.heap
        // The last node of the chain: nine .next from head.
        var last = try #require(heap.liveRoots.first { $0.slot.name == "head" }).slot.value
        for _ in 0..<9 { last = try heap.loadPointer(from: last, word: 1) }
        #expect(Inspector.pathFromRoot(to: last, ctx) == "kept alive by: head(.next\u{A0}×9)")
        let second = try heap.loadPointer(from: heap.liveRoots.first { $0.slot.name == "head" }!.slot.value, word: 1)
        #expect(Inspector.pathFromRoot(to: second, ctx) == "kept alive by: head.next")
        #expect(Inspector.lines(second, ctx).contains { $0.hasPrefix("pointers: .next → 0x") })
        // No collector has run: no colour ("white" read as garbage).
        #expect(Inspector.lines(second, ctx).first?.hasSuffix("no colour now (the collector colours objects while it marks)") == true)
    }

    @Test("a tree row too wide for the Objects panel goes on below its name with its address, from the panel of a 100-column screen")
    func objectsFiguresWrap() throws {
        var a = try ViewRulesTests.app("tricolor-marking", theme: Theme(glyphs: .unicode, color: false))
        a.navigate(.seek(14))
        a.view.focus = .objects
        let layout = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: 100, height: 30)
        let r = try #require(layout.rect(of: .objects))
        let content = ObjectsPanel.content(PanelContext(playback: a.playback, view: a.view, theme: a.theme), width: r.inner.width)
        let text = TextLayout.rows(content.lines, width: r.inner.width).map { $0.map(\.text).joined() }
        // Every object's row names its address (a.next.next once lost it: too wide).
        for base in content.order { #expect(text.contains { $0.contains(hexAddress(base)) }, "\(hexAddress(base)) not shown:\n\(text.joined(separator: "\n"))") }
        #expect(r.inner.width >= ObjectsPanel.wrapFiguresFrom && r.inner.width < 60)
    }

    @Test("a question's step does not show the expectations that give its answer away; a failed one is shown")
    func questionHidesExpectations() throws {
        let text = "heapscope 1\nx := alloc 8\nask \"How many objects?\" answer \"One.\"\nexpect HeapObjects == 1\nexpect HeapAlloc == 99\ny := alloc 8\n"
        var p = try Playback(program: try #require(Compiler.compile(SourceFile(name: "q.heap", text: text)).program))
        p.seek(to: 2)
        #expect(p.record.question == "How many objects?")
        let lines = NarrationPanel.lines(PanelContext(playback: p, view: ViewState(), theme: Theme(glyphs: .unicode, color: false))).map(\.plainText)
        #expect(!lines.contains { $0.contains("HeapObjects == 1") }, "\(lines)")
        #expect(lines.contains { $0.contains("an expectation on this step (not shown: it gives the answer away)") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("✗ FAIL expect HeapAlloc == 99") }, "\(lines)")
    }

    @Test("a P's current tiny block that no variable reaches is kept by its mcache, not garbage")
    func tinyBlockKeptByMcache() throws {
        let text = """
            heapscope 1
            a := alloc 8 noscan
            drop a
            gc
            """
        let program = try #require(Compiler.compile(SourceFile(name: "tiny.heap", text: text)).program)
        var p = try Playback(program: program)
        p.seek(to: 2)   // after drop a: nothing but p0's mcache holds the block
        let block = p.machine.heap.mcaches[0].tiny
        #expect(block != 0)
        let ctx = PanelContext(playback: p, view: ViewState(), theme: Theme(glyphs: .unicode, color: false))
        #expect(Inspector.pathFromRoot(to: block, ctx).hasPrefix("kept alive by p0's mcache: it is the P's current tiny block"))
        // And so it is: the cycle keeps it.
        p.seek(to: p.total)
        #expect(p.machine.heap.findObject(block)?.base == block)
    }
}
