// MemStats figures, with a sparkline of HeapAlloc over the steps seen so far.

import HeapEngine

enum StatsPanel {
    static func draw(_ ctx: PanelContext, history: [UInt64], into screen: inout Screen, _ r: Rect) {
        let st = ctx.heap.readMemStats()
        let rows: [(String, UInt64)] = [
            ("HeapAlloc", st.heapAlloc), ("HeapInuse", st.heapInuse), ("HeapIdle", st.heapIdle),
            ("HeapReleased", st.heapReleased), ("HeapSys", st.heapSys), ("HeapObjects", st.heapObjects),
            ("Mallocs", st.mallocs), ("Frees", st.frees), ("NextGC", st.nextGC), ("NumGC", st.numGC),
        ]
        let half = (rows.count + 1) / 2
        let colWidth = r.width / 2
        for (i, (name, v)) in rows.enumerated() {
            let row = i % half, col = i / half * colWidth
            guard row < r.height - 1 else { continue }
            let value = name == "NextGC" && v == UInt64.max ? "off" : String(v)
            screen.write(name.padded(13) + value, in: r, row: row, column: col)
        }
        if r.height > half, !history.isEmpty {
            let spark = sparkline(history, width: r.width, glyphs: ctx.glyphs)
            screen.write(spark, in: r, row: min(r.height - 1, half), style: ctx.theme.fg(.green))
        }
    }

    /// The last `width` values as bars scaled to their maximum.
    static func sparkline(_ values: [UInt64], width: Int, glyphs: Glyphs) -> String {
        let shown = values.suffix(width)
        let maxV = max(1, shown.max() ?? 1)
        let levels = glyphs.occupancy
        return String(String.UnicodeScalarView(shown.map { v in
            v == 0 ? " " : levels[min(levels.count - 1, Int(Double(v) / Double(maxV) * Double(levels.count - 1) + 0.5))]
        }))
    }
}
