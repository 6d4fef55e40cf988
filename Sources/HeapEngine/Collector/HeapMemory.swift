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
//
// Dense pages' words are regions of one chunked store (ChunkedStorage.swift), recycled as
// pages are discarded: a store into a dense page makes one ownership test, where a page of its
// own array inside chunked arrays of pages made three.

import CPrefetch

/// Pointer-word values, page by page.
public struct HeapMemory: Equatable, Sendable {
    /// How a page is stored.
    enum Storage: UInt8, Equatable, Sendable {
        /// Nothing stored: every word reads as zero.
        case none
        /// `sparse[p]` is (word index, value) pairs, in the order they were first stored.
        case sparse
        /// The page's words are the region `denseRegion[p]` of `dense`.
        case dense
    }

    /// A sparse page turns dense past this many pointers.
    static let sparseLimit = 64

    /// Sparse pages' (word, value) pairs, in chunks of pages so that a copy of the heap shares
    /// them (PagedArray.swift).
    var sparse: PagedArray<[UInt64]>
    /// How each page is stored: a plain byte, so the allocation path can check it without
    /// touching (and reference-counting) anything else.
    var storage: PagedArray<Storage>
    /// A dense page's region in `dense`, in pages (its words start at region × wordsPerPage).
    var denseRegion: PagedArray<Int32>
    /// Dense pages' words: one region of `wordsPerPage` words per dense page.
    var dense = RegionStore<UInt64>(parts: 1)
    let wordsPerPage: Int
    let pageShift: Int
    let base: UInt64

    init(pages: Int, pageShift: Int, base: UInt64) {
        self.sparse = PagedArray(repeating: [], count: pages)
        self.storage = PagedArray(repeating: .none, count: pages)
        self.denseRegion = PagedArray(repeating: 0, count: pages)
        self.pageShift = pageShift
        self.wordsPerPage = (1 &<< pageShift) / 8
        self.base = base
        precondition(wordsPerPage <= ChunkedStorage<UInt64>.chunkSize, "a dense page fits in one chunk")
    }

    /// Whether anything was ever stored in `page` (since its span was last freed).
    func hasStorage(page: Int) -> Bool { storage[page] != .none }

    /// Where the words of dense page `page` start in `dense.storage`.
    @inline(__always) func denseOffset(page: Int) -> Int { Int(denseRegion[page]) &* wordsPerPage }

    /// The word at `address` (8-byte aligned, inside the arena).
    @inline(__always) func load(_ address: UInt64) -> UInt64 {
        let off = Int(address &- base)
        let page = off &>> pageShift
        switch storage[page] {
        case .none: return 0
        case .dense: return dense.storage[denseOffset(page: page) &+ ((off &>> 3) & (wordsPerPage &- 1))]
        case .sparse: return sparseLoad(page: page, word: (off &>> 3) & (wordsPerPage &- 1))
        }
    }

    /// Calls `body` with the words of dense page `page` (nil for a page that is not dense).
    /// Reading only: marking takes a page's words once for a whole span.
    @inline(__always) func withDensePage<R>(_ page: Int, _ body: (UnsafeBufferPointer<UInt64>?) -> R) -> R {
        guard storage[page] == .dense else { return body(nil) }
        return dense.storage.withChunkReading(holding: denseOffset(page: page)) { buf, at in
            body(UnsafeBufferPointer(rebasing: buf[at..<(at &+ wordsPerPage)]))
        }
    }

    /// Hints that the word at `address` is about to be loaded (a dense page only: the others
    /// are read from a short list, or not at all). Marking calls it for an object it queues.
    @inline(__always) func prefetch(_ address: UInt64) {
        let off = Int(address &- base)
        let page = off &>> pageShift
        guard storage[page] == .dense else { return }
        dense.storage.withChunkReading(holding: denseOffset(page: page) &+ ((off &>> 3) & (wordsPerPage &- 1))) { buf, at in
            heapscope_prefetch(buf.baseAddress.unsafelyUnwrapped + at)
        }
    }

    @inline(never)
    func sparseLoad(page: Int, word: Int) -> UInt64 {
        let key = UInt64(word)
        // The list once (one reference), then plain indexing: in a debug build every
        // `sparse[page][i]` would walk both subscripts again.
        let list = sparse[page]
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
            return dense.storage.withChunk(holding: denseOffset(page: page) &+ word) { b, at in
                let old = b[at]
                b[at] = value
                return old
            }
        }
        let old = load(address)
        store(address, value)
        return old
    }

    /// `exchange` for a word of a dense page, by its index in `dense.storage` (the caller
    /// knows the page is dense and where its words are: storePointer's memo).
    @inline(__always) mutating func exchange(denseWord i: Int, _ value: UInt64) -> UInt64 {
        dense.storage.withChunk(holding: i) { b, at in
            let old = b[at]
            b[at] = value
            return old
        }
    }

    /// Stores `value` at `address`.
    @inline(__always) mutating func store(_ address: UInt64, _ value: UInt64) {
        let off = Int(address &- base)
        let page = off &>> pageShift
        let word = (off &>> 3) & (wordsPerPage &- 1)
        switch storage[page] {
        case .dense:
            dense.storage[denseOffset(page: page) &+ word] = value
        case .none:
            if value == 0 { return }
            sparse[page] = [UInt64(word), value]
            storage[page] = .sparse
        case .sparse:
            sparseStore(page: page, word: word, value)
        }
    }

    @inline(never)
    mutating func sparseStore(page: Int, word: Int, _ value: UInt64) {
        let key = UInt64(word)
        var i = 0
        let n = sparse[page].count
        while i < n {
            if sparse[page][i] == key {
                if value != 0 {
                    sparse[page][i &+ 1] = value
                } else {
                    sparse[page].removeSubrange(i..<(i &+ 2))
                    if sparse[page].isEmpty { storage[page] = .none }
                }
                return
            }
            i &+= 2
        }
        if value == 0 { return }
        if n / 2 < HeapMemory.sparseLimit {
            sparse[page].append(key)
            sparse[page].append(value)
            return
        }
        // Past the limit: the page turns dense, in a zeroed region.
        let region = dense.allocate(partLength: wordsPerPage)
        let first = Int(region.offset)
        let pairs = sparse[page]
        dense.storage.withChunk(holding: first) { b, at in
            var j = 0
            while j < n {
                b[at &+ Int(pairs[j])] = pairs[j &+ 1]
                j &+= 2
            }
            b[at &+ word] = value
        }
        sparse[page] = []
        denseRegion[page] = Int32(first / wordsPerPage)
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
                dense.storage.zero(from: denseOffset(page: page) + w0, count: w1 - w0 + 1)
            case .sparse:
                var kept: [UInt64] = []
                var i = 0
                let list = sparse[page]
                while i < list.count {
                    let k = Int(list[i])
                    if k < w0 || k > w1 { kept.append(list[i]); kept.append(list[i + 1]) }
                    i += 2
                }
                sparse[page] = kept
                if kept.isEmpty { storage[page] = .none }
            }
            off = pageEnd
        }
    }

    /// Drops a page's storage (its span went back to the heap: the contents are dead).
    mutating func discard(page: Int) {
        switch storage[page] {
        case .none: return
        case .sparse: sparse[page] = []
        case .dense:
            dense.release(offset: Int32(denseOffset(page: page)), partLength: Int32(wordsPerPage))
            denseRegion[page] = 0
        }
        storage[page] = .none
    }
}
