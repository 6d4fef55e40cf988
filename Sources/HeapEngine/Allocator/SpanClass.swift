// spanClass: a size class together with the "noscan" bit.
//
// Every size class has two mcentrals, one for spans whose objects contain pointers (scan) and
// one for pointer-free objects (noscan), so the garbage collector never has to look inside a
// noscan span. The runtime packs both facts into one byte: spanclass = sizeclass<<1 | noscan
// (runtime/mheap.go, makeSpanClass). Large objects use class 0: span class 0 or 1.

/// A span class: `sizeclass<<1 | noscan`, as `runtime.spanClass` packs it.
///
/// ```swift
/// SpanClass(sizeclass: 10, noscan: false).rawValue   // 20
/// SpanClass(rawValue: 5).description                  // "2 noscan" (the tiny blocks)
/// ```
public struct SpanClass: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    @inline(__always) public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `makeSpanClass(sizeclass, noscan)`.
    @inline(__always) public init(sizeclass: Int, noscan: Bool) {
        rawValue = UInt8(truncatingIfNeeded: sizeclass << 1) | (noscan ? 1 : 0)
    }

    /// `sc.sizeclass()`.
    @inline(__always) public var sizeclass: Int { Int(rawValue >> 1) }
    /// `sc.noscan()`.
    @inline(__always) public var noscan: Bool { rawValue & 1 != 0 }
    /// Index into per-span-class arrays (`mcache.alloc`, `mheap.central`).
    @inline(__always) public var index: Int { Int(rawValue) }

    public static func < (a: SpanClass, b: SpanClass) -> Bool { a.rawValue < b.rawValue }

    /// "10" for class 10 with pointers, "10 noscan" for the pointer-free span class.
    public var description: String { noscan ? "\(sizeclass) noscan" : "\(sizeclass)" }
}
