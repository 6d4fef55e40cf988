// The collector: phase (and the runtime's gcphase), mode, write barrier; roots, the grey queue
// and, while marking, how many objects are white, grey and black, the root jobs done, each
// goroutine stack's colour and the mark CPU time of assists and background workers; during
// the sweep, the spans left to sweep; HeapAlloc, what the last cycle marked, the goal; pauses;
// the gctrace line of the last finished cycle.

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
        if gc.phase == .mark || gc.phase == .marktermination {
            // The root jobs (globals, then one per stack) and each stack's colour: a grey stack
            // has not been scanned this cycle, so the write barrier's deletion half covers it.
            let g = ctx.glyphs
            var roots = TextLine.bind("root", "jobs \(gc.rootNext)/\(gc.rootJobs.count) done") + " "
            for (i, gr) in heap.goroutines.enumerated() {
                let black = heap.stackColor(GoroutineID(i)) == .black
                roots += " " + TextLine.bind(i == 0 ? "stacks \(gr.name)" : gr.name,
                                             black ? "\(String(g.black)) black" : "\(String(g.grey)) grey")
            }
            out.append(ctx.line(roots))
            if gc.mode == .concurrent {
                let c = gc.controller
                out.append(ctx.line(TextLine.bind("mark", "CPU: assists \(DurationText(c.assistTime))") + "  "
                                    + TextLine.bind("background", "\(DurationText(c.dedicatedMarkTime + c.fractionalMarkTime))") + "  "
                                    + TextLine.bind("idle", "\(DurationText(c.idleMarkTime))")))
            }
        }
        let st = heap.readMemStats()
        let goal = gc.gcpercent < 0 ? "off" : ByteCount(Int(clamping: st.nextGC)).short
        // heap_marked before the first cycle is gcinit's stand-in, not something marked.
        let marked = gc.numgc == 0 ? "" : "  " + TextLine.bind("marked", "\(ByteCount(Int(clamping: gc.heapMarked)).short) (last cycle)")
        out.append(ctx.line(TextLine.bind("HeapAlloc", ByteCount(Int(clamping: st.heapAlloc)).short) + marked + "  "
                            + TextLine.bind("goal", goal) + "  " + TextLine.bind("GOGC", gc.gcpercent < 0 ? "off" : String(gc.gcpercent))))
        out.append(ctx.line(TextLine.bind("cycles", "\(gc.numgc)") + "  "
                            + TextLine.bind("pauses", "total \(DurationText(gc.pauseTotalNs))")))
        if let last = gc.cycles.last {
            out.append(ctx.line(heap.gctraceLine(last), ctx.theme.fg(.gray)))
        }
        return out
    }
}
