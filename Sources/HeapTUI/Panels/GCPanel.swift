// The collector: phase (and the runtime's gcphase), mode, write barrier; roots, the grey queue
// and, while marking, how many objects are white, grey and black, the root jobs done and the
// mark CPU time of assists and background workers; during the sweep, the spans left to sweep;
// each goroutine's stack (its P, its colour while marking, its slots) and the globals;
// HeapAlloc, what the last cycle marked, the goal; pauses; the gctrace line of the last
// finished cycle.

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
            // The root jobs: the globals, then one per stack (each stack's colour is below).
            out.append(ctx.line(TextLine.bind("root", "jobs \(gc.rootNext)/\(gc.rootJobs.count) done")))
            // Only a cycle the heap started has workers and assists (`gc start` is manual).
            if gc.mode == .concurrent && gc.blackenEnabled {
                let c = gc.controller
                out.append(ctx.line(TextLine.bind("mark", "CPU: assists \(DurationText(c.assistTime))") + "  "
                                    + TextLine.bind("background", "\(DurationText(c.dedicatedMarkTime + c.fractionalMarkTime))") + "  "
                                    + TextLine.bind("idle", "\(DurationText(c.idleMarkTime))")))
            }
        }
        out += stackLines(ctx)
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

    /// Most slots listed per goroutine; a scenario that keeps more alive is told how many more.
    static let slotsShown = 64

    /// Each goroutine's stack — its P, its colour while marking, its slots and what they point
    /// to — then the globals.
    static func stackLines(_ ctx: PanelContext) -> [TextLine] {
        let heap = ctx.heap
        let g = ctx.glyphs
        var bySlotOwner: [String: [String]] = [:]
        var globals: [String] = []
        var extra: [String: Int] = [:]
        for (_, r) in heap.liveRoots {
            let target = r.value == 0 ? "nil" : hexAddress(r.value)
            let item = TextLine.bind(r.name, "→ \(target)")
            switch r.kind {
            case .global:
                if globals.count < slotsShown { globals.append(item) } else { extra["", default: 0] += 1 }
            case .stack(let name):
                if bySlotOwner[name, default: []].count < slotsShown { bySlotOwner[name, default: []].append(item) } else { extra[name, default: 0] += 1 }
            }
        }
        func more(_ key: String) -> String {
            guard let n = extra[key] else { return "" }
            return "  … \(n) more"
        }
        var out: [TextLine] = []
        for (i, gr) in heap.goroutines.enumerated() {
            var head = "stack \(gr.name) on p\(gr.p)"
            switch heap.stackColor(GoroutineID(i)) {
            case .black: head += " \(String(g.black)) black"
            case .grey: head += " \(String(g.grey)) grey"
            case nil: break
            }
            let slots = bySlotOwner[gr.name] ?? []
            out.append(ctx.line(head + ": " + (slots.isEmpty ? "no pointers" : slots.joined(separator: "  ")) + more(gr.name)))
        }
        if !globals.isEmpty {
            out.append(ctx.line("globals: " + globals.joined(separator: "  ") + more("")))
        }
        return out
    }
}
