// The collector: phase (and the runtime's gcphase), mode, write barrier. At 80×24 only the
// panel's top shows, so what follows depends on the phase. While marking: the grey queue and
// how many objects are white, grey and black, the root jobs done, the mark CPU of assists and
// workers, each goroutine's stack (its P, grey or black, its slots) with the globals, then the
// pacer (HeapAlloc, what the last cycle marked, the goal, the trigger and its ratio, heap_live)
// and the last cycle. Otherwise (the spans left to sweep while sweeping) the last finished
// cycle's gctrace line and the pauses first, then the pacer and the stacks.

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
        if let c = heap.markColourCounts {
            let g = ctx.glyphs
            out.append(ctx.line(TextLine.bind("grey", "queue \(gc.workQueue.count)") + "  "
                                + TextLine.bind("\(String(g.white)) white", "\(c.white)") + "  " + TextLine.bind("\(String(g.grey)) grey", "\(c.grey)")
                                + "  " + TextLine.bind("\(String(g.black)) black", "\(c.black)")))
        } else if gc.phase == .sweep {
            let left = heap.mheap.allspans.reduce(0) { $0 + ($1.state == .inUse && $1.sweepgen == heap.mheap.sweepgen &- 2 ? 1 : 0) }
            out.append(ctx.line(TextLine.bind("spans", "left to sweep \(left)")))
        }
        let marking = gc.phase == .mark || gc.phase == .marktermination
        if marking {
            // The root jobs: the globals, then one per stack (each stack's colour is below).
            out.append(ctx.line(TextLine.bind("root", "jobs \(gc.rootNext)/\(gc.rootJobs.count) done")))
            // Only a cycle the heap started has workers and assists (`gc start` is manual).
            if gc.mode == .concurrent && gc.blackenEnabled {
                let c = gc.controller
                out.append(ctx.line(TextLine.bind("mark", "CPU: assists \(DurationText(c.assistTime))") + "  "
                                    + TextLine.bind("background", "\(DurationText(c.dedicatedMarkTime + c.fractionalMarkTime))") + "  "
                                    + TextLine.bind("idle", "\(DurationText(c.idleMarkTime))")))
            }
            out += stackLines(ctx)
        }
        var pacer: [TextLine] = []
        // The pacer: what is allocated, what the last cycle marked, the goal, and the trigger
        // heap_live must reach for the next cycle to start (gc_trigger, triggerRatio).
        let st = heap.readMemStats()
        // go1.25 with GOGC off and no limit still reports a goal (math.MaxInt64 less 3%): "off".
        let unpaced = gc.gcpercent < 0 && (heap.profile.pacer != .consMark || gc.pacer118.memoryLimit == .max)
        let goal = unpaced || st.nextGC == .max ? "off" : ByteCount(Int(clamping: st.nextGC)).short
        // heap_marked before the first cycle is gcinit's stand-in, not something marked.
        let marked = gc.numgc == 0 ? "" : "  " + TextLine.bind("marked", "\(ByteCount(Int(clamping: gc.heapMarked)).short) (last cycle)")
        pacer.append(ctx.line(TextLine.bind("HeapAlloc", ByteCount(Int(clamping: st.heapAlloc)).short) + marked + "  "
                            + TextLine.bind("goal", goal) + "  " + TextLine.bind("GOGC", gc.gcpercent < 0 ? "off" : String(gc.gcpercent))))
        if heap.profile.pacer == .consMark {
            // Go 1.18: the goal's inputs — heap marked, stacks, globals — and the memory limit;
            // the trigger leaves the runway the cons/mark ratio asks for.
            let p = gc.pacer118
            let t = heap.trigger118Explained()
            pacer.append(ctx.line(TextLine.bind("stacks", ByteCount(Int(clamping: p.lastStackScan)).short + " (last scan)") + "  "
                                + TextLine.bind("globals", ByteCount(Int(clamping: heap.globalsScan)).short) + "  "
                                + TextLine.bind("GOMEMLIMIT", p.memoryLimit == .max ? "off" : ByteCount(Int(clamping: p.memoryLimit)).short)
                                + (unpaced ? "" : "  goal set by " + t.source.rawValue)))
            if !unpaced {
                // trigger = goal − runway, kept between 45/64 and 61/64 of the way from
                // heapMarked (0 before the first cycle) to the goal: say which applied.
                pacer.append(ctx.line(TextLine.bind("trigger", ByteCount(Int(clamping: t.trigger)).short) + " (" + t.bound.rawValue
                                    + "; " + TextLine.bind("runway", ByteCount(Int(clamping: p.runway)).short) + ")  "
                                    + TextLine.bind("heapLive", ByteCount(Int(clamping: heap.memstats.heapLive)).short)))
            }
        } else if gc.gcpercent >= 0 {
            // gcSetTriggerRatio raises the trigger to heapminimum, and while the last sweep
            // runs to heap_live + 1 MB: said, or marked × (1 + ratio) would not add up.
            let fromRatio = UInt64(Double(gc.heapMarked) * (1 + gc.triggerRatio))
            let raised = gc.gcTrigger <= fromRatio ? ""
                : gc.gcTrigger == gc.heapminimum ? ", raised to heapminimum"
                // sweepMinHeapDistance (1 MB) scaled by GOGC/100, as gcSetTriggerRatio does.
                : ", raised to the heap when it was set + \(ByteCount(Int(Heap.sweepMinHeapDistance) * max(0, gc.gcpercent) / 100).short), for the sweep"
            pacer.append(ctx.line(TextLine.bind("trigger", "\(ByteCount(Int(clamping: gc.gcTrigger)).short) (ratio \(Self.ratio(gc.triggerRatio))\(raised))") + "  "
                                + TextLine.bind("heap_live", ByteCount(Int(clamping: heap.memstats.heapLive)).short)))
        }
        // The gctrace line of the last finished cycle (the figures the bfe comparison reads)
        // and the pauses.
        var history: [TextLine] = []
        if let last = gc.cycles.last {
            history.append(ctx.line(heap.gctraceLine(last), ctx.theme.fg(.gray)))
        }
        var pauses = TextLine.bind("cycles", "\(gc.numgc)") + "  " + TextLine.bind("pauses", "total \(DurationText(gc.pauseTotalNs))")
        if let now = gc.currentPauseNs {
            // Only the figure is bound to its words: the phrase must wrap between words in a narrow panel.
            pauses += " (this cycle " + TextLine.bind("so far", "\(DurationText(now)),") + " counted at its end)"
        }
        history.append(ctx.line(pauses))
        // While marking, the roots come first: the root jobs, the mark CPU and each stack's
        // colour are what the step shows; otherwise the last cycle's gctrace line and pauses.
        return marking ? out + pacer + history : out + history + pacer + stackLines(ctx)
    }

    /// A ratio to three decimals, as the runtime's pacer figures are discussed ("0.669").
    static func ratio(_ r: Double) -> String {
        let thousandths = Int((r * 1000).rounded())
        let frac = String(abs(thousandths) % 1000)
        return "\(thousandths < 0 ? "-" : "")\(abs(thousandths) / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    /// Most slots listed per goroutine, and most goroutines listed; a scenario with more is
    /// told how many more.
    static let slotsShown = 64
    static let goroutinesShown = 16

    /// Each goroutine's stack — its P, its colour while marking, its slots and what they point
    /// to — then the globals.
    static func stackLines(_ ctx: PanelContext) -> [TextLine] {
        let heap = ctx.heap
        let g = ctx.glyphs
        var bySlotOwner: [String: [String]] = [:]
        var globals: [String] = []
        var extra: [String: Int] = [:]
        let shown = min(heap.goroutines.count, goroutinesShown)
        // One pass over the root slots; text only for the slots that are listed.
        func item(_ r: RootSlot) -> String { TextLine.bind(r.name, "→ \(r.value == 0 ? "nil" : hexAddress(r.value))") }
        for r in heap.roots where r.live {
            switch r.kind {
            case .global:
                if globals.count < slotsShown { globals.append(item(r)) } else { extra["", default: 0] += 1 }
            case .stack(let name):
                guard let g = heap.goroutine(named: name), g.index < shown else { continue }
                if bySlotOwner[name, default: []].count < slotsShown { bySlotOwner[name, default: []].append(item(r)) } else { extra[name, default: 0] += 1 }
            }
        }
        func more(_ key: String) -> String {
            guard let n = extra[key] else { return "" }
            return "  … \(n) more"
        }
        var out: [TextLine] = []
        // The first goroutines one by one; of the rest, how many and their colours.
        for (i, gr) in heap.goroutines.prefix(shown).enumerated() {
            var head = "stack \(gr.name) on p\(gr.p)"
            switch heap.stackColor(GoroutineID(i)) {
            // In ASCII the glyphs are letters (b, g), which beside a variable named b read as
            // one: bracketed capitals, as in the Objects panel.
            case .black: head += g.asciiOnly ? " [B] black" : " \(String(g.black)) black"
            case .grey: head += g.asciiOnly ? " [G] grey" : " \(String(g.grey)) grey"
            case nil: break
            }
            let slots = bySlotOwner[gr.name] ?? []
            out.append(ctx.line(head + ": " + (slots.isEmpty ? "no pointers" : slots.joined(separator: "  ")) + more(gr.name)))
        }
        if heap.goroutines.count > shown {
            let rest = shown..<heap.goroutines.count
            var more = "… and \(rest.count) more goroutines"
            if heap.gc.phase == .mark || heap.gc.phase == .marktermination {
                let grey = rest.reduce(0) { $0 + (heap.goroutines[$1].stackScanned ? 0 : 1) }
                more += ": \(grey) with a grey stack, \(rest.count - grey) black"
            }
            out.append(ctx.line(more))
        }
        if !globals.isEmpty {
            out.append(ctx.line("globals: " + globals.joined(separator: "  ") + more("")))
        }
        return out
    }
}
