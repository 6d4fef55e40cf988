// The heap's invariants, checked from scratch (in the spirit of swift-collections'
// _checkInvariants). Tests call `checkInvariants()` after every step; the UI can call it to
// show a teacher that the picture is consistent.
//
// What must hold, in plain words:
//   Spans and pages
//     - every mapped page belongs to exactly one span that is in use or free; no two spans
//       overlap, and nothing lies outside the mapped part of the arena;
//     - the page→span map (h.spans) maps every page of an in-use span, and the first and last
//       page of a free span, to that span.
//   Slots
//     - in a small in-use span, nelems = npages·8 KiB / elemsize, freeindex ≤ nelems, and
//       allocCount = |allocBits ∪ [0, freeindex)| (allocation does not set allocBits);
//     - allocCache mirrors the complement of allocBits from freeindex to the end of its word;
//     - a large object's span holds one object: nelems = allocCount = 1.
//   Lists
//     - each small in-use span is on exactly one list of its own class's mcentral, with
//       consistent links and counts; spans on `nonempty` have a free slot and are not cached;
//       spans on `empty` are full or cached; each span is cached by at most one mcache, and a
//       cached span's sweepgen is h.sweepgen+3;
//     - each free span is in `free` or `scav` as its scavenged flag says, and in no other list.
//   Statistics
//     - HeapInuse = bytes of in-use spans = pagesInUse·8 KiB; HeapIdle = bytes of free spans;
//       HeapSys = HeapInuse + HeapIdle = mapped bytes; HeapReleased = bytes of scavenged spans;
//     - per size class, objects handed out minus objects freed equals Σ allocCount, and
//       HeapAlloc equals the bytes of allocated slots (tiny blocks as 16 B objects).
//   Tiny blocks
//     - a P's current tiny block is an allocated slot of a "2 noscan" span; tinyoffset ≤ 16.

