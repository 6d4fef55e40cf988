// The page allocator of Go 1.14 and later (runtime/mpagealloc.go, mpallocbits.go,
// mpagealloc_64bit.go; heapscope's go1.25 profile).
//
// go1.12 keeps free runs of pages as mspans in two treaps and picks the best fit. Since 1.14
// the heap keeps a bitmap instead: one bit per page, set while the page is in use, in chunks
// of 512 pages (4 MiB, `pallocChunkPages`), beside a second bitmap of pages released to the
// OS (`scavenged`). Free pages are not spans at all; a span exists only while its pages are in
// use. Allocation is address-ordered first fit: the lowest run of npages clear bits at or
// after `searchAddr`, a hint that only moves down when pages are freed. To find runs without
// reading every bit, the runtime keeps a radix tree of summaries — for every chunk, and for
// every 8 (then 8, 8, 8, and 16384) entries of the level below, three numbers: the free pages
// at its start, the longest free run, and the free pages at its end (`pallocSum`). heapscope
// searches the bitmap itself (the same first fit) and computes the summaries when the view
// shows them.
//
// Growing the heap maps `alignUp(npages, 512)` pages — whole chunks — and marks them
// scavenged: new address space counts in HeapReleased until it is used. The per-P page cache
// (64 pages for allocations under 16 pages) is not modelled (docs/profiles.md).

/// `pageAlloc`: which pages are in use and which are released, one bit each.
public struct PageAlloc: Equatable, Sendable {
    /// `pallocChunkPages`.
    public static let chunkPages = 512
    /// `summaryLevels` and the pages one entry covers at each level, top (L0) first.
    public static let levelPages = [1 << 21, 1 << 18, 1 << 15, 1 << 12, 1 << 9]

    /// One bit per arena page: in use.
    public private(set) var inUse: [UInt64] = []
    /// One bit per arena page: released to the OS (scavenged); only free pages have it.
    public private(set) var scavenged: [UInt64] = []
    /// `searchAddr` as a page index: no free page lies below it.
    public private(set) var searchPage = 0
    /// Pages mapped so far (whole chunks).
    public private(set) var mappedPages = 0

    public init() {}

    init(arenaPages: Int) {
        inUse = [UInt64](repeating: 0, count: (arenaPages + 63) >> 6)
        scavenged = inUse
    }

    @inline(__always) public func isInUse(_ p: Int) -> Bool { inUse[p >> 6] >> UInt64(p & 63) & 1 != 0 }
    @inline(__always) public func isScavenged(_ p: Int) -> Bool { scavenged[p >> 6] >> UInt64(p & 63) & 1 != 0 }

    /// `grow`: pages [start, start+n) are mapped, free and released.
    mutating func grow(start: Int, pages n: Int) {
        for p in start..<(start + n) { scavenged[p >> 6] |= 1 << UInt64(p & 63) }
        mappedPages = max(mappedPages, start + n)
    }

    /// `find`: the first run of `n` free pages at or after searchAddr, or nil.
    func find(_ n: Int) -> Int? {
        var run = 0
        var p = searchPage
        while p < mappedPages {
            // Skip whole in-use words.
            if p & 63 == 0 && inUse[p >> 6] == ~0 && run == 0 { p += 64; continue }
            if isInUse(p) { run = 0 } else {
                run += 1
                if run == n { return p - n + 1 }
            }
            p += 1
        }
        return nil
    }

    /// `allocRange`: marks [start, start+n) in use; returns how many of them were released
    /// (they are "unscavenged": sysUsed brings them back).
    mutating func allocRange(_ start: Int, _ n: Int) -> Int {
        var scav = 0
        for p in start..<(start + n) {
            let bit: UInt64 = 1 << UInt64(p & 63)
            inUse[p >> 6] |= bit
            if scavenged[p >> 6] & bit != 0 { scav += 1; scavenged[p >> 6] &= ~bit }
        }
        if start == searchPage {
            var q = start + n
            while q < mappedPages && isInUse(q) { q += 1 }
            searchPage = q
        }
        return scav
    }

    /// `free`: [start, start+n) is free again; searchAddr moves down to it.
    mutating func free(_ start: Int, _ n: Int) {
        for p in start..<(start + n) { inUse[p >> 6] &= ~(1 << UInt64(p & 63)) }
        searchPage = min(searchPage, start)
    }

    /// Releases every free page not yet released; returns how many (the scavenger's work).
    mutating func scavengeAll() -> Int {
        var n = 0
        for w in 0..<((mappedPages + 63) >> 6) {
            var free = ~inUse[w] & ~scavenged[w]
            let top = mappedPages - w * 64
            if top < 64 { free &= (1 << UInt64(top)) &- 1 }
            n += free.nonzeroBitCount
            scavenged[w] |= free
        }
        return n
    }

    /// Releases up to `n` free, unreleased pages, highest address first (the background
    /// scavenger's order); returns how many.
    mutating func scavengeFromTop(_ n: Int) -> Int {
        var done = 0
        var w = (mappedPages - 1) >> 6
        while w >= 0 && done < n {
            var candidates = ~inUse[w] & ~scavenged[w]
            let top = mappedPages - w * 64
            if top < 64 { candidates &= (1 << UInt64(top)) &- 1 }
            while candidates != 0 && done < n {
                let bit = 63 - candidates.leadingZeroBitCount
                scavenged[w] |= 1 << UInt64(bit)
                candidates &= ~(1 << UInt64(bit))
                done += 1
            }
            w -= 1
        }
        return done
    }

    /// Free pages and released pages among the mapped ones.
    public var counts: (free: Int, released: Int) {
        var free = 0, released = 0
        for w in 0..<((mappedPages + 63) >> 6) {
            var f = ~inUse[w]
            let top = mappedPages - w * 64
            if top < 64 { f &= (1 << UInt64(top)) &- 1 }
            free += f.nonzeroBitCount
            released += (scavenged[w] & f).nonzeroBitCount
        }
        return (free, released)
    }

    /// `pallocSum`: free pages at the start of a range, the longest free run, free pages at
    /// its end.
    public struct Summary: Equatable, Sendable {
        public let start: Int, max: Int, end: Int
    }

    /// The summary of pages [from, from+n) (unmapped pages count as in use, as for the
    /// runtime, whose summaries of unmapped chunks are zero).
    public func summary(from: Int, pages n: Int) -> Summary {
        var start = 0, best = 0, run = 0
        var seenUsed = false
        for p in from..<(from + n) {
            if p < mappedPages && !isInUse(p) {
                run += 1
                best = Swift.max(best, run)
                if !seenUsed { start = run }
            } else {
                run = 0
                seenUsed = true
            }
        }
        return Summary(start: start, max: best, end: run)
    }
}
