// Objects: the heap as the program sees it — roots and the objects they reach, by name, with
// the pointers between them (ObjectGraph). A lecturer points at "a ─.next─▶ c" and watches c
// turn grey.
//
//   grey queue, next first: c, b.left          (while marking: the order scanobject takes them)
//   stack of main — grey: not yet scanned
//     a ─▶ ●B 0xc000010000 32 B
//          ├─.left──▶ ◐G a.left 0xc000010020 16 B
//          └─.right─▶ ○W = c                   (drawn elsewhere: a cross reference)
//     b = nil
//
// Each object is drawn once, under the pointer that first reached it (breadth first from the
// roots), with its colour as glyph and letter (W, G, B) while marking, or kept/freed before
// the sweep; ✗ marks a pointer to no live object (dangling). The object under the Span
// panel's cursor is the selected one (reversed); ↑↓ here select the previous or next object
// and move the Span cursor with it. On a big heap the walk stops (ObjectGraph.limit): the
// selected object's neighbourhood comes first, the rest is counted.

import HeapEngine
import HeapScenario

enum ObjectsPanel {
    /// What the panel shows, and where each object is in it (for selection and scrolling).
    struct Content {
        var lines: [TextLine] = []
        /// Node bases in the order drawn (↑↓ move along it).
        var order: [UInt64] = []
        /// The line each object's row starts on.
        /// The line each object of `order` starts on.
        var lineOfOrder: [Int] = []
        /// The line the row of the object at `base` starts on (a search: at most a few
        /// hundred objects are drawn, and a dictionary cost more to build every frame).
        func line(of base: UInt64) -> Int? { order.firstIndex(of: base).map { lineOfOrder[$0] } }
        /// Rows whose last run is the object's address and size: where the row does not fit,
        /// the figure goes on below the name (left out in a narrow panel, see fit).
        var figures: [Int] = []
        /// Tree rows still to draw.
        var remaining = Int.max
        /// The collector's colours the rows show (the key explains only those).
        var colours: Set<ObjectColor> = []
        /// Whether rows show a cross reference (`=`) or a dangling pointer (`✗`).
        var crossReferences = false, dangling = false
        /// Roots past the cut that were given a row or two of their own pointers.
        var rootsPastCut = 0

        /// Puts `other`'s lines at line `at`, moving what was there (and its objects) down.
        mutating func insert(_ other: Content, at: Int) {
            let n = other.lines.count
            lines.insert(contentsOf: other.lines, at: at)
            figures = figures.map { $0 >= at ? $0 + n : $0 } + other.figures.map { $0 + at }
            lineOfOrder = other.lineOfOrder.map { $0 + at } + lineOfOrder.map { $0 >= at ? $0 + n : $0 }
            order = other.order + order
            colours.formUnion(other.colours)
            crossReferences = crossReferences || other.crossReferences
            dangling = dangling || other.dangling
        }

        /// The row each line starts on at the fitted width, and the total at the end.
        var starts: [Int] = []

        /// Drops the figures that do not fit and lays the lines out once.
        mutating func fit(width: Int) {
            starts = [0]
            starts.reserveCapacity(lines.count + 1)
            // A row too wide goes on below its name, its address and size whole (they were once
            // dropped at every size). In the narrow panel of an 80-column screen, whose few rows
            // a wrapped figure would push the tree out of, and where the guides take half the
            // width, the figure is left out (the Inspector and the Span panel have it).
            for i in figures where !lines[i].fitsAsIs(width) {
                let indent = lines[i].runs.first?.text.terminalWidth ?? 0
                if width >= ObjectsPanel.wrapFiguresFrom && indent > 0 && indent <= width / 2 { lines[i].hangingIndent = indent } else { lines[i].runs.removeLast() }
            }
            for i in lines.indices {
                starts.append(starts.last! + (lines[i].fitsAsIs(width) ? 1 : TextLayout.rows([lines[i]], width: width).count))
            }
        }
    }

    /// The narrowest panel whose too-wide rows wrap their figures rather than leave them out
    /// (at 80 columns the panel has 38).
    static let wrapFiguresFrom = 44

