// memstats: the runtime's global counters that MemStats is computed from (runtime/mstats.go).
//
// heap_sys grows when sysAlloc maps a heapArena; heap_inuse and heap_idle move as spans change
// between in use and free; heap_released tracks scavenged free pages. heap_live is the pacer's
// estimate of the live heap: it grows by whole spans when mcentral hands a span to an mcache
// (counting free slots as if already used) and by whole pages for a large object. tinyallocs
// counts tiny allocations that fit into an existing block. These are the fields of the real
// `memstats` global that the allocator half of heapscope updates.

/// The runtime's global `memstats` counters (go1.12 names, in Swift case).
public struct RuntimeCounters: Equatable, Sendable {
    /// `heap_sys`: bytes of heap address space mapped.
    public internal(set) var heapSys: UInt64 = 0
    /// `heap_inuse`: bytes in mSpanInUse spans.
    public internal(set) var heapInuse: UInt64 = 0
    /// `heap_idle`: bytes in free spans, released ones included.
    public internal(set) var heapIdle: UInt64 = 0
    /// `heap_released`: bytes of free spans returned to the OS.
    public internal(set) var heapReleased: UInt64 = 0
    /// `heap_live`: bytes the pacer counts as live (cached spans counted in full).
    public internal(set) var heapLive: UInt64 = 0
    /// `heap_scan`: the bytes of the heap the collector would scan: the pointer prefix of every
    /// object with pointers allocated since the last mark termination, plus the scan work that
    /// cycle did.
    public internal(set) var heapScan: UInt64 = 0
    /// `tinyallocs`: tiny allocations flushed from the mcaches.
    public internal(set) var tinyallocs: UInt64 = 0
    public init() {}
}
