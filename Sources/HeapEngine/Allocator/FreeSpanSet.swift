// The free-span structures of go1.12's mheap: `free` and `scav`, two treaps ordered by size.
//
// mheap.pickFreeSpan asks both for the smallest span of at least n pages (best fit) and takes
// the smaller answer; grow's scavengeLargest walks `free` from the largest span down. heapscope
// keeps each treap as an array sorted by (npages, start page): the same answers in the same
// order, with deterministic tie-breaking by address, and a plain value that snapshots cheaply.

/// A set of free spans ordered by size then address: the model of go1.12's `mTreap`.
///
/// ```swift
/// var t = FreeSpanSet()
/// t.insert(npages: 8, startPage: 100, id: SpanID(3))
/// t.bestFit(npages: 2)   // the 8-page span, unless a smaller one fits
/// ```
public struct FreeSpanSet: Equatable, Sendable {
    /// One free span: its size, where it starts, and its mspan.
    public struct Entry: Equatable, Sendable {
        public let npages: Int32
        public let startPage: Int32
        public let id: SpanID

        @inline(__always) func precedes(_ n: Int32, _ p: Int32) -> Bool {
            npages < n || (npages == n && startPage < p)
        }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// Total pages in the set.
    public var totalPages: Int { entries.reduce(0) { $0 + Int($1.npages) } }

    private func lowerBound(_ n: Int32, _ p: Int32) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if entries[mid].precedes(n, p) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `treap.insert`.
    public mutating func insert(npages: Int32, startPage: Int32, id: SpanID) {
        entries.insert(Entry(npages: npages, startPage: startPage, id: id),
                       at: lowerBound(npages, startPage))
    }

    /// `treap.removeSpan`: removes the entry with exactly this size and start.
    @discardableResult
    public mutating func remove(npages: Int32, startPage: Int32) -> Bool {
        let i = lowerBound(npages, startPage)
        guard i < entries.count, entries[i].npages == npages, entries[i].startPage == startPage
        else { return false }
        entries.remove(at: i)
        return true
    }

    /// `treap.find(npages)`: the smallest span of at least `npages` pages, lowest address first.
    public func bestFit(npages: Int32) -> Entry? {
        let i = lowerBound(npages, Int32.min)
        return i < entries.count ? entries[i] : nil
    }

    /// Entries from the largest down (`treap.end()` then `prev()`).
    public var largestFirst: ReversedCollection<[Entry]> { entries.reversed() }
}
