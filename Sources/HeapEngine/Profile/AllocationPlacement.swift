// Where mallocgc sends a request, decided from the size and the noscan flag alone: the same
// tests mallocgc makes, without allocating. `heapscope sizeclass` prints it, and the UI uses it
// to explain a request before it runs.

/// The path `mallocgc` takes for a request, and what it costs.
///
/// ```swift
/// RuntimeProfile.go112.placement(size: 100, noscan: false)
/// // .small(sizeclass: 8, slotBytes: 112, spanClass: 16, pages: 1, objectsPerSpan: 73)
/// ```
public enum AllocationPlacement: Equatable, Sendable {
    /// Size 0: `&zerobase`.
    case zeroSized
    /// Pointer-free and under `maxTinySize`: packed into a 16-byte block of `spanClass`.
    case tiny(blockBytes: Int, spanClass: SpanClass)
    /// A slot of a size class.
    case small(sizeclass: Int, slotBytes: Int, spanClass: SpanClass, pages: Int, objectsPerSpan: Int)
    /// A span of its own.
    case large(pages: Int, spanClass: SpanClass)

    /// Bytes the allocation occupies (a whole block, slot or run of pages; 0 for zerobase).
    public func bytes(pageSize: Int) -> Int {
        switch self {
        case .zeroSized: 0
        case let .tiny(block, _): block
        case let .small(_, slot, _, _, _): slot
        case let .large(pages, _): pages * pageSize
        }
    }
}

extension RuntimeProfile {
    /// The path `mallocgc(size)` takes, by the same tests it makes.
    public func placement(size: Int, noscan: Bool) -> AllocationPlacement {
        precondition(size >= 0)
        if size == 0 { return .zeroSized }
        if size <= maxSmallRequest {
            if noscan && size < maxTinySize {
                return .tiny(blockBytes: maxTinySize, spanClass: tinySpanClass)
            }
            // A malloc header (Go 1.22+) is part of the slot: the class is looked up for it too.
            let c = sizeClasses.sizeclass(forSize: size + (hasMallocHeader(size: size, noscan: noscan) ? mallocHeaders!.headerBytes : 0))
            return .small(sizeclass: c, slotBytes: Int(sizeClasses.classToSize[c]),
                          spanClass: SpanClass(sizeclass: c, noscan: noscan),
                          pages: Int(sizeClasses.classToAllocNPages[c]),
                          objectsPerSpan: objectsPerSpan(sizeclass: c, noscan: noscan))
        }
        let pages = size / pageSize + (size % pageSize == 0 ? 0 : 1)
        return .large(pages: pages, spanClass: SpanClass(sizeclass: 0, noscan: noscan))
    }
}