    /// Hops shown around the selected object when the walk did not reach everything.
    static let neighbourhoodHops = 2


    /// Indentation that wrapping keeps (non-breaking spaces).
    static func indent(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == " " ? TextLine.nbsp : $0 }))
    }

    /// The row each line starts on at `width` (and the total at the end).
    static func rowStarts(_ c: Content, width: Int) -> [Int] {
        if c.starts.count == c.lines.count + 1 { return c.starts }
        var out = [0]
        for l in c.lines { out.append(out.last! + TextLayout.rows([l], width: width).count) }
        return out
    }

    /// The first row to draw: the stored scroll, moved just enough to show the selection.
    static func firstRow(_ c: Content, rows: Int, _ ctx: PanelContext, _ r: Rect) -> Int {
        var first = ctx.view.scroll[.objects] ?? 0
        if let s = selected(ctx), let line = c.line(of: s.base) {
            let row = rowStarts(c, width: r.width)[line]
            if row < first { first = row } else if row >= first + r.height { first = row - r.height + 1 }
        }
        return max(0, min(first, rows - r.height))
    }

    /// The object whose row is at `row` of the content (counting from its first row).
    static func object(atRow row: Int, _ c: Content, width: Int) -> UInt64? {
        let starts = rowStarts(c, width: width)
        guard let line = (0..<c.lines.count).last(where: { starts[$0] <= row }), row < starts.last! else { return nil }
        return c.lineOfOrder.firstIndex(of: line).map { c.order[$0] }
    }

    /// How the panel draws an object's colour: glyph and letter, in that colour. Outside
    /// marking, and after a span is swept, objects have no colour worth showing.
    static func colorState(_ ctx: PanelContext, _ o: Heap.ObjectRef) -> ObjectColor? {
        let marking = ctx.heap.gc.phase == .mark || ctx.heap.gc.phase == .marktermination
        if marking { return ctx.heap.color(of: o) }
        let s = ctx.heap.mheap.allspans[o.span.index]
        return s.sweepgen == ctx.heap.mheap.sweepgen &- 2 ? ctx.heap.color(of: o) : nil
    }

    /// "○W", "◐G", "●B" (ASCII "[W]"…) in the object's colour.
    static func colorRun(_ ctx: PanelContext, _ c: ObjectColor) -> TextRun {
        let g = ctx.glyphs
        let (glyph, letter): (Unicode.Scalar, String) = switch c {
        case .white: (g.white, "W")
        case .grey: (g.grey, "G")
        case .black: (g.black, "B")
        }
        // ASCII's glyphs are letters already: the capital in brackets ("[G]").
        return TextRun(g.asciiOnly ? "[\(letter)]" : String(glyph) + letter, ctx.theme.objectStyle(c))
    }

    /// The mark text alone (for keys).
    static func mark(_ ctx: PanelContext, _ c: ObjectColor) -> String { colorRun(ctx, c).text }

    /// The object under the Span panel's cursor, if any.
    static func selected(_ ctx: PanelContext) -> Heap.ObjectRef? {
        guard let id = ctx.selectedSpan else { return nil }
        let s = ctx.heap.mheap.allspans[id.index]
        return ctx.heap.findObject(ctx.heap.base(of: id) &+ UInt64(ctx.view.cursorSlot * s.elemsize))
    }

    static func content(_ ctx: PanelContext, key: Bool = true, width: Int = .max) -> Content {
        if key, let cached = ctx.cachedObjects, cached.width == width { return cached.content }
        var c = content(ctx, ctx.graph, key: key, width: width)
        c.fit(width: width)
        return c
    }

    /// The key in a few words, for the bottom border when the key line has no room.
    static func borderKey(_ ctx: PanelContext) -> String { borderKeys(ctx)[0] }

    /// The border key, longest first: the view draws the first that fits. `coloured`: whether
    /// any row shows kept/freed marks (after marking, only objects in spans not yet swept do);
    /// nil when the caller has not laid the rows out (presenter mode's title bar).
    static func borderKeys(_ ctx: PanelContext, coloured: Bool? = nil) -> [String] {
        let (w, gr, b) = (mark(ctx, .white), mark(ctx, .grey), mark(ctx, .black))
        if ctx.heap.gc.phase == .mark || ctx.heap.gc.phase == .marktermination {
            return [" \(w) white \(gr) grey \(b) black ", " W/G/B: white/grey/black "]
        }
        if coloured ?? unswept(ctx.heap) { return [" \(b) kept \(w) freed ", " B kept, W freed "] }
        return [" ─▶ pointer "]
    }

    /// Whether spans are left to sweep. The sweep phase lasts until a sweeper finds none left,
    /// so it can show with none: then no row is marked kept or freed, and no key says they are.
    static func unswept(_ heap: Heap) -> Bool {
        heap.gc.phase == .sweep
            && heap.mheap.allspans.contains { $0.state == .inUse && $0.sweepgen == heap.mheap.sweepgen &- 2 }
    }

    static func content(_ ctx: PanelContext, _ graph: ObjectGraph, key withKey: Bool = true, width: Int = .max) -> Content {
        var c = Content()
        let gray = ctx.theme.fg(.gray)
        let sel = selected(ctx)
        let marking = ctx.heap.gc.phase == .mark || ctx.heap.gc.phase == .marktermination
        if marking {
            let q = ctx.heap.gc.workQueue
            if q.isEmpty {
                c.lines.append(ctx.line("grey queue: empty", gray))
            } else {
                let shown = q.reversed().prefix(8).map { graph.name(of: $0) ?? hexAddress($0) }
                c.lines.append(ctx.line("grey queue, next scanned first: " + shown.joined(separator: ", ")
                                        + (q.count > 8 ? " and \(q.count - 8) more" : ""), ctx.theme.fg(.normal, bold: true)))
            }
            let left = ctx.heap.gc.rootJobs.dropFirst(ctx.heap.gc.rootNext).map { job -> String in
                switch job {
                case .globals: "globals"
                case .stack(let id): "stack of \(ctx.heap.goroutines[id.index].name)"
                }
            }
            if !left.isEmpty {
                c.lines.append(ctx.line("root jobs left: " + left.prefix(6).joined(separator: ", ") + (left.count > 6 ? " and \(left.count - 6) more" : "")))
            }
        }
        // A big heap: the tree is cut after `bigHeapRows` rows (the frame's budget); the note
        // that says so, and the selected object's neighbourhood when the tree does not show
        // it, go here once the tree is drawn.
        let noteAt = c.lines.count
        if !graph.complete { c.remaining = bigHeapRows }
        freedThisStep(ctx, into: &c)
        for group in graph.groups {
            var title = group.title
            if let id = group.goroutine, let color = ctx.heap.stackColor(id) {
                title += color == .grey ? " — grey: not yet scanned" : " — black: scanned"
            }
            c.lines.append(ctx.line(title, ctx.theme.fg(.cyan, bold: true)))
            if group.roots.isEmpty { c.lines.append(ctx.line(indent("  ") + "(no variables)", gray)) }
            // Every root has its row, however far the tree above it went.
            for r in group.roots {
                var runs = [TextRun(indent("  ") + ctx.t(r.name), .plain)]
                if r.value == 0 {
                    runs.append(TextRun(" = nil", gray))
                    c.lines.append(TextLine(runs: runs))
                    continue
                }
                runs.append(TextRun(ctx.t(" ─▶ "), gray))
                runs += target(ctx, graph, r.value, node: r.node, placed: r.placed, selected: sel?.base, isRoot: true, marks: &c)
                if r.placed, let n = r.node { c.order.append(graph.nodes[n].base); c.lineOfOrder.append(c.lines.count) }
                c.lines.append(TextLine(runs: runs))
                if r.placed, let n = r.node {
                    // Past the cut, the first roots still show their own pointers.
                    if c.remaining <= 0 && c.rootsPastCut < 16 { c.rootsPastCut += 1; c.remaining = 2 }
                    if c.remaining > 0 {
                        subtree(ctx, graph, n, name: .root(r.name), indent: indent("    "), selected: sel?.base,
                                maxDepth: maxIndentDepth(width: width), into: &c)
                    }
                }
            }
        }
        unreachable(ctx, graph, into: &c)
        if !graph.complete {
            var top = Content()
            let inUse = Int(ctx.heap.readMemStats().heapObjects)
            let drawn = c.order.count
            top.lines.append(ctx.line("A big heap: \(drawn) objects drawn, \(max(0, inUse - drawn)) more in use; select one (↑↓ here, or in the Span panel) to see it and what it points to.", gray))
            if let s = sel, !c.order.contains(s.base) { neighbourhood(ctx, graph, s, into: &top) }
            c.insert(top, at: noteAt)
        }
        // The key (last), for the marks the rows show.
        let (w, gr, b) = (mark(ctx, .white), mark(ctx, .grey), mark(ctx, .black))
        let bind = TextLine.bind
        var parts: [String] = []
        if marking {
            parts = [bind(w, "white"), bind(gr, "grey"), bind(b, "black")]
        } else if !c.colours.isEmpty {
            parts = [bind(b, "marked, kept"), bind(w, "unmarked: the sweep frees it")]
        }
        parts.append(bind("─▶", "pointer"))
        if c.crossReferences { parts.append(bind("=", "drawn elsewhere")) }
        if c.dangling { parts.append(bind("✗", "dangling")) }
        if !marking && c.colours.isEmpty { parts.append("(colours show while the collector marks)") }
        let key = "key: " + parts.joined(separator: "  ")
        if withKey { c.lines.append(ctx.line(key, gray)) }
        return c
    }

    /// Tree rows drawn when the walk did not reach everything (a frame's budget).
    static let bigHeapRows = 32

    /// The rows under node `n`: each of its pointers, and the subtree of each object it
    /// placed, depth first (an explicit stack: a list a million long must not recurse).
    /// How many levels the tree indents at `width` columns: five where there is room, fewer
    /// in a narrow panel, so that the indentation takes at most about a third of the row and
    /// a deep chain's names stay on their arrows' rows (at 80×24 they once wrapped to column 0).
    static func maxIndentDepth(width: Int) -> Int {
        max(1, min(5, (width / 3 - 4) / 3))
    }

    static func subtree(_ ctx: PanelContext, _ graph: ObjectGraph, _ n: Int, name: ObjectGraph.NamePath, indent: String, selected: UInt64?,
                        maxDepth: Int = 5, into c: inout Content) {
        // Each entry: a node, its name, the next edge to draw, and the guides before its rows.
        var stack: [(node: Int, name: ObjectGraph.NamePath, edge: Int, guides: String)] = [(n, name, 0, indent)]
        while let top = stack.last {
            if c.remaining <= 0 {
                // The frame's budget is spent: say so where the tree stops.
                c.lines.append(ctx.line(top.guides + "⋯ cut here (the tree's first rows only)", ctx.theme.fg(.gray)))
                break
            }
            let node = graph.nodes[top.node]
            if top.edge >= node.edges.count {
                if node.moreEdges { c.lines.append(ctx.line(top.guides + "└ … more pointers (the first \(ObjectGraph.edgeLimit) are drawn)", ctx.theme.fg(.gray))) }
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].edge += 1
            c.remaining -= 1
            let e = node.edges[top.edge]
            let last = top.edge == node.edges.count - 1 && !node.moreEdges
            let label = graph.label(top.node, word: e.word, ctx.playback.machine)
            let childName = ObjectGraph.childName(top.name, label)
            var runs = [TextRun(ctx.t(top.guides + (last ? "└─" : "├─") + label + "─▶ "), ctx.theme.fg(.gray))]
            runs += target(ctx, graph, e.target, node: e.node, placed: e.placed, selected: selected, name: childName.text, marks: &c)
            if e.placed { c.figures.append(c.lines.count) }
            if e.placed, let t = e.node { c.order.append(graph.nodes[t].base); c.lineOfOrder.append(c.lines.count) }
            c.lines.append(TextLine(runs: runs))
            if e.placed, let t = e.node {
                // Deep chains stop indenting (their names say the path).
                let guides = stack.count >= maxDepth ? top.guides : top.guides + Self.indent(last ? "   " : "│  ")
                stack.append((t, childName, 0, guides))
            }
        }
    }

    /// What a pointer leads to: the object (colour, name, address, size), a cross reference to
    /// where it is drawn, or a mark that no live object is there.
    static func target(_ ctx: PanelContext, _ graph: ObjectGraph, _ addr: UInt64, node: Int?, placed: Bool, selected: UInt64?,
                       isRoot: Bool = false, name: String = "", marks c: inout Content) -> [TextRun] {
        guard let o = ctx.heap.findObject(addr) else {
            c.dangling = true
            return [TextRun(ctx.t("✗ " + TextLine.bind(hexAddress(addr), "freed: dangling")), ctx.theme.fg(.red, bold: true))]
        }
        var runs: [TextRun] = []
        if let cs = colorState(ctx, o) { runs.append(colorRun(ctx, cs)); runs.append(TextRun(" ")); c.colours.insert(cs) }
        let isSelected = o.base == selected
        let nameStyle = CellStyle(bold: true, reverse: isSelected, underline: ctx.changes.objects.contains(o.base))
        guard let n = node else {
            runs.append(TextRun(TextLine.bind(hexAddress(addr), "(not drawn)"), CellStyle(reverse: isSelected)))
            return runs
        }
        if !placed {
            c.crossReferences = true
            runs.append(TextRun("= " + ctx.t(graph.name(n)), nameStyle))
            return runs
        }
        let s = ctx.heap.mheap.allspans[o.span.index]
        let figures = TextLine.bind(hexAddress(o.base), "\(s.elemsize) B")
        // A root's object is called by the root's name, already on the row.
        if isRoot {
            runs.append(TextRun(figures, nameStyle))
        } else {
            runs.append(TextRun(ctx.t(name), nameStyle))
            runs.append(TextRun(" " + figures, ctx.theme.fg(.gray)))
        }
        return runs
    }

    /// The selected object and what it points to, `neighbourhoodHops` deep, when the walk did
    /// not reach it.
    static func neighbourhood(_ ctx: PanelContext, _ graph: ObjectGraph, _ o: Heap.ObjectRef, into c: inout Content) {
        var runs = [TextRun("selected ", ctx.theme.fg(.cyan, bold: true))]
        if let cs = colorState(ctx, o) { runs.append(colorRun(ctx, cs)); runs.append(TextRun(" ")); c.colours.insert(cs) }
        runs.append(TextRun(ctx.t(graph.name(of: o.base).map { "\($0) " } ?? "") + hexAddress(o.base), CellStyle(bold: true, reverse: true)))
        c.order.append(o.base)
        c.lineOfOrder.append(c.lines.count)
        c.lines.append(TextLine(runs: runs))
        // Depth first with an explicit stack, each object's pointers right under it.
        typealias Frame = (ptrs: [(word: Int, value: UInt64)], more: Bool, next: Int, base: UInt64, depth: Int, guides: String)
        func frame(_ r: Heap.ObjectRef, _ depth: Int, _ guides: String) -> Frame {
            let (p, m) = ctx.heap.firstPointers(of: r, limit: 8)
            return (p, m, 0, r.base, depth, guides)
        }
        var stack: [Frame] = [frame(o, 0, indent("  "))]
        while let top = stack.last {
            if top.next >= top.ptrs.count {
                if top.more { c.lines.append(ctx.line(top.guides + "└ … more pointers", ctx.theme.fg(.gray))) }
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let (word, v) = top.ptrs[top.next]
            let last = top.next == top.ptrs.count - 1 && !top.more
            let label = ctx.playback.machine.fieldName(of: top.base, word: word)
            var r = [TextRun(ctx.t(top.guides + (last ? "└─" : "├─") + label + "─▶ "), ctx.theme.fg(.gray))]
            if let t = ctx.heap.findObject(v) {
                if let cs = colorState(ctx, t) { r.append(colorRun(ctx, cs)); r.append(TextRun(" ")); c.colours.insert(cs) }
                r.append(TextRun(ctx.t(graph.name(of: t.base) ?? hexAddress(t.base)), CellStyle(bold: true)))
                c.lines.append(TextLine(runs: r))
                if top.depth + 1 < neighbourhoodHops { stack.append(frame(t, top.depth + 1, top.guides + Self.indent(last ? "   " : "│  "))) }
            } else {
                c.dangling = true
                r.append(TextRun(ctx.t("✗ " + TextLine.bind(hexAddress(v), "freed: dangling")), ctx.theme.fg(.red, bold: true)))
                c.lines.append(TextLine(runs: r))
            }
        }
    }

    /// The most objects in use for which the unreachable ones are listed (a teaching heap).
    static let unreachableListLimit = 256

    /// Objects in use that no root reaches — garbage the next sweep frees (or a P's tiny
    /// block, kept by its mcache) — listed on a small heap whose walk was complete.
    static func unreachable(_ ctx: PanelContext, _ graph: ObjectGraph, into c: inout Content) {
        guard graph.complete, ctx.heap.readMemStats().heapObjects <= UInt64(unreachableListLimit) else { return }
        let heap = ctx.heap
        let tiny = Set(heap.mcaches.enumerated().compactMap { $0.element.tiny == 0 ? nil : ($0.element.tiny, $0.offset) }.map { $0.0 })
        var rows: [TextLine] = []
        var bases: [UInt64] = []
        for i in heap.mheap.allspans.indices where heap.mheap.allspans[i].state == .inUse {
            let id = SpanID(i)
            let s = heap.mheap.allspans[i]
            for slot in 0..<Int(s.nelems) where heap.mheap.isSlotAllocated(id, slot: slot) {
                let base = heap.base(of: id) &+ UInt64(slot * s.elemsize)
                guard graph.index[base] == nil else { continue }
                var runs = [TextRun(indent("  "))]
                if let o = heap.findObject(base), let cs = colorState(ctx, o) {
                    runs.append(colorRun(ctx, cs)); runs.append(TextRun(" ")); c.colours.insert(cs)
                }
                runs.append(TextRun(TextLine.bind(hexAddress(base), "\(s.elemsize) B"),
                                    CellStyle(bold: true, reverse: base == selected(ctx)?.base, underline: ctx.changes.objects.contains(base))))
                if tiny.contains(base) { runs.append(TextRun(" (a P's tiny block: its mcache keeps it)", ctx.theme.fg(.gray))) }
                rows.append(TextLine(runs: runs))
                bases.append(base)
            }
        }
        guard !rows.isEmpty else { return }
        c.lines.append(ctx.line("not reachable from any root (the next sweep frees what is not marked):", ctx.theme.fg(.cyan, bold: true)))
        for (r, b) in zip(rows, bases) {
            c.order.append(b)
            c.lineOfOrder.append(c.lines.count)
            c.lines.append(r)
        }
    }

    /// Objects the step freed (the sweep), by address: they are no longer in the graph.
    static func freedThisStep(_ ctx: PanelContext, into c: inout Content) {
        // Only a sweep frees: nothing to look for when the step freed no slot.
        guard let before = ctx.playback.heapBefore, before.mheap.nsmallfree != ctx.heap.mheap.nsmallfree
              || before.mheap.nlargefree != ctx.heap.mheap.nlargefree else { return }
        let freed = ctx.changes.objects.filter { before.findObject($0) != nil && ctx.heap.findObject($0) == nil }.sorted()
        // How many: the sweep's own counts (small objects by class, large ones), not the
        // addresses found, which the step's changes look for in its first spans only (a
        // cycle that freed 640 large objects once listed one).
        let small = zip(ctx.heap.mheap.nsmallfree, before.mheap.nsmallfree).reduce(0) { $0 + Int($1.0 &- $1.1) }
        let total = max(freed.count, small + Int(ctx.heap.mheap.nlargefree &- before.mheap.nlargefree))
        guard total > 0 else { return }
        let shown = freed.prefix(6)
        let rest = total - shown.count
        c.lines.append(ctx.line("freed by this step (the sweep): "
                                + (shown.isEmpty ? "\(total) object\(total == 1 ? "" : "s")"
                                   : shown.map(hexAddress).joined(separator: ", ") + (rest > 0 ? " and \(rest) more" : "")), ctx.theme.fg(.red)))
    }
}
