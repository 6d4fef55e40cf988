// What the last step changed, so the panels can highlight those cells and the view can follow
// the action: arena pages (spans allocated, grown, freed, swept; pages mapped), objects
// (allocated, shaded, scanned, stored into, freed by the sweep) and the spans worked on.
//
// Two sources, both exact: the step's typed events (what the engine says it did), and, for the
// spans those events name, a comparison of each slot before and after the step — that is how a
// slot the sweeper freed, or an object that changed colour, is found (the sweep swaps whole
// bitmaps and reports a count, not the slots).
//
// A step keeps at most StepRecord.maxEvents events (a whole GC cycle has far more); such a step
// highlights what its first events touched.

import HeapEngine
import HeapScenario

/// The pages, objects and spans the last step touched.
public struct StepChanges: Equatable, Sendable {
    /// Arena page indices.
    public private(set) var pages: Set<Int> = []
    /// Object base addresses (including slots the step freed).
    public private(set) var objects: Set<UInt64> = []
    /// Spans the step worked on (by index), for the mcentral and mcache chains.
    public private(set) var spans: Set<Int> = []
    /// Whether the step had more events than were kept.
    public private(set) var truncated = false
    /// How many events touched each span: the span the step touched most is what the view
    /// follows.
    private var weight: [Int: Int] = [:]
    /// The first object the step touched in each span.
    private var firstObject: [Int: UInt64] = [:]

    /// The most pages one event may mark (mapping a whole heapArena marks its first pages only).
    static let maxPagesPerEvent = 4096
    /// The most spans compared slot by slot, and slots in each.
    static let maxComparedSpans = 64, maxComparedSlots = 8192

    public init() {}

    public init(record: StepRecord, heap: Heap, before: Heap? = nil) {
        truncated = record.eventCount > record.events.count
        for e in record.events { note(e, heap) }
        if let before { compare(heap, before) }
    }

    /// The span the step touched most (ties: the one touched first... the lowest index), and
    /// the first object it touched there.
    public var primary: (span: SpanID, object: UInt64?)? {
        guard let best = weight.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return nil }
        return (SpanID(best.key), firstObject[best.key])
    }

    private mutating func touch(_ span: Int, object: UInt64? = nil) {
        weight[span, default: 0] += 1
        if let object, firstObject[span] == nil { firstObject[span] = object }
    }

    private mutating func notePages(startAddr: UInt64, npages: Int, _ heap: Heap) {
        let base = heap.address(ofPage: 0), pageBytes = heap.address(ofPage: 1) - base
        guard startAddr >= base else { return }
        let first = Int((startAddr - base) / pageBytes)
        let n = min(npages, Self.maxPagesPerEvent)
        for p in first..<(first + n) where p < heap.mheap.arenaPages { pages.insert(p) }
    }

    private mutating func noteSpan(_ id: SpanID, _ heap: Heap) {
        guard !id.isNone, id.index < heap.mheap.allspans.count else { return }
        spans.insert(id.index)
        touch(id.index)
        let s = heap.mheap.allspans[id.index]
        notePages(startAddr: heap.address(ofPage: Int(s.startPage)), npages: Int(s.npages), heap)
    }

    private mutating func noteObject(_ address: UInt64, _ heap: Heap) {
        guard address != 0 else { return }
        let o = heap.findObject(address)
        let base = o?.base ?? address
        objects.insert(base)
        if let o { spans.insert(o.span.index); touch(o.span.index, object: base) }
        notePages(startAddr: base, npages: 1, heap)
    }

    private mutating func note(_ e: HeapEvent, _ heap: Heap) {
        switch e {
        case .allocated(let address, let span, _, _):
            objects.insert(address)
            noteSpan(span, heap)
            touch(span.index, object: address)
        case .tinyFits(let block, _, _), .tinyNewBlock(let block, _, _):
            noteObject(block, heap)
        case .nextFreeFast(let span, _), .nextFree(let span, _), .spanFull(let span), .allocCacheRefill(let span, _),
             .nextFreeFastMiss(let span), .cacheSpan(_, let span, _, _, _), .sweepSpan(let span, _, _, _):
            noteSpan(span, heap)
        case .mcacheRefill(_, _, let old, _):
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

    /// Slots of the spans worked on whose state differs from before the step: freed, newly
    /// allocated, or of another colour.
    private mutating func compare(_ heap: Heap, _ before: Heap) {
        let marking = { (h: Heap) in h.gc.phase == .mark || h.gc.phase == .marktermination }
        for i in spans.sorted().prefix(Self.maxComparedSpans) where i < before.mheap.allspans.count {
            let now = heap.mheap.allspans[i], then = before.mheap.allspans[i]
            guard then.state == .inUse, then.startPage == now.startPage, then.elemsize == now.elemsize else { continue }
            let id = SpanID(i)
            let base0 = heap.base(of: id)
            for slot in 0..<min(Int(then.nelems), Self.maxComparedSlots) {
                let was = before.mheap.isSlotAllocated(id, slot: slot)
                let isNow = now.state == .inUse && heap.mheap.isSlotAllocated(id, slot: slot)
                var changed = was != isNow
                if !changed, was, marking(heap) || marking(before) {
                    changed = heap.color(span: id, slot: slot) != before.color(span: id, slot: slot)
                }
                guard changed else { continue }
                let address = base0 &+ UInt64(slot * then.elemsize)
                objects.insert(address)
                touch(i, object: address)
                notePages(startAddr: address, npages: 1, heap)
            }
        }
    }

    /// Whether any page in `range` changed.
    public func anyPage(in range: Range<Int>) -> Bool {
        if pages.isEmpty { return false }
        if range.count > pages.count { return pages.contains { range.contains($0) } }
        return range.contains { pages.contains($0) }
    }
}
