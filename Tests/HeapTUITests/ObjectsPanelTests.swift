import Testing
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// The Objects panel: roots and objects by name, pointers as edges, colours as glyph and
/// letter, selection shared with the Span panel, names in the narration.
@Suite("objects panel")
struct ObjectsPanelTests {
    static func app(_ source: SourceFile, theme: Theme = Theme()) throws -> App {
        let program = try #require(Compiler.compile(source).program)
        return try App(program: program, theme: theme)
    }

    static func library(_ name: String) throws -> App {
        try app(try #require(ScenarioLibrary.named(name)).source)
    }

    /// The step whose statement is `text`.
    static func step(_ a: App, _ text: String) throws -> Int {
        var p = a.playback
        for k in 1...p.total {
            p.seek(to: k)
            if p.record.site?.text == text { return k }
        }
        Issue.record("no step '\(text)'")
        return 0
    }

    @Test("after marking, the border's kept/freed key shows only while some row has those marks")
    func sweepKeyOnlyWithMarks() throws {
        var a = try Self.library("tour")
        a.view.focus = .objects
        var sweeping = 0
        repeat {
            a.navigate(.forward)
            guard a.playback.machine.heap.gc.phase == .sweep else { continue }
            sweeping += 1
            let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
            let coloured = !ObjectsPanel.content(ctx).colours.isEmpty
            let frame = a.frame(width: 80, height: 24).text
            if !coloured { #expect(!frame.contains("kept"), "step \(a.playback.current): a key for marks no row shows:\n\(frame)") }
            // Presenter mode's title bar asks without the rows laid out (tour step 26 showed
            // "● B kept ○ W freed" with no span left to sweep and no row marked).
            if !coloured { #expect(!ObjectsPanel.borderKeys(ctx)[0].contains("kept"), "step \(a.playback.current)") }
        } while !a.playback.atEnd
        #expect(sweeping > 0)
    }

    @Test("a deep chain at 80×24 keeps each name on its arrow's row: the tree indents less in a narrow panel")
    func deepChainNarrow() throws {
        var a = try Self.app(SourceFile(name: "chain.heap", text: """
            heapscope 1
            type N struct {
                next *N
                pad [6]int
            }
            head := new(N)
            repeat 30 {
                x := new(N)
                x.next = head
                head = x
            }
            """), theme: Theme(glyphs: .unicode, color: false))
        a.navigate(.seek(a.playback.total))
        a.handle(.char("9"))
        var arrows = 0
        for _ in 0..<6 {
            let rows = a.frame(width: 80, height: 24).text.split(separator: "\n").map(String.init)
            for row in rows where row.contains(".next─▶") {
                arrows += 1
                // The arrow is followed on its own row by the object's name.
                #expect(row.contains("─▶ head"), "\(row)")
            }
            a.handle(.pageDown)
        }
        #expect(arrows > 10)
    }

    static func text(_ a: App) -> [String] {
        let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
        return ObjectsPanel.content(ctx).lines.map(\.plainText).map { String(String.UnicodeScalarView($0.unicodeScalars.map { $0 == TextLine.nbsp ? " " : $0 })) }
    }

    @Test("write-barrier: a lecturer sees black a point to c, and c turn grey on the store")
    func writeBarrier() throws {
        var a = try Self.library("write-barrier")
        let store = try Self.step(a, "a.next = b.next")
        a.navigate(.seek(store - 1))
        var lines = Self.text(a)
        // Before the store: a is black with no pointer; c hangs under b, grey in the queue.
        #expect(lines.contains { $0.contains("a ─▶ ●B") })
        #expect(lines.contains { $0.contains("└─.next─▶ ○W b.next") })
        #expect(lines.contains("stack of main — black: scanned"))
        a.navigate(.seek(store))
        lines = Self.text(a)
        // After a.next = b.next, c is reached from a too: drawn once, referred to once.
        let aRow = try #require(lines.firstIndex { $0.contains("a ─▶ ●B") })
        let bRow = try #require(lines.firstIndex { $0.contains("b ─▶ ◐G") })
        #expect(bRow < aRow)
        #expect(lines[bRow + 1].contains("└─.next─▶ ◐G b.next"))
        #expect(lines[aRow + 1].contains("└─.next─▶ ◐G = b.next"))
        // The grey queue, next first.
        #expect(lines.contains { $0.hasPrefix("grey queue, next scanned first: b.next, b") })
        // b.next = nil: now c is under a only, and named by it.
        a.navigate(.seek(try Self.step(a, "b.next = nil")))
        lines = Self.text(a)
        #expect(lines.contains { $0.contains("└─.next─▶ ◐G a.next") })
        #expect(!lines.contains { $0.contains("b.next") && !$0.hasPrefix("grey queue") })
    }

    @Test("write-barrier-off: the object freed while still reachable is a dangling pointer")
    func dangling() throws {
        var a = try Self.library("write-barrier-off")
        a.navigate(.seek(a.playback.total))
        let lines = Self.text(a)
        #expect(lines.contains { $0.contains("✗ 0xc") && $0.contains("freed: dangling") }, "\(lines)")
    }

    @Test("narration names objects: the program's name, then the address")
    func namesInNarration() throws {
        var a = try Self.library("write-barrier")
        a.navigate(.seek(try Self.step(a, "gc step 2")))
        let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
        let s = NarrationPanel.lines(ctx).map(\.plainText).joined(separator: "\n")
        #expect(s.contains("shade b (0xc000000000) grey"), "\(s)")
        #expect(NarrationPanel.named("root b → 0xc000000000 and 0xc0000000001", a.playback.machine.heap.liveRoots.isEmpty ? ObjectGraph() : ObjectGraph(a.playback.machine))
                == "root b → 0xc000000000 and 0xc0000000001")
        // A clause that names the object already keeps the bare address.
        let g = ObjectGraph(a.playback.machine)
        #expect(NarrationPanel.named("b points to the new object at 0xc000000000, slot 0", g) == "b points to the new object at 0xc000000000, slot 0")
        #expect(NarrationPanel.named("root a → 0xc000000008 → shade 0xc000000000 grey", g) == "root a → 0xc000000008 → shade b (0xc000000000) grey")
        #expect(NarrationPanel.containsWord("root ab → x", "b") == false)
        #expect(NarrationPanel.containsWord("root b → x", "b"))
    }

    @Test("↓ in the Objects panel moves the Span cursor to that object; the Span cursor selects its row")
    func selectionSync() throws {
        var a = try Self.library("write-barrier")
        a.navigate(.seek(try Self.step(a, "a.next = b.next")))
        a.resize(width: 120, height: 40)
        a.handle(.char("9"))
        #expect(a.view.focus == .objects)
        let ctx = { PanelContext(playback: a.playback, view: a.view, theme: a.theme) }
        let order = ObjectsPanel.content(ctx()).order
        #expect(order.count == 3)
        var seen: [UInt64] = []
        for key in [Key.up, .up, .up, .down, .down] {
            a.handle(key)
            let sel = try #require(ObjectsPanel.selected(ctx()))
            seen.append(sel.base)
            // The Span panel shows the same slot.
            #expect(ctx().selectedSpan == sel.span && a.view.cursorSlot == sel.slot)
        }
        #expect(seen.suffix(3) == order)
        // The selected row is drawn reversed.
        let screen = a.frame(width: 120, height: 40)
        #expect(screen.cells.contains { $0.style.reverse && $0.scalar == "0" })
        // From the Span panel: moving its cursor selects another object here.
        a.handle(.char("2"))
        a.handle(.left)
        let now = try #require(ObjectsPanel.selected(ctx()))
        #expect(now.base == seen.last! - 8)
    }

    @Test("↑ past the first object and ↓ past the last scroll the panel to its top and its end")
    func scrollToEnds() throws {
        var a = try Self.library("tour")
        a.navigate(.seek(try Self.step(a, "gc step 1")))
        a.resize(width: 80, height: 24)
        a.handle(.char("9"))
        for _ in 0..<8 { a.handle(.down) }
        #expect((a.view.scroll[.objects] ?? 0) > 0)
        var s = a.frame(width: 80, height: 24).text
        #expect(s.contains("mcache keeps it"), "\(s)")
        for _ in 0..<12 { a.handle(.up) }
        #expect(a.view.scroll[.objects] == 0)
        s = a.frame(width: 80, height: 24).text
        #expect(s.contains("grey queue, next scanned first"))
    }

    @Test("a big heap: the walk stops, the rest is counted, the selection's neighbourhood is shown")
    func bigHeap() throws {
        let src = """
        heapscope 1
        type Node struct {
            next *Node
            other *Node
        }
        head := new(Node)
        head.next = new(Node)
        repeat 1200 {
            n := new(Node)
            n.next = head.next
            head.next = n
        }
        x := new(Node)
        """
        var a = try Self.app(SourceFile(name: "list.heap", text: src))
        a.navigate(.seek(a.playback.total))
        let g = ObjectGraph(a.playback.machine)
        #expect(!g.complete && g.nodes.count == ObjectGraph.defaultLimit)
        // A long run of one field is counted: head(.next ×N).
        #expect(g.nodes.indices.contains { g.name($0) == "head(.next\u{A0}×62)" })
        var lines = Self.text(a)
        // Every root has its row; the tree under them is cut after bigHeapRows rows: head and
        // 32 of the chain.
        #expect(lines.contains { $0.contains("A big heap: 34 objects drawn, 1169 more in use") }, "\(lines.prefix(3))")
        // The root declared last has its row although the tree above used the budget.
        #expect(lines.contains { $0.hasPrefix("  x ─▶ 0xc") })
        #expect(lines.contains { $0.contains("head(.next ×32)") })
        #expect(lines.contains { $0.contains("⋯ cut here") })
        // Select an object the walk did not reach: its neighbourhood comes first.
        let deep = (0..<1202).lazy.compactMap { i -> Heap.ObjectRef? in
            let h = a.playback.machine.heap
            guard let o = h.findObject(0xc000000000 + UInt64(i * 16)), g.index[o.base] == nil else { return nil }
            return o
        }.first
        let o = try #require(deep)
        a.view.cursorPage = Int(a.playback.machine.heap.mheap.allspans[o.span.index].startPage)
        a.view.cursorSlot = o.slot
        lines = Self.text(a)
        #expect(lines.contains { $0.hasPrefix("selected ") && $0.contains(hexAddress(o.base)) })
        #expect(lines.contains { $0.contains("└─.next─▶") || $0.contains("├─.next─▶") })
    }

    @Test("tour: the unreachable object and the tiny block are listed, so the colours add up to the GC panel's")
    func unreachableListed() throws {
        var a = try Self.library("tour")
        a.navigate(.seek(try Self.step(a, "gc step 1")))
        let lines = Self.text(a)
        let i = try #require(lines.firstIndex { $0.hasPrefix("not reachable from any root") })
        #expect(lines[(i + 1)...].contains { $0.contains("○W 0xc000002000 48 B") })
        #expect(lines[(i + 1)...].contains { $0.contains("●B") && $0.contains("tiny block") })
        // White, grey and black rows drawn = the GC panel's counts.
        let c = try #require(a.playback.machine.heap.markColourCounts)
        let rows = lines.filter { !$0.hasPrefix("key") && !$0.contains("= ") }
        #expect(rows.filter { $0.contains("○W") }.count == c.white)
        #expect(rows.filter { $0.contains("◐G") }.count == c.grey)
        #expect(rows.filter { $0.contains("●B") }.count == c.black)
        // Outside marking and sweeping the key does not explain colours no row has.
        a.navigate(.seek(1))
        #expect(Self.text(a).last?.contains("colours show while the collector marks") == true)
    }

    @Test("an empty goroutine stack keeps its heading; the Span cursor shows while Objects has focus")
    func emptyStackAndCursor() throws {
        let src = """
        heapscope 1
        type T struct {
            p *T
        }
        goroutine worker on p0
        x := new(T)
        """
        var a = try Self.app(SourceFile(name: "g.heap", text: src))
        a.navigate(.seek(a.playback.total))
        let lines = Self.text(a)
        #expect(lines.contains("stack of worker"))
        a.handle(.char("9"))
        a.handle(.down)
        let s = HeapView.render(a.playback, view: a.view, theme: a.theme, width: 160, height: 48)
        let span = try #require(HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: 160, height: 48).rect(of: .span))
        #expect((span.y..<(span.y + span.height)).contains { y in (span.x..<(span.x + span.width)).contains { s[$0, y].style.reverse } })
    }

    @Test("presenter mode: the panels keep their places at every step, whatever the caption")
    func presenterLayoutStable() throws {
        var a = try Self.app(try #require(ScenarioLibrary.named("tour")).source, theme: Theme(presenter: true))
        var layouts: Set<[Int]> = []
        for k in 0...a.playback.total {
            a.navigate(.seek(k))
            for (w, h) in [(120, 34), (80, 24)] {
                let l = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: w, height: h)
                layouts.insert([w] + l.panels.flatMap { [$0.0.rawValue, $0.1.x, $0.1.y, $0.1.width, $0.1.height] })
            }
        }
        #expect(layouts.count == 2)
    }

    @Test("the graph reaches exactly what an independent walk from the roots reaches")
    func graphIsReachability() throws {
        for name in ["tour", "write-barrier", "goroutine-stacks", "tricolor-marking", "struct-padding"] {
            var a = try Self.library(name)
            for k in stride(from: 0, through: a.playback.total, by: 3) {
                a.navigate(.seek(k))
                let h = a.playback.machine.heap
                var seen: Set<UInt64> = []
                var stack = h.liveRoots.compactMap { h.findObject($0.slot.value) }
                while let o = stack.popLast() {
                    guard seen.insert(o.base).inserted else { continue }
                    for (_, v) in h.pointers(of: o) where v != 0 { if let t = h.findObject(v) { stack.append(t) } }
                }
                let g = ObjectGraph(a.playback.machine, limit: 1 << 20)
                #expect(Set(g.index.keys) == seen, "\(name) step \(k)")
            }
        }
    }
}
