// Returning memory to the operating system (runtime/mheap.go scavenge, scavengeAll;
// proc.go sysmon; go1.12).
//
// Sweeping never returns memory to the OS: a span with no live object goes back to mheap's
// free treap and its bytes move from HeapInuse to HeapIdle, still mapped. Only the scavenger
// releases pages (sysUnused, madvise): sysmon calls it every scavengelimit/2 = 2.5 minutes and
// it releases free spans unused for more than scavengelimit = 5 minutes; debug.FreeOSMemory runs
// a full GC and then releases every free span. Released bytes count in HeapReleased (and stay
// in HeapIdle and HeapSys); the pages become Prepared until they are used again.

extension Heap {
    /// `scavengelimit`: 5 minutes.
    public static let scavengeLimitNs: Int64 = 5 * 60 * 1_000_000_000

    /// `mheap.scavenge(k, now, limit)`: release free spans unused for more than `limitNs`.
    /// Returns the bytes released.
    @discardableResult
    public mutating func scavenge(now: Int64, limitNs: Int64, k: Int = -1) -> Int {
        if usesPageBitmap {
            gc.workDone &+= mheap.pages.mappedPages &>> 6 &+ 1
            let released = scavengeBitmap()
            if recordsEvents { emit(.scavenge(released: released)) }
            return released
        }
        var released = 0
        // Work the scenario limits count: one unit per free span looked at.
        gc.workDone &+= mheap.free.entries.count &+ 1
        for e in mheap.free.entries {
            let id = e.id
            guard mheap.allspans[id.index].state == .free, mheap.allspans[id.index].list == .heapFree,
                  now - mheap.allspans[id.index].unusedsince > limitNs else { continue }
            released += scavengeSpan(id)
        }
        if recordsEvents {
            emit(.scavenge(released: released))
            for line in GCTrace.scvgLines(k: k, released: released, memstats) { emit(.gctrace(line)) }
        }
        return released
    }

    /// One pass of the background scavenger at the current simulated time (`scavenge`).
    @discardableResult
    public mutating func backgroundScavenge() -> Int {
        if usesPageBitmap { return scavengeToGoal() }
        let r = scavenge(now: nanotime, limitNs: Heap.scavengeLimitNs, k: gc.nscavenge)
        gc.lastScavengeNanotime = nanotime
        gc.nscavenge += 1
        return r
    }

    /// `debug.FreeOSMemory()`: runtime.GC(), then release every free span.
    @discardableResult
    public mutating func freeOSMemory() -> Int {
        runtimeGC()
        return scavenge(now: Int64.max, limitNs: -1)
    }
}
