import Foundation
import Testing
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// The application driven by keys, as the terminal loop drives it.
@Suite("the app: keys, find, mouse")
struct AppTests {
    static func app(_ name: String, steps: Int) throws -> App {
        let source = try #require(ScenarioLibrary.named(name)).source
        var a = try App(program: try #require(Compiler.compile(source).program), theme: Theme(glyphs: .unicode, color: false))
        for _ in 0..<steps { a.handle(.char("l")) }
        return a
    }

    func type(_ text: String, into a: inout App) {
        for u in text.unicodeScalars { a.handle(.char(u)) }
    }

    @Test("/ finds a variable: the Span panel selects its slot and the inspector opens")
    func findVariable() throws {
        var a = try Self.app("tour", steps: 8)
        let c = try #require(a.playback.machine.visibleVariables.first { $0.name == "c" }).value
        a.handle(.char("/"))
        #expect(a.view.query == "")
        type("cx", into: &a)
        a.handle(.backspace)
        #expect(a.view.query == "c")
        #expect(a.frame(width: 120, height: 34).text.contains("find (a variable, a path like c.next or an address; Enter finds, Esc cancels): /c"))
        a.handle(.enter)
        #expect(a.view.query == nil)
        #expect(a.view.focus == .span)
        #expect(a.view.inspected == c)
        let o = try #require(a.playback.machine.heap.findObject(c))
        #expect(a.view.cursorSlot == o.slot)
        #expect(a.view.message?.contains("c = \(hexAddress(c)): span \(o.span.index) slot \(o.slot)") == true)
        // The inspector shows the object; Esc closes it and the message stays until the next key.
        #expect(a.frame(width: 120, height: 34).text.contains("object \(hexAddress(c))"))
        a.handle(.escape)
        #expect(a.view.inspected == nil)
        #expect(a.frame(width: 120, height: 34).text.contains("span \(o.span.index) slot \(o.slot)"))
    }

    @Test("the inspector leaves the Span panel, the Arena and the Objects panel in sight, at 80×24 and 120×40; help stays in the middle")
    func inspectorBesideItsSlot() throws {
        var a = try Self.app("tour", steps: 8)
        a.handle(.char("/"))
        type("c", into: &a)
        a.handle(.enter)
        #expect(a.view.focus == .span && a.view.inspected != nil)
        var closed = a
        closed.view.inspected = nil
        for (w, h) in [(80, 24), (120, 40)] {
            let layout = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: w, height: h)
            let open = a.frame(width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false)
            let shut = closed.frame(width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(open.joined().contains("object "), "\(w)×\(h): the inspector is open")
            for id in [PanelID.span, .arena, .objects] {
                guard let r = layout.rect(of: id) else {
                    #expect(id == .objects && w == 80, "\(w)×\(h): \(id) is shown")
                    continue
                }
                for y in r.y..<(r.y + r.height) {
                    #expect(Array(open[y]).dropFirst(r.x).prefix(r.width) == Array(shut[y]).dropFirst(r.x).prefix(r.width),
                            "\(w)×\(h): row \(y) of \(id) is covered")
                }
            }
        }
        // A step key while it is open does nothing, and says why (it said nothing).
        let step = a.playback.current
        a.handle(.char("l"))
        #expect(a.playback.current == step && a.view.inspected != nil)
        #expect(a.view.message == "the inspector is open: Enter or Esc closes it")
        a.handle(.escape)
        #expect(a.view.inspected == nil && a.view.message == nil)
        // Help covers the middle of the screen, as before.
        let all = Rect(x: 0, y: 0, width: 80, height: 24)
        let (r, _) = HeapView.overlayFrame(title: "help", lines: [TextLine("x")], all)
        #expect(r.y == (24 - r.height) / 2 && r.x == (80 - r.width) / 2)
    }

