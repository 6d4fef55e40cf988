// Span identity. The runtime names spans by their *mspan pointer; heapscope keeps all mspan
// structs in one flat table (mheap.allspans, the counterpart of h.allspans) and names a span by its
// index there. Like the runtime's spanalloc fixalloc, a freed mspan struct is recycled for the
// next span, so a number can come back after its span was returned to the heap.

/// The index of an `mspan` in `MHeap.spans`; `.none` plays the role of a nil pointer.
public struct SpanID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int32

    @inline(__always) public init(_ raw: Int32) { self.raw = raw }
    @inline(__always) public init(_ index: Int) { self.raw = Int32(truncatingIfNeeded: index) }

    /// No span (nil `*mspan`; also `emptymspan` in an mcache slot).
    public static let none = SpanID(Int32(-1))

    @inline(__always) public var isNone: Bool { raw < 0 }
    @inline(__always) public var index: Int { Int(raw) }

    public static func < (a: SpanID, b: SpanID) -> Bool { a.raw < b.raw }
    public var description: String { isNone ? "nil" : "span \(raw)" }
}
