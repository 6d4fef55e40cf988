// The arena: one cell per page (or per group of pages), spans drawn as runs by state.
//
//   █▇▆…▁  a span in use, by occupancy (allocCount / nelems), coloured by size class
//   ▓      a large object's span
//   ░      free pages, still mapped (HeapIdle)
//   ·      free pages released to the OS (HeapReleased)
//   (blank) address space not mapped yet
//   underlined, bold: pages the last step touched (StepChanges)
//
// The view covers the pages in use plus a margin, at least one page per cell.

import HeapEngine

enum ArenaPanel {
    /// Pages per cell for a panel of `cells` cells.
    static func pagesPerCell(_ heap: Heap, cells: Int) -> (perCell: Int, extent: Int) {
        var highest = 0
        for s in heap.mheap.spans where s.state == .inUse { highest = max(highest, Int(s.startPage + s.npages)) }
        let extent = min(heap.mheap.arenaPages, max(64, highest + highest / 4 + 1))
        return (max(1, (extent + cells - 1) / max(1, cells)), extent)
    }

    /// Screen columns per cell: two in presenter mode (bigger, squarer cells for a projector).
    static func cellWidth(_ ctx: PanelContext) -> Int { ctx.theme.presenter ? 2 : 1 }

    /// Cells per row and in all (the last row is the legend).
    static func grid(_ ctx: PanelContext, _ r: Rect) -> (columns: Int, cells: Int) {
        let columns = r.width / cellWidth(ctx)
        return (columns, columns * max(0, r.height - 1))
    }

    /// The page under screen cell (x, y) of the panel's inside `r`, if it shows one.
    static func page(atX x: Int, y: Int, _ ctx: PanelContext, _ r: Rect) -> Int? {
        let (columns, cells) = grid(ctx, r)
        guard cells > 0, x >= r.x, y >= r.y, y < r.y + r.height - 1 else { return nil }
        let column = (x - r.x) / cellWidth(ctx)
        guard column < columns else { return nil }
        let (per, extent) = pagesPerCell(ctx.heap, cells: cells)
        let page = ((y - r.y) * columns + column) * per
        return page < min(extent, ctx.heap.mheap.arenaPages) ? page : nil
    }

    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let heap = ctx.heap
        let g = ctx.glyphs
        let (columns, cells) = grid(ctx, r)
        let cw = cellWidth(ctx)
        guard cells > 0 else { return }
        let (per, _) = pagesPerCell(heap, cells: cells)
        // One pass over the spans: what each page is.
        var kind = [UInt8](repeating: 0, count: min(heap.mheap.arenaPages, cells * per))  // 0 unmapped 1 free 2 released 3 used 4 large
        var occ = [Double](repeating: 0, count: kind.count)
        var cls = [Int](repeating: 0, count: kind.count)
        for p in 0..<min(kind.count, heap.mheap.mappedPages) { kind[p] = 1 }
        for s in heap.mheap.spans where s.state == .inUse || s.state == .free {
            let start = Int(s.startPage)
            for p in start..<min(kind.count, start + Int(s.npages)) {
                if s.state == .free { kind[p] = s.scavenged ? 2 : 1; continue }
                kind[p] = s.isLarge ? 4 : 3
                occ[p] = s.nelems > 0 ? Double(s.allocCount) / Double(s.nelems) : 1
                cls[p] = s.spanclass.sizeclass
            }
        }
        for i in 0..<cells {
            let lo = i * per, hi = min(kind.count, lo + per)
            guard lo < hi else { break }
            var best: UInt8 = 0
            var o = 0.0, n = 0, c = 0
            for p in lo..<hi {
                let k = kind[p]
                if k >= 3 { o += occ[p]; n += 1; c = cls[p] }
                if k == 4 || (k == 3 && best != 4) || (k < 3 && best < 3 && k > best) { best = max(best, k) }
            }
            let glyph: Unicode.Scalar
            var style = CellStyle.plain
            switch best {
            case 4: glyph = g.large; style = ctx.theme.fg(.white)
            case 3:
                let f = n > 0 ? o / Double(n) : 0
                glyph = g.occupancy[min(g.occupancy.count - 1, Int(f * Double(g.occupancy.count - 1) + 0.5))]
                style = ctx.theme.fg(ctx.classColor(c))
            case 2: glyph = g.released; style = ctx.theme.fg(.gray)
            case 1: glyph = g.free; style = ctx.theme.fg(.gray)
            default: glyph = g.unmapped
            }
            if ctx.changes.anyPage(in: lo..<hi) { style.underline = true; style.bold = true }
            let cursorCell = ctx.view.cursorPage / per == i
            if cursorCell && ctx.view.focus == .arena { style.reverse = true }
            for dx in 0..<cw { screen[r.x + (i % columns) * cw + dx, r.y + i / columns] = Cell(glyph, style: style) }
        }
        let legend = "\(per) page\(per == 1 ? "" : "s")/cell  \(String(g.occupancy.last!)) full \(String(g.occupancy.first!)) sparse \(String(g.large)) large \(String(g.free)) idle \(String(g.released)) released"
        screen.write(legend, in: r, row: r.height - 1, style: ctx.theme.fg(.gray))
    }
}