    @Test("beside the inspector every word and figure is whole, and no stray border is left in its rows (60×16 to 120×40)")
    func inspectorCutsNoWord() throws {
        for (steps, query) in [(22, "c"), (16, "0xc000004000")] {   // a narrow box, and a wide one
            var a = try Self.app("tour", steps: steps)
            a.handle(.char("/"))
            type(query, into: &a)
            a.handle(.enter)
            var closed = a
            closed.view.inspected = nil
            func isWord(_ c: Character) -> Bool { c != " " && !("\u{2500}"..."\u{257F}").contains(c) && c != "|" && c != "+" }
            for (w, h) in [(60, 16), (80, 24), (120, 40)] {
                let open = a.frame(width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
                let shut = closed.frame(width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
                // Where the box is, as the view places it.
                let all = Rect(x: 0, y: 0, width: w, height: h)
                let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
                let layout = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: w, height: h)
                let (title, lines) = try #require(HeapView.overlayContent(ctx, all))
                let r = HeapView.inspectorPanel(ctx, layout)
                    ?? HeapView.overlayFrame(title: ctx.t(title), lines: lines, all, avoiding: HeapView.overlayAvoids(ctx, layout)).0
                #expect(String(open[r.y]).contains("Enter or Esc closes"), "\(w)×\(h): the box is where overlayFrame says")
                for y in 1..<h {
                    let o = open[y], c = shut[y]
                    var x = 0
                    while x < o.count {
                        guard isWord(o[x]) else { x += 1; continue }
                        var e = x
                        while e < o.count && isWord(o[e]) { e += 1 }
                        let inBox = y >= r.y && y < r.y + r.height && e > r.x && x < r.x + r.width
                        if !inBox {
                            let whole = e <= c.count && Array(c[x..<e]) == Array(o[x..<e])
                                && (x == 0 || !isWord(c[x - 1])) && (e == c.count || !isWord(c[e]))
                            #expect(whole, "\(w)×\(h) row \(y): '\(String(o[x..<e]))' is cut: \(String(o))")
                        }
                        x = e
                    }
                    // Beside the box, in a strip of a few columns, either words (with the
                    // borders of their panels) or nothing: no stray pieces of border. A wider
                    // strip keeps every border outside the ring: the panels' edges stay drawn.
                    // Above and below the box, the frame as it was.
                    if y == r.y - 1 || y == r.y + r.height {
                        #expect(o == c, "\(w)×\(h) row \(y) beside the box changed:\n\(String(o))\n\(String(c))")
                    }
                    if y >= r.y && y < r.y + r.height {
                        let stray = HeapView.overlayStrayStrip
                        for (side, narrow) in [(0..<max(0, r.x - 1), r.x - 1 <= stray),
                                               (min(o.count, r.x + r.width + 1)..<o.count, w - (r.x + r.width + 1) <= stray)] {
                            let cells = Array(o[side])
                            if narrow {
                                #expect(cells.contains(where: isWord) || cells.allSatisfy { $0 == " " },
                                        "\(w)×\(h) row \(y): stray border beside the box: \(String(o))")
                            } else {
                                for x in side where !isWord(c[x]) && c[x] != " " {
                                    #expect(o[x] == c[x], "\(w)×\(h) row \(y) column \(x): the border '\(c[x])' beside the box is gone: \(String(o))")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("the narration names objects, not the arena or a span whose base an object happens to share")
    func namesOnlyObjects() throws {
        var a = try Self.app("tour", steps: 0)
        var seen = 0
        for _ in 0..<10 {
            a.handle(.char("l"))
            let text = a.frame(width: 200, height: 60).text
            if text.contains("sysReserve") { seen += 1 }
            #expect(!text.contains("MiB at c (") && !text.contains("page at c ("), "step \(a.playback.current)")
        }
        #expect(seen > 0)
    }

    @Test("Enter on a free slot or an idle page says there is no object, instead of opening another one")
    func inspectNothing() throws {
        var a = try Self.app("tour", steps: 9)
        _ = a.frame(width: 80, height: 24)
        a.handle(.char("2"))
        // Along the span to its first free slot.
        let heap = a.playback.machine.heap
        for _ in 0..<64 {
            let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
            guard let id = ctx.selectedSpan else { break }
            let s = heap.mheap.allspans[id.index]
            if heap.findObject(heap.base(of: id) &+ UInt64(a.view.cursorSlot * s.elemsize)) == nil { break }
            a.handle(.right)
        }
        a.handle(.enter)
        #expect(a.view.inspected == nil && a.view.message?.contains("is free: no object to inspect") == true, "\(a.view.message ?? "")")
        // Back on an object, it opens that object.
        a.handle(.left)
        a.handle(.enter)
        #expect(a.view.inspected != nil, "\(a.view.message ?? "")")
    }

    @Test("l at the last step and h at the first say so instead of doing nothing")
    func endsSaySo() throws {
        var a = try Self.app("tour", steps: 0)
        a.handle(.char("h"))
        #expect(a.playback.current == 0 && a.view.message == "this is the first step")
        a.handle(.char("G"))
        let last = a.playback.current
        #expect(last == a.playback.total)
        a.handle(.char("l"))
        #expect(a.playback.current == last && a.view.message == "this is the last step (g goes to the first)")
        a.handle(.char("h"))
        #expect(a.playback.current == last - 1 && a.view.message == nil)
    }

    @Test("/ finds what a path holds, read as the program would: b.next; nil, unknown fields and bad paths are said")
    func findPath() throws {
        var a = try Self.app("write-barrier", steps: 6)   // b.next = c has run
        let target = try a.playback.machine.pointer(atPath: "b.next").get()
        let b = try #require(a.playback.machine.visibleVariables.first { $0.name == "b" }).value
        let stored = try a.playback.machine.heap.loadPointer(from: b, word: 0)
        #expect(target != 0 && target == stored)
        a.handle(.char("/"))
        type("b.next", into: &a)
        a.handle(.enter)
        #expect(a.view.inspected == target)
        #expect(a.view.message?.hasPrefix("b.next = \(hexAddress(target)): span") == true, "\(a.view.message ?? "")")
        // The inspector: c's one pointer field is nil for now, b's holds c.
        #expect(a.frame(width: 120, height: 34).text.contains("pointers: all nil"))
        a.handle(.escape)
        a.handle(.char("/"))
        type("b", into: &a)
        a.handle(.enter)
        #expect(a.frame(width: 120, height: 34).text.contains("pointers: .next → \(hexAddress(target))"))

        for (query, said) in [("a.next", "a.next is nil"), ("b.prev", "find: b: "), ("b.next.", "find: expected a field name after '.', found the end of the path"),
                              ("nosuch.next", "find: no variable nosuch in scope (in scope: "), ("b[1]", "find: "),
                              // c was dropped: a name, not the address 0xc.
                              ("c", "find: no variable c in scope"), ("ab", "find: no variable ab in scope"),
                              ("", "find: type a variable name, a path such as c.next, or an address")] {
            a.handle(.escape)
            a.handle(.char("/"))
            type(query, into: &a)
            a.handle(.enter)
            #expect(a.view.message?.hasPrefix(said) == true, "\(query): \(a.view.message ?? "")")
            #expect(a.view.inspected == nil, "\(query)")
        }
        // The prompt takes 64 characters and then says so.
        a.handle(.escape)
        a.handle(.char("/"))
        type(String(repeating: "x", count: 70), into: &a)
        #expect(a.view.query?.count == Finder.maxQuery)
        #expect(a.frame(width: 200, height: 60).text.contains("(64 characters at most)"))
        #expect(a.frame(width: 80, height: 24).text.contains("characters at most)"), "wrapped at 80 columns, not cut")
        a.handle(.escape)
    }

    @Test("/ finds an address, inside an object or not; unknown names and Esc")
    func findAddress() throws {
        var a = try Self.app("tour", steps: 8)
        let c = try #require(a.playback.machine.visibleVariables.first { $0.name == "c" }).value
        a.handle(.char("/"))
        type(String(c + 8, radix: 16), into: &a)   // without 0x, 8 bytes in
        a.handle(.enter)
        #expect(a.view.inspected == c)
        #expect(a.view.message?.contains("(+8 into the object at \(hexAddress(c)))") == true)

        a.handle(.escape)
        a.handle(.char("/"))
        type("nosuch", into: &a)
        a.handle(.enter)
        #expect(a.view.message?.hasPrefix("find: no variable nosuch in scope") == true)
        #expect(a.view.inspected == nil)

        a.handle(.char("/"))
        type("0x1", into: &a)
        a.handle(.enter)
        #expect(a.view.message?.contains("outside the simulated arena") == true)

        // Past 64 bits: said so, not "no variable 0xffff… in scope".
        a.handle(.char("/"))
        type("0xffffffffffffffffffff", into: &a)
        a.handle(.enter)
        #expect(a.view.message?.contains("is not an address: more than 16 hex digits") == true)
        // Without 0x too, where no name is written so (they were "no variable … in scope").
        for (q, answer) in [("ffffffffffffffffff", "is not an address: more than 16 hex digits"),
                            ("c0000000001", "outside the simulated arena (0xc000000000 to 0xc003ffffff)"), ("1c000000000", "outside the simulated arena"),
                            ("0x0000000000c000000000", "0xc000000000: span 0 slot 0")] {
            a.handle(.char("/"))
            type(q, into: &a)
            a.handle(.enter)
            #expect(a.view.message?.contains(answer) == true, "\(q): \(a.view.message ?? "")")
        }

        let before = a.playback.current
        a.handle(.char("/"))
        type("l", into: &a)        // typed into the prompt, not a step
        a.handle(.escape)
        #expect(a.view.query == nil)
        #expect(a.playback.current == before)
    }

    @Test("clicks select a page in the Arena, a slot in the Span panel, a step on the Timeline; m turns them off")
    func clicks() throws {
        var a = try Self.app("tour", steps: 8)
        a.resize(width: 160, height: 48)
        let layout = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: 160, height: 48)
        let arena = try #require(layout.rect(of: .arena)).inner
        // The first cell of the arena is page 0 (the tour's first span starts there).
        a.handle(.click(x: arena.x, y: arena.y))
        #expect(a.view.focus == .arena && a.view.cursorPage == 0)
        #expect(!a.view.follow)   // choosing a page stops following the steps
        let span = try #require(layout.rect(of: .span)).inner
        let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
        let grid = SpanPanel.gridLayout(ctx, span, try #require(ctx.selectedSpan)).grid
        a.handle(.click(x: grid.x + 1, y: grid.y))
        #expect(a.view.focus == .span && a.view.cursorSlot == 1)
        // The frame shows the clicked slot under the cursor (reverse video).
        let f = a.frame(width: 160, height: 48)
        #expect(f[grid.x + 1, grid.y].style.reverse)
        // A click on a slot past nelems does not move the cursor.
        a.handle(.click(x: span.x + span.width - 1, y: span.y + span.height - 1))
        #expect(a.view.cursorSlot == 1)
        // The last cell of the Timeline's bar is the last step.
        let timeline = try #require(layout.rect(of: .timeline)).inner
        a.handle(.click(x: timeline.x + timeline.width - 1, y: timeline.y))
        #expect(a.playback.current == a.playback.total)
        // Clicking another panel focuses it; with the mouse off, clicks do nothing.
        let gc = try #require(HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: 160, height: 48).rect(of: .gc))
        a.handle(.click(x: gc.x + 2, y: gc.y + 2))
        #expect(a.view.focus == .gc)
        a.handle(.char("m"))
        #expect(!a.view.mouse)
        a.handle(.click(x: arena.x, y: arena.y))
        #expect(a.view.focus == .gc)
    }

    @Test("in the used-range zoom the arena cursor stays on a page the panel draws")
    func arenaCursorStaysDrawn() throws {
        let source = try #require(ScenarioLibrary.named("tour")).source
        var a = try App(program: try #require(Compiler.compile(source).program),
                        theme: Theme(glyphs: .unicode, color: false))
        a.resize(width: 80, height: 24)
        a.handle(.char("G"))
        a.handle(.char("1"))
        for _ in 0..<40 { a.handle(.right) }
        for _ in 0..<10 { a.handle(.pageDown) }
        let layout = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: 80, height: 24)
        let arena = HeapView.inner(try #require(layout.rect(of: .arena)), presenter: false)
        let geo = ArenaPanel.layout(PanelContext(playback: a.playback, view: a.view, theme: a.theme), arena).geometry
        // Past the drawn pages (0–15 here) the cursor vanished: page 16, then page 1080 after PgDn.
        #expect(a.view.cursorPage < geo.firstPage + geo.pages, "cursor on page \(a.view.cursorPage), drawn \(geo.firstPage)..<\(geo.firstPage + geo.pages)")
        #expect(geo.cell(ofPage: a.view.cursorPage) != nil)
    }

    @Test("a page drawn several cells wide never wraps to the next row, whatever the panel's width")
    func arenaPagesWhole() throws {
        let source = try #require(ScenarioLibrary.named("tour")).source
        var a = try App(program: try #require(Compiler.compile(source).program), theme: Theme(glyphs: .unicode, color: false))
        for _ in 0..<12 { a.handle(.char("l")) }
        let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
        for columns in 20...100 {
            for rows in [3, 7, 12] {
                let geo = ArenaPanel.geometry(ctx, columns: columns, rows: rows)
                guard geo.perCell == 1, geo.cellsPerPage > 1, geo.cellsPerPage < geo.columns else { continue }
                for p in geo.firstPage..<(geo.firstPage + geo.pages) {
                    guard let c = geo.cell(ofPage: p) else { continue }
                    // At 47 columns, 23 cells a page: the third page began on a row's last cell.
                    #expect(c % geo.columns + geo.cellsPerPage <= geo.columns, "\(columns)×\(rows): page \(p) wraps")
                }
            }
        }
    }

    @Test("presenter mode draws cells two columns wide, and clicks and arrows follow them")
    func presenterCells() throws {
        let source = try #require(ScenarioLibrary.named("tour")).source
        var a = try App(program: try #require(Compiler.compile(source).program),
                        theme: Theme(glyphs: .unicode, color: false, presenter: true))
        for _ in 0..<8 { a.handle(.char("l")) }
        a.resize(width: 160, height: 48)
        a.view.zoom = .page   // one page per cell
        let layout = HeapView.layout(playback: a.playback, view: a.view, theme: a.theme, width: 160, height: 48)
        let arena = HeapView.inner(try #require(layout.rect(of: .arena)), presenter: true)
        let f = a.frame(width: 160, height: 48)
        #expect(f[arena.x, arena.y] == f[arena.x + 1, arena.y])      // one page, two columns
        #expect(f[arena.x, arena.y].scalar != " ")
        a.handle(.click(x: arena.x + 3, y: arena.y))                  // the second cell: page 1
        #expect(a.view.cursorPage == 1)
        a.handle(.left)
        #expect(a.view.cursorPage == 0)
        // In the used-range zoom, the tour's few pages are blocks of cells, still two columns each.
        a.view.zoom = .used
        let ctx = PanelContext(playback: a.playback, view: a.view, theme: a.theme)
        let geo = ArenaPanel.layout(ctx, arena).geometry
        #expect(geo.cellsPerPage > 1 && geo.cellWidth == 2)
        a.handle(.click(x: arena.x + 2 * geo.cellsPerPage, y: arena.y))
        #expect(a.view.cursorPage == 1)
    }

    @Test("a question's answer is not on screen until the next step, and the question shows once")
    func questionThenAnswer() throws {
        var a = try Self.app("tour", steps: 0)
        while a.playback.record.question == nil, !a.playback.atEnd { a.handle(.char("l")) }
        let q = try #require(a.playback.record.question)
        let asked = a.frame(width: 120, height: 34).text
        #expect(!asked.contains("mcache.refill asks mcentral"))
        #expect(asked.components(separatedBy: String(q.prefix(30))).count == 2)   // exactly once
        a.handle(.char("l"))
        #expect(a.frame(width: 120, height: 34).text.contains("answer: mcache.refill asks mcentral"))
    }
}
