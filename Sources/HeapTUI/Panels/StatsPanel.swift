// MemStats figures (each exact, or in a unit when the panel is narrow or in presenter mode;
// never cut), and a
// sparkline of HeapAlloc over the last steps or, in a long run, over the whole run so far, from
// the samples the playback keeps for every step (the same however the step was reached).

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
        var out = FieldGrid.lines(fields, width: width, preferShort: ctx.theme.presenter)
        let (spark, whole) = sparkline(ctx.playback, width: width, glyphs: ctx.glyphs)
        if !spark.isEmpty {
            let per = Self.perBar(ctx.playback.current, spark.count)
            let label = whole ? "HeapAlloc, steps 0–\(ctx.playback.current) (one bar per \(per) step\(per == "1" ? "" : "s")):"
                              : "HeapAlloc, last \(spark.count) steps:"
            out.append(TextLine(ctx.t(label), ctx.theme.fg(.gray)))
            out.append(TextLine(String(String.UnicodeScalarView(spark)), ctx.theme.fg(.green), preformatted: true))
        }
        return out
    }

    /// About how many steps one bar stands for when the sparkline covers the whole run.
    static func perBar(_ current: Int, _ bars: Int) -> String {
        let n = Double(current) / Double(max(1, bars - 1))
        if n.rounded() == n { return "\(Int(n))" }
        // Under ten, a tenth says more than "~1": 1.2 steps a bar.
        if n < 10 { let tenths = Int((n * 10).rounded()); return "~\(tenths / 10).\(tenths % 10)" }
        return "~\(Int(n.rounded()))"
    }

    /// HeapAlloc up to the current step, scaled to the maximum shown: the last steps one bar
    /// each while they fit in `width` bars, otherwise the whole run so far, one sampled step per
    /// bar (`whole`), so a long scenario shows its shape rather than its last flat stretch. A
    /// blank is an empty heap. Costs `width` lookups, whatever the length.
    static func sparkline(_ p: Playback, width: Int, glyphs: Glyphs) -> (bars: [Unicode.Scalar], whole: Bool) {
        guard width > 1 else { return ([], false) }
        let whole = p.current + 1 > width
        let steps: [Int] = whole ? (0..<width).map { $0 * p.current / (width - 1) } : Array(0...p.current)
        let values = steps.compactMap { p.heapAlloc(at: $0) }
        guard values.count > 1 else { return ([], whole) }
        let maxV = max(1, values.max() ?? 1)
        let levels = glyphs.occupancy
        // Zero is a dot on the baseline, not a blank: a heap emptied at the last step (GOGC
        // off, then runtime.GC) must show its drop at the end of the line.
        let zero: Unicode.Scalar = glyphs.asciiOnly ? "." : "·"
        return (values.map { v in
            v == 0 ? zero : levels[min(levels.count - 1, Int(Double(v) / Double(maxV) * Double(levels.count - 1) + 0.5))]
        }, whole)
    }
}
