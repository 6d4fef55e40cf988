// The collector's invariants, checked from scratch.
//
//   - sweepgen: every in-use span is swept (h), needs sweeping (h-2, only while sweeping is
//     unfinished) or cached (h+3); once sweeping is done, every uncached span is at h.
//   - grey objects are exactly the work queue: a grey bit implies a mark bit, and the queue
//     holds each grey object once. Outside marking there are no grey objects and no marks
//     on swept spans.
//   - tri-colour: while marking with the write barrier on, no black object points to a white
//     one (the hybrid barrier shades both ends of every heap store, so the strong invariant
//     holds for heap objects).
//   - once marking has finished (no grey object left), every object reachable from the roots
//     is marked; once sweeping has finished, every reachable object is still allocated and
//     every allocated object was reachable at the last mark (nothing unreachable survives a
//     finished cycle except objects allocated since).
// With the write barrier turned off for teaching, the last two can fail; the checker then
// names the object that was lost, which is the lesson.

extension Heap {
    /// Every live object reachable from the roots (and the P's current tiny blocks), by a
    /// traversal independent of the collector's own marking.
    public func reachableObjects() -> Set<UInt64> { reachabilityWalk().reachable }

    /// The independent walk: every object reachable from the roots, and every pointer met on
    /// the way that points at no live object. One pass, a loop with its own stack (the depth
    /// of a heap is the program's to choose), and no closure over the heap: an invariant check
    /// runs after every step of the tests, and in a debug build a closure that captures the
    /// heap copies it.
    func reachabilityWalk() -> (reachable: Set<UInt64>, dangling: [DanglingPointer]) {
        var seen = Set<UInt64>()
        var stack: [UInt64] = []
        var dangling: [DanglingPointer] = []
        var words: [(word: Int, value: UInt64)] = []
        for r in roots where r.live && r.value != 0 {
            if let o = findObject(r.value) {
                if seen.insert(o.base).inserted { stack.append(o.base) }
            } else {
                dangling.append(DanglingPointer(root: r.name, object: 0, word: 0, target: r.value))
            }
        }
        while let b = stack.popLast() {
            guard let o = findObject(b) else { continue }
            words.removeAll(keepingCapacity: true)
            appendPointers(of: o, to: &words)
            for (w, v) in words {
                if let t = findObject(v) {
                    if seen.insert(t.base).inserted { stack.append(t.base) }
                } else {
                    dangling.append(DanglingPointer(root: nil, object: o.base, word: w, target: v))
                }
            }
        }
        return (seen, dangling)
    }

    /// Heap words a full invariant check reads, about: every in-use page's words and every
    /// span. A test that checks after every step of a big heap spends this per check; it
    /// divides a budget of words by it instead of checking every so many steps.
    public var invariantCheckWords: Int {
        mheap.pagesInUse &<< (pageShift - 3) + mheap.allspans.count
    }

    /// Every allocated object's base address.
    public func allocatedObjects() -> [ObjectRef] {
        var out: [ObjectRef] = []
        forEachAllocatedObject { out.append($0) }
        return out
    }

    /// Calls `body` with every allocated object, span by span, building no array.
    public func forEachAllocatedObject(_ body: (ObjectRef) -> Void) {
        for i in mheap.allspans.indices where mheap.allspans[i].state == .inUse {
            let id = SpanID(i)
            let base = self.base(of: id)
            let nelems = Int(mheap.allspans[i].nelems), elemsize = mheap.allspans[i].elemsize
            for slot in 0..<nelems where mheap.isSlotAllocated(id, slot: slot) {
                body(ObjectRef(span: id, slot: slot, base: base &+ UInt64(slot &* elemsize)))
            }
        }
    }

    /// Pointers reachable from the roots that point at no live object: objects freed while
    /// still reachable. (Garbage may point at freed garbage; that is harmless and not listed.)
    public func danglingPointers() -> [DanglingPointer] { reachabilityWalk().dangling }

