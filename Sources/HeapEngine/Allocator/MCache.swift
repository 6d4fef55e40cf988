// mcache: the per-P cache of spans that makes most allocations lock-free (runtime/mcache.go).
//
// Each P owns one mcache. For every span class it holds one span (alloc[spc]) to carve slots
// from; when that span is full, refill swaps it for another from mcentral. An empty slot points
// at the dummy emptymspan, which has no free slot, so the first allocation of a class always
// goes to mcentral. The mcache also holds the tiny allocator's current 16-byte block.

/// A P's `mcache`: one cached span per span class, the tiny block, and local counters.
///
/// Example: after `mallocgc(5, noscan)` on P 0, `tiny` is the block's address and
/// `tinyoffset` is 5.
public struct MCache: Equatable, Sendable {
    /// `alloc[spanClass]`: the span each class allocates from; `.none` stands for `emptymspan`.
    public internal(set) var alloc: [SpanID]
    /// `tiny`: address of the current 16-byte tiny block, or 0.
    public internal(set) var tiny: UInt64 = 0
    /// `tinyoffset`: first free byte in the tiny block.
    public internal(set) var tinyoffset: Int = 0
    /// `local_tinyallocs`: tiny allocations not yet added to memstats.tinyallocs.
    public internal(set) var localTinyAllocs: UInt64 = 0

    public init(numSpanClasses: Int) {
        alloc = [SpanID](repeating: .none, count: numSpanClasses)
    }
}