/// A broken heap invariant, with what was found.
public struct InvariantViolation: Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension Heap {
    /// Checks every invariant of the allocator from scratch; returns what does not hold.
    public func checkInvariants() -> [InvariantViolation] {
        var bad: [String] = []
        func fail(_ m: String) { if bad.count < 50 { bad.append(m) } }
        let pageBytes = UInt64(profile.pageSize)

        // Spans and pages.
        var owner = [SpanID](repeating: .none, count: mheap.arenaPages)
        var inUseBytes: UInt64 = 0, freeBytes: UInt64 = 0, releasedBytes: UInt64 = 0
        var inUsePages = 0
        for (i, s) in mheap.allspans.enumerated() where s.state == .inUse || s.state == .free {
            let id = SpanID(i)
            let start = Int(s.startPage), n = Int(s.npages)
            guard n > 0, start >= 0, start + n <= mheap.mappedPages else {
                fail("\(id) covers pages \(start)..<\(start + n) outside the mapped \(mheap.mappedPages) pages")
                continue
            }
            for p in start..<(start + n) {
                if !owner[p].isNone { fail("page \(p) belongs to both \(owner[p]) and \(id)") }
                owner[p] = id
            }
            if s.state == .inUse {
                inUseBytes += UInt64(n) * pageBytes
                inUsePages += n
                for p in start..<(start + n) where mheap.spans[p] != id {
                    fail("h.spans[\(p)] is \(mheap.spans[p]), not in-use \(id)")
                    break
                }
            } else {
                freeBytes += UInt64(n) * pageBytes
                if s.scavenged { releasedBytes += UInt64(n) * pageBytes }
                if mheap.spans[start] != id || mheap.spans[start + n - 1] != id {
                    fail("h.spans does not map the first and last page of free \(id)")
                }
            }
        }
        if profile.pageAllocator == .bitmap {
            // go1.25: a page is in use in the bitmap exactly when an in-use span owns it; free
            // pages are no span, and only free pages are released.
            if mheap.pages.mappedPages != mheap.mappedPages {
                fail("the page bitmap maps \(mheap.pages.mappedPages) pages, the heap \(mheap.mappedPages)")
            }
            for p in 0..<mheap.mappedPages {
                let used = mheap.pages.isInUse(p)
                if used != !owner[p].isNone { fail("page \(p): bitmap says \(used ? "in use" : "free"), owner \(owner[p])"); break }
                if used && mheap.pages.isScavenged(p) { fail("in-use page \(p) is marked released"); break }
                if !used {
                    freeBytes += pageBytes
                    if mheap.pages.isScavenged(p) { releasedBytes += pageBytes }
                    if !mheap.spans[p].isNone { fail("h.spans[\(p)] of free page \(p) is \(mheap.spans[p])"); break }
                }
            }
            if mheap.pages.searchPage < mheap.mappedPages,
               let firstFree = (0..<mheap.mappedPages).first(where: { !mheap.pages.isInUse($0) }), firstFree < mheap.pages.searchPage {
                fail("free page \(firstFree) lies below searchAddr (page \(mheap.pages.searchPage))")
            }
        } else {
            for p in 0..<mheap.mappedPages where owner[p].isNone {
                fail("mapped page \(p) belongs to no span")
                break
            }
        }

        // Which spans are cached, and by whom.
        var cachedBy = [Int](repeating: -1, count: mheap.allspans.count)
        for (p, c) in mcaches.enumerated() {
            for (i, id) in c.alloc.enumerated() where !id.isNone {
                let s = mheap.allspans[id.index]
                if cachedBy[id.index] >= 0 { fail("\(id) is cached by P \(cachedBy[id.index]) and P \(p)") }
                cachedBy[id.index] = p
                if s.state != .inUse || s.spanclass.index != i {
                    fail("P \(p) caches \(id) for span class \(SpanClass(rawValue: UInt8(i))) but it is \(s.state), class \(s.spanclass)")
                }
                if s.sweepgen != mheap.sweepgen &+ 3 {
                    fail("cached \(id) has sweepgen \(s.sweepgen), h.sweepgen is \(mheap.sweepgen)")
                }
            }
            if c.tinyoffset < 0 || c.tinyoffset > profile.maxTinySize {
                fail("P \(p) tinyoffset \(c.tinyoffset) is outside 0…\(profile.maxTinySize)")
            }
            if c.tiny != 0 {
                if let (id, slot) = locate(c.tiny) {
                    if mheap.allspans[id.index].spanclass != profile.tinySpanClass || !mheap.isSlotAllocated(id, slot: slot) {
                        fail("P \(p)'s tiny block \(hexAddress(c.tiny)) is not an allocated tiny slot")
                    }
                } else {
                    fail("P \(p)'s tiny block \(hexAddress(c.tiny)) is not in an in-use span")
                }
            }
        }

        // Slots, per span, and the live-object totals.
        var liveByClass = [Int](repeating: 0, count: profile.sizeClasses.count)
        var liveBytes: UInt64 = 0
        var largeLive = 0
        for (i, s) in mheap.allspans.enumerated() where s.state == .inUse {
            let id = SpanID(i)
            if s.isLarge {
                if s.nelems != 1 || s.allocCount > 1 { fail("large \(id) has nelems \(s.nelems), allocCount \(s.allocCount)") }
                if profile.mcentralShape == .spanSets {
                    // go1.25: a large span lives in fullSwept (unswept after a mark ended).
                    checkSpanSetMembership(id, s, cached: false, fail: fail)
                } else if s.list != .none { fail("large \(id) is on list \(s.list)") }
                largeLive += Int(s.allocCount)
                liveBytes += UInt64(Int(s.allocCount) * s.elemsize)
                continue
            }
            let expectNelems = profile.objectsPerSpan(sizeclass: s.spanclass.sizeclass, noscan: s.spanclass.noscan)
            if Int(s.nelems) != expectNelems { fail("\(id) has nelems \(s.nelems), layout says \(expectNelems)") }
            if s.elemsize != Int(profile.sizeClasses.classToSize[s.spanclass.sizeclass]) {
                fail("\(id) elemsize \(s.elemsize) does not match class \(s.spanclass.sizeclass)")
            }
            if s.freeindex < 0 || s.freeindex > s.nelems { fail("\(id) freeindex \(s.freeindex) outside 0…\(s.nelems)") }
            let counted = countAllocatedSlots(id)
            if counted != Int(s.allocCount) {
                fail("\(id): allocCount is \(s.allocCount) but allocBits ∪ [0, freeindex) has \(counted) slots")
            }
            // allocCache window.
            let fi = Int(s.freeindex)
            if fi < Int(s.nelems) {
                let word = mheap.allocBitsWord(id, fi >> 6)
                let expected = ~word >> UInt64(fi & 63)
                let width = 64 - (fi & 63)
                let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) &- 1
                if (s.allocCache & mask) != (expected & mask) {
                    fail("\(id): allocCache does not mirror allocBits from freeindex \(fi)")
                }
            }
            liveByClass[s.spanclass.sizeclass] += Int(s.allocCount)
            liveBytes += UInt64(Int(s.allocCount) * s.elemsize)

            // List membership.
            let cached = cachedBy[i] >= 0
            if profile.mcentralShape == .spanSets {
                checkSpanSetMembership(id, s, cached: cached, fail: fail)
                continue
            }
            switch s.list {
            case .nonempty:
                if cached { fail("cached \(id) is on nonempty") }
                if s.allocCount >= s.nelems && s.sweepgen == mheap.sweepgen { fail("full \(id) is on nonempty") }
            case .empty:
                if !cached && s.allocCount < s.nelems && s.sweepgen == mheap.sweepgen {
                    fail("\(id) has \(s.nelems - s.allocCount) free slots, is not cached, yet is on empty")
                }
            default:
                fail("small in-use \(id) is on no mcentral list (list: \(s.list))")
            }
        }
        for (i, s) in mheap.allspans.enumerated() where s.state == .free {
            let want: SpanListKind = s.scavenged ? .heapScav : .heapFree
            if s.list != want { fail("free \(SpanID(i)) (scavenged: \(s.scavenged)) is on \(s.list)") }
        }
        for (i, s) in mheap.allspans.enumerated() where s.state == .dead && s.list != .none {
            fail("dead \(SpanID(i)) is still on \(s.list)")
        }
        // The free treaps hold exactly the free spans.
        for (set, kind) in [(mheap.free, SpanListKind.heapFree), (mheap.scav, .heapScav)] {
            for e in set.entries {
                let s = mheap.allspans[e.id.index]
                if s.state != .free || s.list != kind || s.npages != e.npages || s.startPage != e.startPage {
                    fail("\(kind) holds a stale entry for \(e.id)")
                }
            }
        }
        let freeCount = mheap.allspans.filter { $0.state == .free }.count
        if freeCount != mheap.free.count + mheap.scav.count {
            fail("\(freeCount) free spans but the treaps hold \(mheap.free.count + mheap.scav.count)")
        }
        // mcentral lists: links, counts and classes.
        for c in central.indices {
            for kind in [SpanListKind.nonempty, .empty] {
                let list = kind == .nonempty ? central[c].nonempty : central[c].empty
                var prev = SpanID.none
                var s = list.first
                var n = 0
                while !s.isNone && n <= mheap.allspans.count {
                    let span = mheap.allspans[s.index]
                    if span.list != kind || span.spanclass.index != c || span.state != .inUse {
                        fail("mcentral \(SpanClass(rawValue: UInt8(c))) \(kind) holds \(s), which is \(span.state) on \(span.list), class \(span.spanclass)")
                    }
                    if span.prev != prev { fail("\(s).prev is \(span.prev), expected \(prev)") }
                    prev = s
                    s = span.next
                    n += 1
                }
                if prev != list.last { fail("mcentral \(c) \(kind).last is \(list.last), walk ended at \(prev)") }
                if n != list.count { fail("mcentral \(c) \(kind) counts \(list.count), walk found \(n)") }
            }
        }

