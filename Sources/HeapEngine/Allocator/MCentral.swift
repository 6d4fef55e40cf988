// mcentral: the shared pool of spans of one span class (runtime/mcentral.go, go1.12).
//
// Each span class has an mcentral that mcaches turn to when their span is full. In go1.12 it
// keeps two lists:
//
//   nonempty — spans with at least one free slot (and not cached);
//   empty    — spans with no free slot, OR spans currently cached in some P's mcache.
//
// cacheSpan hands a span to an mcache: it takes the first usable span of nonempty (sweeping it
// first if it is unswept), else sweeps spans on empty hoping to free a slot, else grows by
// asking mheap for class_to_allocnpages pages. The chosen span moves to the back of empty,
// because a cached span counts as "not available to others". nmalloc counts slots handed out as
// if every cached span will be filled completely; uncacheSpan takes back the unused ones.

/// An `mcentral` (go1.12): the `nonempty` and `empty` span lists of one span class.
///
/// Example: after the 57th allocation of 144 B on one P, mcentral 20 (class 10, scan) has
/// two spans on `empty` (one full, one cached) and nmalloc 112.
public struct MCentral: Equatable, Sendable {
    /// `spanclass`.
    public let spanclass: SpanClass
    /// `nonempty`: spans with a free slot.
    public internal(set) var nonempty = SpanList()
    /// `empty`: spans with no free slot, or cached in an mcache.
    public internal(set) var empty = SpanList()
    /// `partial [2]spanSet` (go1.25): spans with a free slot, swept and unswept
    /// (SpanSet.swift). Empty under go1.12.
    public internal(set) var partial = [SpanSet(), SpanSet()]
    /// `full [2]spanSet` (go1.25): spans with no free slot, swept and unswept.
    public internal(set) var full = [SpanSet(), SpanSet()]
    /// `nmalloc`: slots handed to mcaches, counting cached spans as if filled.
    public internal(set) var nmalloc: UInt64 = 0

    public init(spanclass: SpanClass) { self.spanclass = spanclass }
}
