import Testing
@testable import HeapEngine

/// Pointer-word storage against a plain dictionary: random stores (nil included), clears and
/// discards over a few pages, through sparse and dense pages alike.
@Suite("pointer-word memory")
struct HeapMemoryTests {
    @Test("loads see exactly what was stored, cleared and discarded", arguments: [1, 2, 3] as [UInt64])
    func matchesDictionary(seed: UInt64) {
        let base: UInt64 = 0xc000000000
        var m = HeapMemory(pages: 4, pageShift: 13, base: base)
        var model: [UInt64: UInt64] = [:]
        var r = SeededRandom(seed: seed)
        var sawDense = false, sawSparse = false
        for _ in 0..<20_000 {
            // Page 0 gets many pointers (dense), pages 1–3 a few (sparse).
            let page = r.next(in: 0...9) < 6 ? 0 : r.next(in: 1...3)
            let word = r.next(in: 0...(page == 0 ? 1023 : 40))
            let a = base + UInt64(page * 8192 + word * 8)
            switch r.next(in: 0...19) {
            case 0:
                let bytes = 8 * r.next(in: 1...64)
                m.clear(a, bytes: min(bytes, 4 * 8192 - page * 8192 - word * 8))
                var x = a
                while x < a + UInt64(bytes) && x < base + 4 * 8192 { model[x] = nil; x += 8 }
            case 1 where r.next(in: 0...50) == 0:
                m.discard(page: page)
                for k in model.keys where (k - base) / 8192 == UInt64(page) { model[k] = nil }
            default:
                let v: UInt64 = r.next(in: 0...4) == 0 ? 0 : base + UInt64(r.next(in: 0...100_000) * 8)
                m.store(a, v)
                model[a] = v == 0 ? nil : v
            }
            sawDense = sawDense || m.storage[0] == .dense
            sawSparse = sawSparse || m.storage[1] == .sparse
        }
        #expect(sawDense && sawSparse)
        for page in 0..<4 {
            for w in 0..<1024 {
                let a = base + UInt64(page * 8192 + w * 8)
                #expect(m.load(a) == (model[a] ?? 0), "page \(page) word \(w)")
            }
        }
    }

    @Test("one pointer in each of many pages costs a pair, not a page")
    func sparsePages() {
        var m = HeapMemory(pages: 1000, pageShift: 13, base: 0)
        for p in 0..<1000 { m.store(UInt64(p * 8192 + 16), 0xc0) }
        #expect(m.sparse.indices.allSatisfy { m.sparse[$0].count == 2 })
        #expect(m.dense.storage.count == 0)
        #expect(m.load(8192 * 7 + 16) == 0xc0 && m.load(8192 * 7 + 24) == 0)
        // Past 64 pointers a page turns dense.
        for w in 0..<65 { m.store(UInt64(w * 8), 1) }
        #expect(m.storage[0] == .dense && m.sparse[0].isEmpty && m.dense.storage.count == 1024)
        #expect(m.load(16) == 1 && m.load(65 * 8) == 0)
        // A discarded dense page gives its words back; the next page to turn dense reuses
        // them, zeroed.
        m.discard(page: 0)
        #expect(m.load(16) == 0 && m.storage[0] == .none)
        for w in 100..<165 { m.store(UInt64(8192 * 3 + w * 8), 2) }
        #expect(m.storage[3] == .dense && m.dense.storage.count == 1024)
        #expect(m.load(8192 * 3 + 8) == 0 && m.load(8192 * 3 + 800) == 2 && m.load(8192 * 3 + 16) == 0xc0)
    }

    @Test("a copy of memory keeps its words when the original is written, and the other way round")
    func copiesAreIndependent() {
        var m = HeapMemory(pages: 8, pageShift: 13, base: 0)
        for w in 0..<100 { m.store(UInt64(w * 8), UInt64(w + 1)) }          // page 0 dense
        for w in 0..<100 { m.store(UInt64(8192 + w * 8), UInt64(w + 500)) } // page 1 dense
        let before = m
        var copy = m
        #expect(copy.exchange(8, 77) == 2)
        #expect(m.exchange(8192, 88) == 500)
        #expect(before.load(8) == 2 && before.load(8192) == 500)
        #expect(m.load(8) == 2 && m.load(8192) == 88)
        #expect(copy.load(8) == 77 && copy.load(8192) == 500)
        copy.clear(0, bytes: 8192)
        #expect(copy.load(8) == 0 && m.load(8) == 2 && before.load(16) == 3)
    }
}

@Suite("paged arrays")
struct PagedArrayTests {
    @Test("reads what was written across chunk boundaries; a copy is unaffected by later writes")
    func copySemantics() {
        var a = PagedArray(repeating: 0, count: 10_000)
        for i in stride(from: 0, to: 10_000, by: 7) { a[i] = i }
        let copy = a
        a[4094] = -1   // near the end of the first chunk (4094 is not a multiple of 7)
        a[4097] = -2   // in the second
        #expect(a.count == 10_000 && a[4094] == -1 && a[4097] == -2 && a[9996] == 9996)
        #expect(copy[4094] == 0 && copy[4097] == 0 && copy[4095] == 4095 && copy[9996] == 9996)
        #expect(copy != a)
    }
}
