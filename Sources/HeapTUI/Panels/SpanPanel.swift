// The selected span: its mspan fields, then its slots as a grid — allocated or free, and
// during a GC cycle the mark colour of each object (○ white, ◐ grey, ● black).

import HeapEngine

enum SpanPanel {
    /// Rows above the slot grid (the mspan fields).
    static let gridTop = 2
    /// Screen columns per slot: two in presenter mode (the glyph and a space).
    static func cellWidth(_ ctx: PanelContext) -> Int { ctx.theme.presenter ? 2 : 1 }

    /// The slot under screen cell (x, y) of the panel's inside `r`, if it shows one.
    static func slot(atX x: Int, y: Int, _ ctx: PanelContext, _ r: Rect) -> Int? {
        guard let id = ctx.selectedSpan, x >= r.x, y >= r.y + gridTop, y < r.y + r.height else { return nil }
        let columns = r.width / cellWidth(ctx)
        let column = (x - r.x) / cellWidth(ctx)
        guard column < columns else { return nil }
        let slot = (y - r.y - gridTop) * columns + column
        return slot < Int(ctx.heap.mheap.spans[id.index].nelems) ? slot : nil
    }

    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let heap = ctx.heap
        let g = ctx.glyphs
        guard let id = ctx.selectedSpan else {
            screen.write("page \(ctx.view.cursorPage): no span in use here (move the arena cursor)", in: r, row: 0,
                         style: ctx.theme.fg(.gray))
            return
        }
        let s = heap.mheap.spans[id.index]
        let header = "span \(id.index): class \(s.spanclass)\(s.isLarge ? " (large)" : ""), elemsize \(s.elemsize), npages \(s.npages), nelems \(s.nelems)"
        screen.write(header, in: r, row: 0)
        let fields = "allocCount \(s.allocCount)  freeindex \(s.freeindex)  allocCache \(hex16(s.allocCache))  sweepgen \(s.sweepgen)/\(heap.mheap.sweepgen)  list \(s.list)"
        screen.write(fields, in: r, row: 1, style: ctx.theme.fg(.gray))
        let marking = heap.gc.phase == .mark || heap.gc.phase == .marktermination || heap.gc.phase == .sweep
        let rows = r.height - gridTop
        let cw = cellWidth(ctx)
        let columns = r.width / cw
        guard rows > 0, columns > 0 else { return }
        let n = Int(s.nelems)
        let capacity = rows * columns
        for slot in 0..<min(n, capacity) {
            let base = heap.base(of: id) &+ UInt64(slot * s.elemsize)
            var glyph = g.freeSlot
            var style = ctx.theme.fg(.gray)
            if let o = heap.findObject(base), o.base == base {
                if marking {
                    switch heap.color(of: o) {
                    case .white: glyph = g.white; style = ctx.theme.fg(.normal)
                    case .grey: glyph = g.grey; style = ctx.theme.fg(.yellow, bold: true)
                    case .black: glyph = g.black; style = ctx.theme.fg(.cyan, bold: true)
                    }
                } else {
                    glyph = g.usedSlot
                    style = ctx.theme.fg(ctx.classColor(s.spanclass.sizeclass))
                }
            }
            if ctx.changes.objects.contains(base) { style.underline = true; style.bold = true }
            if ctx.view.focus == .span && slot == ctx.view.cursorSlot { style.reverse = true }
            screen[r.x + (slot % columns) * cw, r.y + gridTop + slot / columns] = Cell(glyph, style: style)
        }
        if n > capacity {
            screen.write("… \(n - capacity) more slots", in: r, row: r.height - 1, column: max(0, r.width - 20), style: ctx.theme.fg(.gray))
        }
    }

    static func hex16(_ v: UInt64) -> String {
        let h = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 16 - h.count)) + h
    }
}
