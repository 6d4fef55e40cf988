// The collector: phase, mode, write barrier, roots, grey queue, colour counts, heap goal
// against the live heap, pauses, and the gctrace line of the last finished cycle.

import HeapEngine

enum GCPanel {
    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let heap = ctx.heap
        let gc = heap.gc
        var white = 0, grey = 0, black = 0
        let marking = gc.phase != .off
        if marking {
            for o in heap.allocatedObjects() {
                switch heap.color(of: o) { case .white: white += 1; case .grey: grey += 1; case .black: black += 1 }
            }
        }
        let wb = gc.writeBarrierEnabled ? "on" : (heap.config.writeBarrier ? "off" : "DISABLED (teaching)")
        screen.write("phase \(gc.phase)  \(gc.mode == .stw ? "stop-the-world" : "concurrent")  write barrier \(wb)", in: r, row: 0,
                     style: ctx.theme.fg(gc.phase == .off ? .normal : .yellow, bold: gc.phase != .off))
        let roots = heap.liveRoots
        screen.write("roots \(roots.count)  grey queue \(gc.workQueue.count)" + (marking ? "  white \(white) grey \(grey) black \(black)" : ""), in: r, row: 1)
        let st = heap.readMemStats()
        let goal = gc.gcpercent < 0 ? "off" : ByteCount(Int(clamping: st.nextGC)).description
        screen.write("live \(ByteCount(Int(clamping: st.heapAlloc)))  goal \(goal)  GOGC \(gc.gcpercent < 0 ? "off" : String(gc.gcpercent))  cycles \(gc.numgc)", in: r, row: 2)
        screen.write("pauses \(gc.numgc), total \(GCTrace.fmtNSAsMS(UInt64(max(0, gc.pauseTotalNs)))) ms", in: r, row: 3)
        if let last = gc.cycles.last, r.height > 4 {
            screen.write(heap.gctraceLine(last), in: r, row: 4, style: ctx.theme.fg(.gray))
        }
    }
}