        // Span sets: every live entry is the span's own record of where it is; no span twice.
        if profile.mcentralShape == .spanSets {
            var seen = Set<SpanID>()
            for c in central.indices {
                let spc = SpanClass(rawValue: UInt8(c))
                for full in [false, true] {
                    for swept in [false, true] {
                        for id in spans(inSet: full, swept: swept, of: spc) {
                            if !seen.insert(id).inserted { fail("\(id) is in two span sets") }
                            if mheap.allspans[id.index].spanclass != spc {
                                fail("mcentral \(spc) holds \(id) of class \(mheap.allspans[id.index].spanclass)")
                            }
                        }
                    }
                }
            }
            for (i, s) in mheap.allspans.enumerated() where s.state == .inUse && s.list.isSpanSet && !seen.contains(SpanID(i)) {
                fail("\(SpanID(i)) says it is in \(s.list), which does not hold it")
            }
        }

        // Statistics.
        if memstats.heapInuse != inUseBytes { fail("HeapInuse \(memstats.heapInuse) ≠ in-use span bytes \(inUseBytes)") }
        if inUsePages != mheap.pagesInUse { fail("pagesInUse \(mheap.pagesInUse) ≠ in-use pages \(inUsePages)") }
        if memstats.heapIdle != freeBytes { fail("HeapIdle \(memstats.heapIdle) ≠ free span bytes \(freeBytes)") }
        if memstats.heapReleased != releasedBytes { fail("HeapReleased \(memstats.heapReleased) ≠ scavenged bytes \(releasedBytes)") }
        if memstats.heapSys != memstats.heapInuse + memstats.heapIdle {
            fail("HeapSys \(memstats.heapSys) ≠ HeapInuse + HeapIdle \(memstats.heapInuse + memstats.heapIdle)")
        }
        if memstats.heapSys != UInt64(mheap.mappedPages) * pageBytes {
            fail("HeapSys \(memstats.heapSys) ≠ mapped bytes \(UInt64(mheap.mappedPages) * pageBytes)")
        }
        let st = readMemStats()
        if st.heapAlloc != liveBytes { fail("HeapAlloc \(st.heapAlloc) ≠ bytes of allocated slots \(liveBytes)") }
        let liveObjects = liveByClass.reduce(0, +) + largeLive
        if st.heapObjects != UInt64(liveObjects) { fail("HeapObjects \(st.heapObjects) ≠ allocated objects \(liveObjects)") }
        for c in 1..<profile.sizeClasses.count {
            let row = st.bySize.indices.contains(c) ? st.bySize[c] : nil
            if let row, row.mallocs - row.frees != UInt64(liveByClass[c]) {
                fail("class \(c): Mallocs − Frees = \(row.mallocs - row.frees), allocated slots \(liveByClass[c])")
            }
        }
        return bad.map { InvariantViolation(message: $0) } + checkGCInvariants()
    }

    /// go1.25: a span in use is in exactly the set its state says — none while cached;
    /// partial with a free slot, full without; swept or unswept as its sweepgen says.
    func checkSpanSetMembership(_ id: SpanID, _ s: MSpan, cached: Bool, fail: (String) -> Void) {
        if cached {
            if s.list != .none { fail("cached \(id) is in \(s.list)") }
            return
        }
        guard s.list.isSpanSet else {
            fail("in-use \(id) is in no span set (list: \(s.list))")
            return
        }
        let sweptIndex = Heap.sweptSetIndex(mheap.sweepgen)
        let full = s.list == .full0 || s.list == .full1
        let index = (s.list == .partial0 || s.list == .full0) ? 0 : 1
        let swept = index == sweptIndex
        if swept != (s.sweepgen == mheap.sweepgen) {
            fail("\(id) (sweepgen \(s.sweepgen), heap \(mheap.sweepgen)) is in the \(swept ? "swept" : "unswept") set \(s.list)")
        }
        if full != (s.allocCount >= s.nelems) {
            fail("\(id) with \(s.nelems - s.allocCount) free slots is in \(s.list)")
        }
    }
}
