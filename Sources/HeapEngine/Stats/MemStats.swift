// runtime.MemStats: the heap statistics a Go program reads with runtime.ReadMemStats.
//
// ReadMemStats stops the world, flushes every mcache back to mcentral (flushallmcaches) and
// every P's local counters into memstats (cachestats), then derives (runtime/mstats.go,
// updatememstats, go1.12):
//
//   Mallocs     = Σ mcentral.nmalloc + nlargealloc + tinyallocs
//   Frees       = Σ nsmallfree[c] + nlargefree + tinyallocs
//   TotalAlloc  = Σ nmalloc[c]·class_to_size[c] + largealloc
//   HeapAlloc   = TotalAlloc − (Σ nsmallfree[c]·class_to_size[c] + largefree)
//   HeapObjects = Mallocs − Frees
//
// Tiny allocations that fit into an existing block are counted in both Mallocs and Frees, so
// they never change HeapObjects; each 16-byte block counts as one class-2 object. Flushing a
// cached span subtracts its unused slots from nmalloc (mcentral counts a cached span as if it
// will be filled). heapscope computes the figures as they would be after that flush but does
// not flush: reading statistics never changes the simulated heap.

/// One row of `MemStats.BySize`.
public struct SizeClassStat: Equatable, Sendable {
    public let size: Int
    public let mallocs: UInt64
    public let frees: UInt64
}

/// The heap fields of `runtime.MemStats`, as `runtime.ReadMemStats` would report them.
///
/// Example: after 1000 one-byte pointer-free allocations, `heapAlloc` is 1008 (63 tiny blocks
/// of 16 B), `mallocs` 1000, `frees` 937, `heapObjects` 63.
public struct MemStats: Equatable, Sendable {
    public var heapAlloc: UInt64 = 0
    public var totalAlloc: UInt64 = 0
    public var heapSys: UInt64 = 0
    public var heapIdle: UInt64 = 0
    public var heapInuse: UInt64 = 0
    public var heapReleased: UInt64 = 0
    public var heapObjects: UInt64 = 0
    public var mallocs: UInt64 = 0
    public var frees: UInt64 = 0
    /// `NextGC`: the heap goal (the largest uint64 with GOGC=off, as the runtime reports it).
    public var nextGC: UInt64 = 0
    /// `NumGC`, `NumForcedGC` (cycles started by runtime.GC), `PauseTotalNs` (cost model).
    public var numGC: UInt64 = 0
    public var numForcedGC: UInt64 = 0
    public var pauseTotalNs: UInt64 = 0
    /// `BySize`: 61 rows, as the public struct has; classes above 60 are not reported.
    public var bySize: [SizeClassStat] = []

    /// The number of `BySize` rows in `runtime.MemStats` (kept at 61 for compatibility).
    public static let bySizeRows = 61

    /// The statistics by their `runtime.MemStats` field name, for scenarios and the UI.
    public func value(named name: String) -> UInt64? {
        switch name {
        case "HeapAlloc", "Alloc": heapAlloc
        case "TotalAlloc": totalAlloc
        case "HeapSys": heapSys
        case "HeapIdle": heapIdle
        case "HeapInuse": heapInuse
        case "HeapReleased": heapReleased
        case "HeapObjects": heapObjects
        case "Mallocs": mallocs
        case "Frees": frees
        case "NextGC": nextGC
        case "NumGC": numGC
        case "NumForcedGC": numForcedGC
        case "PauseTotalNs": pauseTotalNs
        default: nil
        }
    }

    /// Field names `value(named:)` knows, in the order `runtime.MemStats` declares them.
    public static let fieldNames = [
        "Alloc", "TotalAlloc", "Mallocs", "Frees", "HeapAlloc", "HeapSys", "HeapIdle",
        "HeapInuse", "HeapReleased", "HeapObjects", "NextGC", "PauseTotalNs", "NumGC", "NumForcedGC",
    ]
}

extension Heap {
    /// `runtime.ReadMemStats`: stop the world, flush every mcache (`flushallmcaches` →
    /// `mcache.releaseAll`: the tiny block is dropped, partly used spans go back to mcentral),
    /// then read. `readMemStats()` computes the same figures without flushing.
    public mutating func readMemStatsFlushing() -> MemStats {
        for p in mcaches.indices { releaseAll(p: p) }
        return readMemStats()
    }

    /// `MemStats.HeapAlloc` alone, as `readMemStats` computes it but without building the rest
    /// (the view samples it after every step).
    public var heapAllocBytes: UInt64 {
        let classes = profile.sizeClasses
        var total = mheap.largealloc
        for (i, c) in central.enumerated() {
            total &+= c.nmalloc &* UInt64(classes.classToSize[SpanClass(rawValue: UInt8(i)).sizeclass])
        }
        for c in mcaches {
            for (i, id) in c.alloc.enumerated() where !id.isNone {
                let s = mheap.allspans[id.index]
                total &-= UInt64(s.nelems - s.allocCount) &* UInt64(classes.classToSize[SpanClass(rawValue: UInt8(i)).sizeclass])
            }
        }
        var freed = mheap.largefree
        for c in 1..<classes.count { freed &+= mheap.nsmallfree[c] &* UInt64(classes.classToSize[c]) }
        return total &- freed
    }

    /// `runtime.ReadMemStats`, computed as if every mcache had just been flushed.
    public func readMemStats() -> MemStats {
        let classes = profile.sizeClasses
        var nmalloc = central.map(\.nmalloc)
        var tinyallocs = memstats.tinyallocs
        for c in mcaches {
            tinyallocs += c.localTinyAllocs
            for (i, id) in c.alloc.enumerated() where !id.isNone {
                let s = mheap.allspans[id.index]
                nmalloc[i] -= UInt64(s.nelems - s.allocCount)
            }
        }
        var st = MemStats()
        var bySizeMallocs = [UInt64](repeating: 0, count: classes.count)
        var totalAlloc = mheap.largealloc
        for (i, n) in nmalloc.enumerated() {
            let c = SpanClass(rawValue: UInt8(i)).sizeclass
            bySizeMallocs[c] += n
            totalAlloc += n * UInt64(classes.classToSize[c])
        }
        var smallFree: UInt64 = 0
        var nfree = mheap.nlargefree
        for c in 1..<classes.count {
            nfree += mheap.nsmallfree[c]
            smallFree += mheap.nsmallfree[c] * UInt64(classes.classToSize[c])
        }
        st.mallocs = nmalloc.reduce(0, +) + mheap.nlargealloc + tinyallocs
        st.frees = nfree + tinyallocs
        st.totalAlloc = totalAlloc
        st.heapAlloc = totalAlloc - (smallFree + mheap.largefree)
        st.heapObjects = st.mallocs - st.frees
        st.heapSys = memstats.heapSys
        st.heapIdle = memstats.heapIdle
        st.heapInuse = memstats.heapInuse
        st.heapReleased = memstats.heapReleased
        // Go 1.18+: heapGoal() is computed when read (the memory-limit goal moves).
        st.nextGC = pacesByConsMark ? heapGoal118().goal : gc.nextGC
        st.numGC = UInt64(gc.numgc)
        st.numForcedGC = UInt64(gc.numForcedGC)
        st.pauseTotalNs = UInt64(max(0, gc.pauseTotalNs))
        st.bySize = (0..<min(MemStats.bySizeRows, classes.count)).map { c in
            SizeClassStat(size: Int(classes.classToSize[c]), mallocs: bySizeMallocs[c],
                          frees: mheap.nsmallfree[c])
        }
        return st
    }
}
