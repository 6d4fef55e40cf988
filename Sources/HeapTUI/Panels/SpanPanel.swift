// The selected span: its mspan fields (wrapped, never cut), then its slots as a grid —
// allocated or free, and what the collector knows of each object:
//
//   while marking           ○ white, ◐ grey, ● black (the mark bits and the work queue)
//   sweeping, not yet swept ● black: marked, it survives; ○ white: unmarked, the sweep frees it
//   otherwise               ■ allocated, · free
//
// The grid scrolls to keep the cursor in view; the border says how many rows are above and
// below.

import HeapEngine

enum SpanPanel {
    /// Screen columns per slot: two in presenter mode (the glyph and a space).
    static func cellWidth(_ ctx: PanelContext) -> Int { ctx.theme.presenter ? 2 : 1 }

    /// The header's lines: the span and its mspan fields.
    static func header(_ ctx: PanelContext, _ id: SpanID, key: Bool = true) -> [TextLine] {
        let heap = ctx.heap
        let s = heap.mheap.allspans[id.index]
        let sg = heap.mheap.sweepgen
        // The sweepgen states of mheap.go (go1.12), relative to h.sweepgen.
        let swept: String
        switch s.sweepgen {
        case sg &- 2: swept = "needs sweeping"
        case sg &- 1: swept = "being swept"
        case sg: swept = "swept"
        case sg &+ 1: swept = "cached, needs sweeping"
        case sg &+ 3: swept = "cached, swept"
        default: swept = "?"
        }
        let b = TextLine.bind
        let first = [b("span", "\(id.index):"), b("class", "\(s.spanclass)\(s.isLarge ? " (large)" : "")"),
                     b("elemsize", "\(s.elemsize)"), b("npages", "\(s.npages)"), b("nelems", "\(s.nelems)")].joined(separator: "  ")
        let second = [b("allocCount", "\(s.allocCount)"), b("freeindex", "\(s.freeindex)"),
                      b("allocCache", hex16(s.allocCache)), b("sweepgen", "\(s.sweepgen)/\(sg) (\(swept))"),
                      Self.listField(ctx.heap, s, b)].joined(separator: "  ")
        return [ctx.line(first), ctx.line(second, ctx.theme.fg(.gray))] + (key ? [ctx.line(legend(ctx, s), ctx.theme.fg(.gray))] : [])
    }

    /// Where mcentral keeps the span: go1.12's list, or go1.25's set named as the mcentral
    /// panel names it (swept or unswept at this sweepgen; none while cached).
    static func listField(_ heap: Heap, _ s: MSpan, _ b: (String, String) -> String) -> String {
        guard heap.profile.mcentralShape == .spanSets, s.state == .inUse else { return b("list", "\(s.list)") }
        switch s.list {
        case .partial0, .partial1, .full0, .full1:
            let index = s.list == .partial0 || s.list == .full0 ? 0 : 1
            let swept = index == Int(heap.mheap.sweepgen / 2 % 2)
            let full = s.list == .full0 || s.list == .full1
            return b("set", "\(full ? "full" : "partial") \(swept ? "swept" : "unswept")")
        default:
            return b("set", "none (cached, or being swept)")
        }
    }

    /// Whether the header has room for the key line (else the key goes on the border).
    static func keyInHeader(_ ctx: PanelContext, _ id: SpanID, _ r: Rect) -> Bool {
        TextLayout.rows(header(ctx, id), width: r.width).count + 3 <= r.height
    }

    /// The key in a few words, for the bottom border of a small panel.
    static func borderKey(_ ctx: PanelContext, _ s: MSpan) -> String { borderKeys(ctx, s)[0] }

    /// The key in a few words, then shorter: the border takes the longest that fits beside
    /// its "more" note (at 80×24 the marking colours once had no key at all).
    static func borderKeys(_ ctx: PanelContext, _ s: MSpan) -> [String] {
        let g = ctx.glyphs, heap = ctx.heap
        let marking = heap.gc.phase == .mark || heap.gc.phase == .marktermination
        // Every form names the free glyph too: free slots are drawn in every state. In ASCII
        // the glyphs are the colours' initials already (w g b), so the short form names them.
        if marking {
            if g.asciiOnly {
                return [" w white g grey b black . free ", " w/g/b: white/grey/black . free ", " w/g/b colour . free ", " w/g/b colour "]
            }
            return [" \(g.white) white \(g.grey) grey \(g.black) black \(g.freeSlot) free ",
                    " \(g.white)W \(g.grey)G \(g.black)B \(g.freeSlot) free ", " \(g.white)W \(g.grey)G \(g.black)B "]
        }
        if s.sweepgen == heap.mheap.sweepgen &- 2 {
            // In ASCII the glyphs are letters: a space between glyph and word ("bkept" once).
            if g.asciiOnly { return [" b kept w freed . free ", " b kept w freed .free ", " b kept w freed "] }
            return [" \(g.black) kept \(g.white) freed \(g.freeSlot) free ", " \(g.black)kept \(g.white)freed \(g.freeSlot)free ", " \(g.black)kept \(g.white)freed "]
        }
        return [" \(g.usedSlot) used \(g.freeSlot) free ", " \(g.usedSlot)used \(g.freeSlot)free "]
    }

