// mSpanList: the doubly linked list mcentral keeps its spans on (runtime/mheap.go).
// The links live in the spans themselves (MSpan.next/prev); the list holds first and last.

/// The head of an `mSpanList`: its first and last span and how many it holds.
public struct SpanList: Equatable, Sendable {
    public internal(set) var first: SpanID = .none
    public internal(set) var last: SpanID = .none
    public internal(set) var count: Int = 0

    public init() {}
    public var isEmpty: Bool { first.isNone }
}