    /// A pointer to freed memory held by a root (`root`) or by word `word` of a reachable object.
    public struct DanglingPointer: Equatable, Sendable {
        public let root: String?
        public let object: UInt64
        public let word: Int
        public let target: UInt64
    }

    /// Calls `body` for every non-nil pointer word of every allocated object with pointers,
    /// skipping pages where nothing was ever stored.
    func forEachStoredPointer(_ body: (ObjectRef, Int, UInt64) -> Void) {
        for (i, s) in mheap.allspans.enumerated() where s.state == .inUse && !s.spanclass.noscan {
            let first = Int(s.startPage)
            guard (first..<(first + Int(s.npages))).contains(where: { memory.hasStorage(page: $0) }) else { continue }
            let id = SpanID(i)
            let base = self.base(of: id)
            var words: [(word: Int, value: UInt64)] = []
            for slot in 0..<Int(s.nelems) where mheap.isSlotAllocated(id, slot: slot) {
                let o = ObjectRef(span: id, slot: slot, base: base &+ UInt64(slot * s.elemsize))
                words.removeAll(keepingCapacity: true)
                appendPointers(of: o, to: &words)
                for (w, v) in words { body(o, w, v) }
            }
        }
    }

    /// Checks the collector's invariants; see the file header.
    public func checkGCInvariants() -> [InvariantViolation] {
        var bad: [String] = []
        func fail(_ m: String) { if bad.count < 50 { bad.append(m) } }
        let sg = mheap.sweepgen
        let marking = gc.phase == .mark || gc.phase == .marktermination
        var greyCount = 0
        for (i, s) in mheap.allspans.enumerated() where s.state == .inUse {
            let id = SpanID(i)
            switch s.sweepgen {
            case sg, sg &+ 3: break
            case sg &- 2 where !gc.sweepdone: break
            default: fail("\(id) has sweepgen \(s.sweepgen) while h.sweepgen is \(sg)\(gc.sweepdone ? " and sweeping is done" : "")")
            }
            let mark = gcmarkBitsBase(id), grey = greyBitsBase(id)
            for w in 0..<Int(s.bitsHalfWords) {
                let m = mheap.gcBits.storage[mark + w], g = mheap.gcBits.storage[grey + w]
                greyCount += g.nonzeroBitCount
                if g & ~m != 0 { fail("\(id) has grey slots that are not marked") }
                if !marking && s.sweepgen == sg && m != 0 {
                    fail("swept \(id) still has mark bits outside marking")
                }
            }
        }
        if greyCount != gc.workQueue.count || Set(gc.workQueue).count != gc.workQueue.count {
            fail("\(greyCount) grey objects but \(gc.workQueue.count) queued")
        }
        if marking && gc.writeBarrierAllowed {
            forEachStoredPointer { o, w, v in
                guard color(of: o) == .black, let t = findObject(v), color(of: t) == .white else { return }
                fail("black \(hexAddress(o.base)) word \(w) points to white \(hexAddress(t.base))")
            }
        }
        if let counted = markColourCounts {
            var white = 0, grey = 0, black = 0
            forEachAllocatedObject { o in
                switch color(of: o) { case .white: white += 1; case .grey: grey += 1; case .black: black += 1 }
            }
            if (white, grey, black) != (counted.white, counted.grey, counted.black) {
                fail("colour counters say \(counted.white)/\(counted.grey)/\(counted.black) white/grey/black, the objects \(white)/\(grey)/\(black)")
            }
        }
        // The independent reachability walk, once per check.
        let (reachable, dangling) = reachabilityWalk()
        if marking && gc.workQueue.isEmpty && gc.rootNext >= gc.rootJobs.count {
            for b in reachable {
                if let o = findObject(b), !isMarked(o.span, o.slot) {
                    fail("marking is over but reachable \(hexAddress(b)) is white")
                }
            }
        }
        for d in dangling {
            fail("\(d.root ?? "\(hexAddress(d.object)) word \(d.word)") points to \(hexAddress(d.target)), which was freed while reachable")
        }
        return bad.map { InvariantViolation(message: $0) }
    }
}
