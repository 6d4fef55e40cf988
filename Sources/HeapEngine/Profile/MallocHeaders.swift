// Malloc headers (Go 1.22 and later; runtime/malloc.go, mbitmap.go; go1.25.5).
//
// The collector needs to know which words of an object hold pointers. go1.12 kept a heap
// bitmap beside the arena, two bits per word. Go 1.22 replaced it with two schemes chosen by
// the object's size:
//
//   size ≤ 512 B (`heapBitsInSpan`)   one bit per word, at the end of the object's span: a
//                                     one-page span gives up 8192/64 = 128 B to them, so it
//                                     holds (8192-128)/size objects instead of 8192/size;
//   512 B < size ≤ 32760 B            an 8-byte header, the object's *_type, in the slot's first
//                                     word: the request grows by 8 before the class lookup
//                                     (513 B → 521 B → the 576 B class), and the pointer the
//                                     program gets is slot+8;
//   larger                            a span of its own, the type kept in the span.
//
// Pointer-free objects need neither. `mallocgc` serves a request from a size class only up to
// maxSmallSize-8 = 32760 B, whether or not it has pointers, so pointer-free 32761…32768 B
// requests — class 67 in go1.12 — are large objects now.

/// The malloc-header facts of a release.
public struct MallocHeaders: Equatable, Sendable {
    /// `mallocHeaderSize`: the header in front of a pointerful object over `maxHeapBitsSize`.
    public let headerBytes: Int
    /// `minSizeForMallocHeader` (an exclusive bound): objects up to this size keep their
    /// pointer bits at the end of their span instead.
    public let maxHeapBitsSize: Int

    public static let go122 = MallocHeaders(headerBytes: 8, maxHeapBitsSize: 512)

    /// Bytes of pointer bits at the end of a span of `spanBytes` (one bit per 8-byte word).
    public func heapBitsBytes(spanBytes: Int) -> Int { spanBytes / 8 / 8 }
}

extension RuntimeProfile {
    /// The largest request served from a size class (`maxSmallSize - mallocHeaderSize` where
    /// headers exist).
    public var maxSmallRequest: Int { maxSmallSize - (mallocHeaders?.headerBytes ?? 0) }

    /// Whether a request of `size` bytes gets a malloc header.
    public func hasMallocHeader(size: Int, noscan: Bool) -> Bool {
        guard let h = mallocHeaders, !noscan else { return false }
        return size > h.maxHeapBitsSize && size <= maxSmallRequest
    }

    /// Objects a span of class `c` holds: fewer where the span keeps pointer bits at its end.
    public func objectsPerSpan(sizeclass c: Int, noscan: Bool) -> Int {
        let size = Int(sizeClasses.classToSize[c]), span = Int(sizeClasses.classToAllocNPages[c]) * pageSize
        guard let h = mallocHeaders, !noscan, size <= h.maxHeapBitsSize else { return span / size }
        return (span - h.heapBitsBytes(spanBytes: span)) / size
    }
}
