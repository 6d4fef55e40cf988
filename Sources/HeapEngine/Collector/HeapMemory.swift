// The contents of pointer words.
//
// heapscope stores only what the collector reads: the values of pointer words. Memory is kept
// per page and created on the first non-nil pointer store into that page, so a heap of
// pointer-free objects costs nothing here, and copying the heap (a snapshot) shares every page
// that has not changed since. Pages without storage read as zero (nil), like fresh memory from
// the OS.
//
// A page starts sparse: a short list of (word, value) pairs, so a scenario that stores one
// pointer into each of two million 8 KiB objects holds 2 million small lists, not 16 GiB of
// page copies. Once a page holds more than `sparseLimit` pointers it turns dense — one word per
// word of the page, read by index — which is what a page of small objects with pointers
// becomes as soon as it is in use, so marking a real heap reads dense pages. A dense page costs
// at most 8 KiB for every 65 pointers stored, a sparse one 16 bytes a pointer.

import CPrefetch

/// Pointer-word values, page by page.
public struct HeapMemory: Equatable, Sendable {
    /// How a page is stored.
    enum Storage: UInt8, Equatable, Sendable {
        /// Nothing stored: every word reads as zero.
        case none
        /// `pages[p]` is (word index, value) pairs, in the order they were first stored.
        case sparse
        /// `pages[p]` is every word of the page.
        case dense
    }

    /// A sparse page turns dense past this many pointers.
    static let sparseLimit = 64

    /// Each page's words: empty, pairs or dense (see `storage`), in chunks of pages so that a
    /// copy of the heap shares them (PagedArray.swift).
    var pages: PagedArray<[UInt64]>
    /// How each page is stored: a plain byte, so the allocation path can check it without
    /// touching (and reference-counting) the page's array.
    var storage: PagedArray<Storage>
    let wordsPerPage: Int
    let pageShift: Int
    let base: UInt64

    init(pages: Int, pageShift: Int, base: UInt64) {
        self.pages = PagedArray(repeating: [], count: pages)
        self.storage = PagedArray(repeating: .none, count: pages)
        self.pageShift = pageShift
        self.wordsPerPage = (1 &<< pageShift) / 8
        self.base = base
    }

    /// Whether anything was ever stored in `page` (since its span was last freed).
    func hasStorage(page: Int) -> Bool { storage[page] != .none }

    /// The word at `address` (8-byte aligned, inside the arena).
    @inline(__always) func load(_ address: UInt64) -> UInt64 {
        let off = Int(address &- base)
        let page = off &>> pageShift
        switch storage[page] {
        case .none: return 0
        // Read through both subscripts at once: no copy (and no reference count) of the page.
        case .dense: return pages[page][(off &>> 3) & (wordsPerPage &- 1)]
        case .sparse: return sparseLoad(page: page, word: (off &>> 3) & (wordsPerPage &- 1))
        }
    }

    /// Hints that the word at `address` is about to be loaded (a dense page only: the others
    /// are read from a short list, or not at all). Marking calls it for an object it queues.
    @inline(__always) func prefetch(_ address: UInt64) {
        let off = Int(address &- base)
        let page = off &>> pageShift
        guard storage[page] == .dense else { return }
        pages[page].withUnsafeBufferPointer { b in
            heapscope_prefetch(b.baseAddress.unsafelyUnwrapped + ((off &>> 3) & (wordsPerPage &- 1)))
        }
    }

    @inline(never)
    func sparseLoad(page: Int, word: Int) -> UInt64 {
        let key = UInt64(word)
        // The list once (one reference), then plain indexing: in a debug build every
        // `pages[page][i]` would walk both subscripts again.
        let list = pages[page]
        var i = 0
        let n = list.count
        while i < n {
            if list[i] == key { return list[i &+ 1] }
            i &+= 2
        }
        return 0
    }

    /// Stores `value` at `address` and returns what was there (one walk to the word instead of
    /// a load and a store: every pointer store does both).
    @inline(__always) mutating func exchange(_ address: UInt64, _ value: UInt64) -> UInt64 {
        let off = Int(address &- base)
        let page = off &>> pageShift
        if storage[page] == .dense {
            let word = (off &>> 3) & (wordsPerPage &- 1)
            return pages[page].withUnsafeMutableBufferPointer { b in
                let old = b[word]
                b[word] = value
                return old
            }
        }
        let old = load(address)
        store(address, value)
        return old
    }

    /// Stores `value` at `address`.
    @inline(__always) mutating func store(_ address: UInt64, _ value: UInt64) {
        let off = Int(address &- base)
        let page = off &>> pageShift
        let word = (off &>> 3) & (wordsPerPage &- 1)
        switch storage[page] {
        case .dense:
            pages[page][word] = value
        case .none:
            if value == 0 { return }
            pages[page] = [UInt64(word), value]
            storage[page] = .sparse
        case .sparse:
            sparseStore(page: page, word: word, value)
        }
    }

    @inline(never)
    mutating func sparseStore(page: Int, word: Int, _ value: UInt64) {
        let key = UInt64(word)
        var i = 0
        let n = pages[page].count
        while i < n {
            if pages[page][i] == key {
                if value != 0 {
                    pages[page][i &+ 1] = value
                } else {
                    pages[page].removeSubrange(i..<(i &+ 2))
                    if pages[page].isEmpty { storage[page] = .none }
                }
                return
            }
            i &+= 2
        }
        if value == 0 { return }
        if n / 2 < HeapMemory.sparseLimit {
            pages[page].append(key)
            pages[page].append(value)
            return
        }
        var dense = [UInt64](repeating: 0, count: wordsPerPage)
        var j = 0
        while j < n {
            dense[Int(pages[page][j])] = pages[page][j &+ 1]
            j &+= 2
        }
        dense[word] = value
        pages[page] = dense
        storage[page] = .dense
    }

    /// Zeroes `bytes` from `address` (memclrNoHeapPointers), touching only pages with storage.
    /// The common case, an object inside one page that never held a pointer, costs two loads.
    @inline(__always)
    mutating func clear(_ address: UInt64, bytes: Int) {
        let off = Int(address &- base)
        let first = off &>> pageShift
        if first == (off &+ bytes &- 1) &>> pageShift && storage[first] == .none { return }
        clearSlow(address, bytes: bytes)
    }

    @inline(never)
    mutating func clearSlow(_ address: UInt64, bytes: Int) {
        var off = Int(address &- base)
        let end = off + bytes
        while off < end {
            let page = off &>> pageShift
            let pageEnd = min(end, (page + 1) &<< pageShift)
            let w0 = (off >> 3) & (wordsPerPage - 1)
            let w1 = ((pageEnd - 1) >> 3) & (wordsPerPage - 1)
            switch storage[page] {
            case .none: break
            case .dense:
                for w in w0...w1 { pages[page][w] = 0 }
            case .sparse:
                var kept: [UInt64] = []
                var i = 0
                while i < pages[page].count {
                    let k = Int(pages[page][i])
                    if k < w0 || k > w1 { kept.append(pages[page][i]); kept.append(pages[page][i + 1]) }
                    i += 2
                }
                pages[page] = kept
                if kept.isEmpty { storage[page] = .none }
            }
            off = pageEnd
        }
    }

    /// Drops a page's storage (its span went back to the heap: the contents are dead).
    mutating func discard(page: Int) {
        if storage[page] != .none {
            pages[page] = []
            storage[page] = .none
        }
    }
}
