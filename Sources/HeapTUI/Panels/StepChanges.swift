// What the last step changed, read from its typed events, so the panels can highlight those
// cells: arena pages (spans allocated, grown, freed, swept; pages mapped) and objects (allocated,
// shaded, scanned, stored into). Events are what the engine says it did, so the highlight shows
// exactly the runtime's work of that step, not every number that moved as a consequence.
//
// A step keeps at most StepRecord.maxEvents events (a whole GC cycle has far more); such a step
// highlights what its first events touched, and the legend says so.

import HeapEngine
import HeapScenario

/// The pages and objects the last step touched.
public struct StepChanges: Equatable, Sendable {
    /// Arena page indices.
    public private(set) var pages: Set<Int> = []
    /// Object base addresses.
    public private(set) var objects: Set<UInt64> = []
    /// Spans the step worked on (by index), for the mcentral and mcache chains.
    public private(set) var spans: Set<Int> = []
    /// Whether the step had more events than were kept.
    public private(set) var truncated = false

    /// The most pages one event may mark (mapping a whole heapArena marks its first pages only).
    static let maxPagesPerEvent = 4096

    public init() {}

    public init(record: StepRecord, heap: Heap) {
        truncated = record.eventCount > record.events.count
        for e in record.events { note(e, heap) }
    }

    private mutating func notePages(startAddr: UInt64, npages: Int, _ heap: Heap) {
        let base = heap.address(ofPage: 0), pageBytes = heap.address(ofPage: 1) - base
        guard startAddr >= base else { return }
        let first = Int((startAddr - base) / pageBytes)
        let n = min(npages, Self.maxPagesPerEvent)
        for p in first..<(first + n) where p < heap.mheap.arenaPages { pages.insert(p) }
    }

    private mutating func noteSpan(_ id: SpanID, _ heap: Heap) {
        guard !id.isNone, id.index < heap.mheap.spans.count else { return }
        spans.insert(id.index)
        let s = heap.mheap.spans[id.index]
        notePages(startAddr: heap.address(ofPage: Int(s.startPage)), npages: Int(s.npages), heap)
    }

    private mutating func noteObject(_ address: UInt64, _ heap: Heap) {
        guard address != 0 else { return }
        let base = heap.findObject(address)?.base ?? address
        objects.insert(base)
        notePages(startAddr: base, npages: 1, heap)
    }

    private mutating func note(_ e: HeapEvent, _ heap: Heap) {
        switch e {
        case .allocated(let address, let span, _, _):
            objects.insert(address)
            noteSpan(span, heap)
        case .tinyFits(let block, _, _), .tinyNewBlock(let block, _, _):
            noteObject(block, heap)
        case .nextFreeFast(let span, _), .nextFree(let span, _), .spanFull(let span), .allocCacheRefill(let span, _),
             .nextFreeFastMiss(let span), .cacheSpan(_, let span, _, _), .sweepSpan(let span, _, _, _):
            noteSpan(span, heap)
        case .mcacheRefill(_, _, let old):
            noteSpan(old, heap)
        case .mheapAlloc(let span, let npages, let start, _, _):
            spans.insert(span.index)
            notePages(startAddr: start, npages: npages, heap)
        case .freeSpan(let span, let npages, let start, _):
            spans.insert(span.index)
            notePages(startAddr: start, npages: npages, heap)
        case .sysMap(let base, let bytes):
            notePages(startAddr: base, npages: bytes / Int(heap.address(ofPage: 1) - heap.address(ofPage: 0)), heap)
        case .shade(let address, _, _), .scanObject(let address, _), .allocateBlack(let address), .markRoot(_, let address):
            noteObject(address, heap)
        case .pointerStore(let slot, _, _, _):
            noteObject(slot, heap)
        default:
            break
        }
    }

    /// Whether any page in `range` changed.
    public func anyPage(in range: Range<Int>) -> Bool {
        if pages.isEmpty { return false }
        if range.count > pages.count { return pages.contains { range.contains($0) } }
        return range.contains { pages.contains($0) }
    }
}
