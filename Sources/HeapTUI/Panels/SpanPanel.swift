// The selected span: its mspan fields, then its slots as a grid — allocated or free, and
// during a GC cycle the mark colour of each object (○ white, ◐ grey, ● black).

import HeapEngine

enum SpanPanel {
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
        let gridTop = 2
        let rows = r.height - gridTop
        guard rows > 0 else { return }
        let n = Int(s.nelems)
        let capacity = rows * r.width
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
            screen[r.x + slot % r.width, r.y + gridTop + slot / r.width] = Cell(glyph, style: style)
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
