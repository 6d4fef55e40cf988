// The contents of pointer words.
//
// heapscope stores only what the collector reads: the values of pointer words. Memory is kept
// per page and created on the first pointer store into that page, so a heap of pointer-free
// objects costs nothing here, and copying the heap (a snapshot) shares every page that has not
// changed since. Pages without storage read as zero (nil), like fresh memory from the OS.

/// Pointer-word values, page by page.
public struct HeapMemory: Equatable, Sendable {
    /// Words of each page; empty until something is stored in the page.
    var pages: [[UInt64]]
    /// Whether each page has storage: a plain flag, so the allocation path can check it
    /// without touching (and reference-counting) the page's array.
    var hasStorage: [Bool]
    let wordsPerPage: Int
    let pageShift: Int
    let base: UInt64

    init(pages: Int, pageShift: Int, base: UInt64) {
        self.pages = Array(repeating: [], count: pages)
        self.hasStorage = Array(repeating: false, count: pages)
        self.pageShift = pageShift
        self.wordsPerPage = (1 &<< pageShift) / 8
        self.base = base
    }

    /// The word at `address` (8-byte aligned, inside the arena).
    @inline(__always) func load(_ address: UInt64) -> UInt64 {
        let off = Int(address &- base)
        let page = off &>> pageShift
        // Read through both subscripts at once: no copy (and no reference count) of the page.
        return hasStorage[page] ? pages[page][(off &>> 3) & (wordsPerPage &- 1)] : 0
    }

    /// Stores `value` at `address`.
    @inline(__always) mutating func store(_ address: UInt64, _ value: UInt64) {
        let off = Int(address &- base)
        let page = off &>> pageShift
        if !hasStorage[page] {
            if value == 0 { return }
            pages[page] = [UInt64](repeating: 0, count: wordsPerPage)
            hasStorage[page] = true
        }
        pages[page][(off >> 3) & (wordsPerPage - 1)] = value
    }

    /// Zeroes `bytes` from `address` (memclrNoHeapPointers), touching only pages with storage.
    /// The common case, an object inside one page that never held a pointer, costs two loads.
    @inline(__always)
    mutating func clear(_ address: UInt64, bytes: Int) {
        let off = Int(address &- base)
        let first = off &>> pageShift
        if first == (off &+ bytes &- 1) &>> pageShift && !hasStorage[first] { return }
        clearSlow(address, bytes: bytes)
    }

    @inline(never)
    mutating func clearSlow(_ address: UInt64, bytes: Int) {
        var off = Int(address &- base)
        let end = off + bytes
        while off < end {
            let page = off &>> pageShift
            let pageEnd = min(end, (page + 1) &<< pageShift)
            if hasStorage[page] {
                let w0 = (off >> 3) & (wordsPerPage - 1)
                let w1 = ((pageEnd - 1) >> 3) & (wordsPerPage - 1)
                for w in w0...w1 { pages[page][w] = 0 }
            }
            off = pageEnd
        }
    }

    /// Drops a page's storage (its span went back to the heap: the contents are dead).
    mutating func discard(page: Int) {
        if hasStorage[page] {
            pages[page] = []
            hasStorage[page] = false
        }
    }
}
