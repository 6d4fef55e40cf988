// Names of the runtime's own variables that `expect` can read besides runtime.MemStats: the
// pacer's inputs (mstats.go, mgc.go; go1.12), spelled as the runtime spells them, so a scenario
// can check what gctrace summarises.
//
//   heap_live     bytes the pacer counts as live (whole cached spans)
//   heap_marked   what the last mark termination found live
//   gc_trigger    heap_live at which the next cycle starts
//   heap_scan     bytes the next cycle is expected to scan
//   assist_ns     mark-assist CPU time of the cycle under way, or of the last one

import HeapEngine

enum RuntimeNames {
    static let all: Set<String> = ["heap_live", "heap_marked", "gc_trigger", "heap_scan", "assist_ns"]

    static func value(_ name: String, _ heap: Heap) -> Int64? {
        switch name {
        case "heap_live": Int64(clamping: heap.memstats.heapLive)
        case "heap_marked": Int64(clamping: heap.gc.heapMarked)
        case "gc_trigger": Int64(clamping: heap.pacerNow.trigger)
        case "heap_scan": Int64(clamping: heap.memstats.heapScan)
        case "assist_ns": heap.gc.phase == .mark || heap.gc.phase == .marktermination
            ? heap.gc.controller.assistTime : (heap.gc.cycles.last?.assistCPUNs ?? 0)
        default: nil
        }
    }
}
