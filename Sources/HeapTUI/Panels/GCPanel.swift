// The collector: phase (and the runtime's gcphase), mode, write barrier; roots, the grey queue
// and, while marking, how many objects are white, grey and black; during the sweep, the spans
// left to sweep; HeapAlloc, what the last cycle marked, the goal; pauses; the gctrace line of
// the last finished cycle.

import HeapEngine

enum GCPanel {
    static func lines(_ ctx: PanelContext) -> [TextLine] {
        let heap = ctx.heap
        let gc = heap.gc
        let active = gc.phase != .off
        let wb = gc.writeBarrierEnabled ? "on" : (heap.config.writeBarrier ? "off" : "DISABLED (teaching)")
        var out: [TextLine] = []
        out.append(ctx.line("phase \(gc.phase) (gcphase \(gc.phase.runtimeName))  "
                            + TextLine.bind("write", "barrier \(wb)") + "  "
                            + (gc.mode == .stw ? "stop-the-world" : "concurrent"),
                            ctx.theme.fg(active ? .yellow : .normal, bold: active)))
        var objects = TextLine.bind("roots", "\(heap.liveRoots.count)") + "  " + TextLine.bind("grey", "queue \(gc.workQueue.count)")
        if let c = heap.markColourCounts {
            let g = ctx.glyphs
            objects += "  " + TextLine.bind("\(String(g.white)) white", "\(c.white)") + "  " + TextLine.bind("\(String(g.grey)) grey", "\(c.grey)")
                + "  " + TextLine.bind("\(String(g.black)) black", "\(c.black)")
        } else if gc.phase == .sweep {
            let left = heap.mheap.spans.reduce(0) { $0 + ($1.state == .inUse && $1.sweepgen == heap.mheap.sweepgen &- 2 ? 1 : 0) }
            objects += "  " + TextLine.bind("spans", "left to sweep \(left)")
        }
        out.append(ctx.line(objects))
        let st = heap.readMemStats()
        let goal = gc.gcpercent < 0 ? "off" : ByteCount(Int(clamping: st.nextGC)).short
        // heap_marked before the first cycle is gcinit's stand-in, not something marked.
        let marked = gc.numgc == 0 ? "" : "  " + TextLine.bind("marked", "\(ByteCount(Int(clamping: gc.heapMarked)).short) (last cycle)")
        out.append(ctx.line(TextLine.bind("HeapAlloc", ByteCount(Int(clamping: st.heapAlloc)).short) + marked + "  "
                            + TextLine.bind("goal", goal) + "  " + TextLine.bind("GOGC", gc.gcpercent < 0 ? "off" : String(gc.gcpercent))))
        out.append(ctx.line(TextLine.bind("cycles", "\(gc.numgc)") + "  "
                            + TextLine.bind("pauses", "total \(GCTrace.fmtNSAsMS(UInt64(max(0, gc.pauseTotalNs)))) ms")))
        if let last = gc.cycles.last {
            out.append(ctx.line(heap.gctraceLine(last), ctx.theme.fg(.gray)))
        }
        return out
    }
}