    /// The key to the grid's glyphs in the span's present state (see the file header).
    static func legend(_ ctx: PanelContext, _ s: MSpan) -> String {
        let g = ctx.glyphs, heap = ctx.heap
        let marking = heap.gc.phase == .mark || heap.gc.phase == .marktermination
        let unswept = !marking && s.sweepgen == heap.mheap.sweepgen &- 2
        if marking { return "key: \(g.white) white  \(g.grey) grey  \(g.black) black  \(g.freeSlot) free" }
        if unswept { return "key: \(g.black) marked, survives  \(g.white) unmarked, the sweep frees it  \(g.freeSlot) free" }
        return "key: \(g.usedSlot) used (allocated)  \(g.freeSlot) free"
    }

    /// Where the grid goes inside `r`, its columns, and the first row shown (so the cursor is).
    static func gridLayout(_ ctx: PanelContext, _ r: Rect, _ id: SpanID) -> (grid: Rect, columns: Int, firstRow: Int, header: [[TextRun]]) {
        // The key takes a row only where the grid keeps at least three (help explains it too).
        let headerRows = TextLayout.rows(header(ctx, id, key: keyInHeader(ctx, id, r)), width: r.width)
        let h = min(headerRows.count, max(0, r.height - 1))
        let grid = Rect(x: r.x, y: r.y + h, width: r.width, height: r.height - h)
        let columns = max(1, r.width / cellWidth(ctx))
        let cursorRow = ctx.view.cursorSlot / columns
        let firstRow = grid.height > 0 ? max(0, cursorRow - grid.height + 1) : 0
        return (grid, columns, firstRow, Array(headerRows.prefix(h)))
    }

    /// The slot under screen cell (x, y) of the panel's inside `r`, if it shows one.
    static func slot(atX x: Int, y: Int, _ ctx: PanelContext, _ r: Rect) -> Int? {
        guard let id = ctx.selectedSpan else { return nil }
        let (grid, columns, firstRow, _) = gridLayout(ctx, r, id)
        guard x >= grid.x, y >= grid.y, y < grid.y + grid.height else { return nil }
        let column = (x - grid.x) / cellWidth(ctx)
        guard column < columns else { return nil }
        let slot = (y - grid.y + firstRow) * columns + column
        return slot < Int(ctx.heap.mheap.allspans[id.index].nelems) ? slot : nil
    }

    @discardableResult
    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) -> PanelOverflow {
        let heap = ctx.heap
        let g = ctx.glyphs
        guard let id = ctx.selectedSpan else {
            let text = ctx.line("page \(ctx.view.cursorPage): no span in use here — move the arena cursor, or f to follow each step's span",
                                ctx.theme.fg(.gray))
            screen.draw(TextLayout.rows([text], width: r.width), in: r, from: 0)
            return .none
        }
        let s = heap.mheap.allspans[id.index]
        let (grid, columns, firstRow, header) = gridLayout(ctx, r, id)
        screen.draw(header, in: r, from: 0)
        let sg = heap.mheap.sweepgen
        let marking = heap.gc.phase == .mark || heap.gc.phase == .marktermination
        let unswept = heap.gc.phase != .mark && heap.gc.phase != .marktermination && s.sweepgen == sg &- 2
        let cw = cellWidth(ctx)
        let n = Int(s.nelems)
        let totalRows = (n + columns - 1) / columns
        guard grid.height > 0 else { return PanelOverflow(above: 0, below: totalRows) }
        let base0 = heap.base(of: id)
        for row in firstRow..<min(totalRows, firstRow + grid.height) {
            for column in 0..<columns {
                let slot = row * columns + column
                guard slot < n else { break }
                let base = base0 &+ UInt64(slot * s.elemsize)
                var glyph = g.freeSlot
                var style = ctx.theme.fg(.gray)
                if heap.mheap.isSlotAllocated(id, slot: slot) {
                    if marking || unswept {
                        let color = heap.color(span: id, slot: slot)
                        switch color {
                        case .white: glyph = g.white
                        case .grey: glyph = g.grey
                        case .black: glyph = g.black
                        }
                        style = ctx.theme.objectStyle(color)
                    } else {
                        glyph = g.usedSlot
                        style = ctx.theme.fg(ctx.classColor(s.spanclass.sizeclass))
                    }
                }
                if ctx.changes.objects.contains(base) { style.underline = true; style.bold = true }
                // The selection shows here also while the Objects panel (which selects it) has focus.
                if (ctx.view.focus == .span || ctx.view.focus == .objects) && slot == ctx.view.cursorSlot { style.reverse = true }
                for dx in 0..<cw {
                    screen[grid.x + column * cw + dx, grid.y + row - firstRow] = Cell(dx == 0 ? glyph : " ", style: style)
                }
            }
        }
        return PanelOverflow(above: firstRow, below: max(0, totalRows - firstRow - grid.height))
    }

    static func hex16(_ v: UInt64) -> String {
        let h = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 16 - h.count)) + h
    }
}
