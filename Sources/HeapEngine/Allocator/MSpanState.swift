// mSpanState (runtime/mheap.go, go1.12): what a span's pages are used for.

/// The state of an `mspan`, as `runtime.mSpanState` names them in go1.12.
public enum MSpanState: UInt8, Sendable, CustomStringConvertible {
    /// `mSpanDead`: the mspan struct is not describing any pages (recycled by spanalloc).
    case dead
    /// `mSpanInUse`: holds garbage-collected heap objects.
    case inUse
    /// `mSpanManual`: manually managed memory such as goroutine stacks (not simulated yet).
    case manual
    /// `mSpanFree`: free pages in one of mheap's free treaps.
    case free

    public var description: String {
        switch self {
        case .dead: "mSpanDead"
        case .inUse: "mSpanInUse"
        case .manual: "mSpanManual"
        case .free: "mSpanFree"
        }
    }
}

/// Which list or set holds a span, so list membership can be checked against span state.
public enum SpanListKind: UInt8, Sendable, CustomStringConvertible {
    /// On no list: a large object's span, or a dead struct.
    case none
    /// `mcentral.nonempty` of the span's class: at least one free slot (go1.12).
    case nonempty
    /// `mcentral.empty` of the span's class: full, or cached in an mcache (go1.12).
    case empty
    /// `mheap.free`: free pages not released to the OS.
    case heapFree
    /// `mheap.scav`: free pages released to the OS (scavenged).
    case heapScav
    /// One of mcentral's span sets (go1.25): `partial[0]`, `partial[1]`, `full[0]`, `full[1]`;
    /// which of each pair is the swept one depends on mheap.sweepgen (SpanSet.swift).
    case partial0, partial1, full0, full1

    /// The span-set kind for `full` or partial spans in set `index` (0 or 1).
    static func spanSet(full: Bool, index: Int) -> SpanListKind {
        full ? (index == 0 ? .full0 : .full1) : (index == 0 ? .partial0 : .partial1)
    }

    /// Whether this is one of the span sets.
    public var isSpanSet: Bool { rawValue >= SpanListKind.partial0.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .nonempty: "nonempty"
        case .empty: "empty"
        case .heapFree: "mheap.free"
        case .heapScav: "mheap.scav"
        case .partial0: "partial[0]"
        case .partial1: "partial[1]"
        case .full0: "full[0]"
        case .full1: "full[1]"
        }
    }
}
