// mcache: per P, the cached span of each span class and the tiny block with its offset.

import HeapEngine

enum MCachePanel {
    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let heap = ctx.heap
        var row = 0
        for (p, mc) in heap.mcaches.enumerated() {
            if row >= r.height { return }
            var cached: [String] = []
            for (i, id) in mc.alloc.enumerated() where !id.isNone {
                cached.append("\(SpanClass(rawValue: UInt8(i))):s\(id.index)")
            }
            let tiny = mc.tiny == 0 ? "tiny —" : "tiny \(hexAddress(mc.tiny))+\(mc.tinyoffset)"
            screen.write("p\(p) ", in: r, row: row, style: ctx.theme.fg(.normal, bold: true))
            screen.write(tiny + "  " + (cached.isEmpty ? "(no cached spans)" : cached.joined(separator: " ")), in: r, row: row, column: 3)
            row += 1
        }
    }
}
