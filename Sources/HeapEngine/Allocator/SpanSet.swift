// spanSet: the queues an mcentral keeps its spans in from Go 1.15 (runtime/mspanset.go,
// mcentral.go; heapscope's go1.25 profile).
//
// go1.12's mcentral keeps two doubly linked lists under a lock, `nonempty` and `empty`, and a
// cached span sits on `empty`. Go 1.15 replaced them (go115NewMCentralImpl; 1.16 deleted the
// lists) with four lock-free sets per span class:
//
//   partial[2]  spans with at least one free slot
//   full[2]     spans with no free slot (and large objects' spans, for the sweeper to find)
//
// indexed by sweep generation: with h = mheap.sweepgen, set [h/2 % 2] holds spans already swept
// this cycle and set [1 - h/2 % 2] spans not yet swept. Adding 2 to sweepgen at the end of mark
// turns every swept set into the unswept one at once — no span moves. A cached span is in no
// set at all: mcache.refill pops it, uncacheSpan pushes it back.
//
// The runtime's spanSet is a FIFO of 512-entry blocks: push at the tail, pop at the head. A
// span swept by someone who did not pop it (the page reclaimer, say) stays in its unswept set,
// and whoever pops it later sees its sweepgen and drops it. heapscope keeps the same FIFO order
// in one array per set, and marks such an entry stale instead: each span records the set it is
// in and its position there, so popping skips stale entries and listing shows only live ones.

/// One `spanSet`: spans in the order they were pushed, oldest first.
///
/// ```swift
/// var set = SpanSet()
/// let at = set.push(SpanID(3))   // position 0
/// set.pop()                       // (SpanID(3), 0)
/// ```
public struct SpanSet: Equatable, Sendable {
    /// Entries from `head` on are queued; earlier ones were popped (kept until compaction).
    private(set) var ids: [SpanID] = []
    private(set) var head = 0
    /// The position of `ids[0]` since the set was created.
    private(set) var base = 0

    public init() {}

    /// `push`: appends `id`; returns its position, which the span records.
    mutating func push(_ id: SpanID) -> Int {
        ids.append(id)
        return base &+ ids.count &- 1
    }

    /// `pop`: the oldest entry and its position, live or stale (the caller checks).
    mutating func pop() -> (id: SpanID, position: Int)? {
        guard head < ids.count else { return nil }
        let id = ids[head]
        let pos = base &+ head
        head &+= 1
        if head >= 64 && head &* 2 >= ids.count {
            ids.removeFirst(head)
            base &+= head
            head = 0
        }
        return (id, pos)
    }

    /// The queued entries, oldest first, with their positions (stale ones included).
    func queued() -> [(id: SpanID, position: Int)] {
        (head..<ids.count).map { (ids[$0], base &+ $0) }
    }
}
