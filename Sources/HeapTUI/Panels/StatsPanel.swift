// MemStats figures (each exact, or in a unit when the panel is narrow; never cut), and a
// sparkline of HeapAlloc over the last steps, from the samples the playback keeps for every
// step (the same however the step was reached).

import HeapEngine

enum StatsPanel {
    static func lines(_ ctx: PanelContext, width: Int) -> [TextLine] {
        let st = ctx.heap.readMemStats()
        func bytes(_ label: String, _ v: UInt64) -> Field {
            Field(label: label, exact: String(v), short: ByteCount(Int(clamping: v)).short)
        }
        let fields: [Field] = [
            bytes("HeapAlloc", st.heapAlloc), bytes("HeapInuse", st.heapInuse), bytes("HeapIdle", st.heapIdle),
            bytes("HeapReleased", st.heapReleased), bytes("HeapSys", st.heapSys),
            Field(label: "HeapObjects", exact: String(st.heapObjects)),
            Field(label: "Mallocs", exact: String(st.mallocs)), Field(label: "Frees", exact: String(st.frees)),
            // GOGC=off: ReadMemStats reports the largest uint64.
            st.nextGC == UInt64.max ? Field(label: "NextGC", exact: "18446744073709551615 (GOGC off)", short: "off (max uint64)") : bytes("NextGC", st.nextGC),
            Field(label: "NumGC", exact: String(st.numGC)),
        ]
        var out = FieldGrid.lines(fields, width: width)
        let spark = sparkline(ctx.playback, width: width, glyphs: ctx.glyphs)
        if !spark.isEmpty {
            out.append(TextLine(ctx.t("HeapAlloc, last \(spark.count) steps:"), ctx.theme.fg(.gray)))
            out.append(TextLine(String(String.UnicodeScalarView(spark)), ctx.theme.fg(.green), preformatted: true))
        }
        return out
    }

    /// HeapAlloc of the last steps up to the current one, scaled to their maximum: at most
    /// `width` bars, a blank for an empty heap.
    static func sparkline(_ p: Playback, width: Int, glyphs: Glyphs) -> [Unicode.Scalar] {
        let first = max(0, p.current - width + 1)
        let values = (first...p.current).compactMap { p.heapAlloc(at: $0) }
        guard values.count > 1 else { return [] }
        let maxV = max(1, values.max() ?? 1)
        let levels = glyphs.occupancy
        return values.map { v in
            v == 0 ? " " : levels[min(levels.count - 1, Int(Double(v) / Double(maxV) * Double(levels.count - 1) + 0.5))]
        }
    }
}
