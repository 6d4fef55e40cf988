// Narration: each event as a short step ("mcentral.cacheSpan took span 7 from nonempty") and as
// a plain sentence for the narration panel. Both name the runtime function, so a student can
// read the source afterwards.

extension HeapEvent {
    /// The step in a few words, for a chain of arrows.
    public var step: String {
        switch self {
        case let .mallocgc(size, noscan, p):
            "mallocgc(\(size)\(noscan ? ", noscan" : ""))" + (p == 0 ? "" : " on P\(p)")
        case .zeroSized: "size 0 → &zerobase"
        case let .sizeClass(_, c, slot, _): "class \(c) (\(slot) B slots)"
        case let .mallocHeader(size, bytes): "+\(bytes) B header → \(size + bytes) B"
        case let .tinyFits(block, off, _): "tiny block \(hexAddress(block)) +\(off)"
        case let .tinyNewBlock(block, _, replaced):
            "new tiny block \(hexAddress(block))" + (replaced ? "" : " (old block kept: more room)")
        case let .nextFreeFast(span, slot): "nextFreeFast: \(span) slot \(slot)"
        case .nextFreeFastMiss(let span): span.isNone ? "mcache empty" : "nextFreeFast miss"
        case let .allocCacheRefill(span, word): "allocCache ← allocBits word \(word) of \(span)"
        case let .nextFree(span, slot): "nextFree: \(span) slot \(slot)"
        case .spanFull(let span): "\(span) full"
        case let .mcacheRefill(_, spc, _, _): "mcache.refill(\(spc))"
        case let .spanSetPush(span, _, full, swept):
            "\(span) → \(full ? "full" : "partial") \(swept ? "swept" : "unswept")"
        case let .cacheSpan(_, span, from, _, _):
            from == .grow ? "mcentral.cacheSpan: new \(span)" : "mcentral.cacheSpan took \(span) from \(from.rawValue)"
        case let .mcentralGrow(_, npages): "mcentral.grow: \(npages) page\(npages == 1 ? "" : "s")"
        case let .mheapAlloc(span, npages, addr, _, _):
            "mheap.alloc: \(span) = \(npages) page\(npages == 1 ? "" : "s") at \(hexAddress(addr))"
        case let .heapGrow(npages): "mheap.grow(\(npages))"
        case let .sysReserve(base, bytes): "sysReserve \(ByteCount(bytes)) at \(hexAddress(base))"
        case let .sysMap(_, bytes): "sysMap \(ByteCount(bytes))"
        case let .scavengeLargest(_, released): "scavengeLargest released \(ByteCount(released))"
        case let .freeSpan(span, npages, _, merged): merged > 0
            ? "free \(span), merged with its free neighbours into \(npages) page\(npages == 1 ? "" : "s")"
            : "free \(span) (\(npages) page\(npages == 1 ? "" : "s"))"
        case let .largeAlloc(_, npages): "largeAlloc: \(npages) page\(npages == 1 ? "" : "s")"
        case let .allocated(addr, _, _, _): hexAddress(addr)
        case let .outOfMemory(req): "out of memory (\(ByteCount(req)))"
        case let .gcStart(cycle, trigger, _, _): "gcStart: cycle \(cycle) (\(trigger.rawValue) trigger)"
        case let .sweepTermination(n, pause): "sweep termination: STW, \(n) spans swept, \(GCTrace.fmtNSAsMS(UInt64(pause))) ms"
        case let .gcPhase(phase, wb): "phase \(phase), write barrier \(wb ? "on" : "off")"
        case let .markTinyAllocs(n): "gcMarkTinyAllocs: \(n) block\(n == 1 ? "" : "s")"
        case let .markRoot(name, target): "root \(name) → \(target == 0 ? "nil" : hexAddress(target))"
        case let .markrootGlobals(n): "markroot: globals, \(n) slot\(n == 1 ? "" : "s")"
        case let .markrootStack(g, n): "markroot: scan the stack of \(g), \(n) slot\(n == 1 ? "" : "s")"
        case let .newGoroutine(name, p): "newproc: goroutine \(name) on p\(p)"
        // In µs where that is the unit: a step's share of a long cycle read "0 ms".
        case let .backgroundMark(cpu, work): "background mark workers: \(DurationText(max(0, cpu))), \(work) B scan work"
        case let .assist(g, stolen, work, _): "gcAssistAlloc(\(g)): " + (stolen > 0 ? "stole \(stolen) B of credit" + (work > 0 ? ", " : "") : "") + (work > 0 || stolen == 0 ? "\(work) B scan work" : "")
        case let .sweepBeforeGC(n): "sweepone × \(n) before the pause"
        case let .proportionalSweep(pages): "deductSweepCredit: swept \(pages) page\(pages == 1 ? "" : "s")"
        case let .shade(addr, grey, reason): "shade \(hexAddress(addr)) \(grey ? "grey" : "black") (\(reason.text))"
        case let .scanObject(addr, n): "scanobject \(hexAddress(addr)): \(n) pointer\(n == 1 ? "" : "s") → black"
        case .allocateBlack(let addr): "allocated black \(hexAddress(addr))"
        case let .pointerStore(slot, old, new, barrier):
            "*\(hexAddress(slot)) = \(new == 0 ? "nil" : hexAddress(new))" + (barrier ? " (write barrier: " + Self.barrierTargets(old: old, new: new) + ")" : "")
        case let .rootStore(name, _, new, barrier):
            "\(name) = \(new == 0 ? "nil" : hexAddress(new))" + (barrier ? " (write barrier)" : "")
        case let .markTermination(marked, goal, pause, total):
            "mark termination: STW \(DurationText(pause)) (\(DurationText(total)) of pauses this cycle), \(ByteCount(Int(clamping: marked))) marked, next goal \(goal == .max ? "off" : ByteCount(Int(clamping: goal)).description)"
        case let .sweepSpan(span, freed, toHeap, by):
            "sweep \(span): \(freed) freed" + (toHeap ? ", span back to mheap" : "") + " (\(by.text))"
        case .sweepDone: "sweep done"
        case .gctrace(let line): line
        case .scavenge(let r): "scavenger released \(ByteCount(r))"
        case let .badPointer(addr, _): "bad pointer \(hexAddress(addr)): no live object there"
        }
    }

    /// The step as a sentence for the narration panel.
    public var sentence: String {
        switch self {
        case let .mallocgc(size, noscan, p):
            "mallocgc is asked for \(size) byte\(size == 1 ? "" : "s") \(noscan ? "without pointers" : "with pointers") on P \(p)."
        case .zeroSized:
            "A zero-sized request allocates nothing: every one returns the address of runtime.zerobase."
        case let .mallocHeader(size, bytes):
            "The object has pointers and is over 512 bytes, so a \(bytes)-byte malloc header (a pointer to its type) goes in front of it: \(size + bytes) bytes are looked up in the size-class table."
        case let .sizeClass(size, c, slot, spc):
            "\(size) B rounds up to size class \(c) (\(slot) B slots, \(slot - size) B wasted); span class \(spc.rawValue) = \(c)<<1|\(spc.noscan ? 1 : 0)."
        case let .tinyFits(block, off, size):
            "The tiny allocator packs the \(size) B object into the current 16 B block \(hexAddress(block)) at offset \(off): no span, no bitmap is touched."
        case let .tinyNewBlock(block, size, replaced):
            "It does not fit, so a new 16 B block \(hexAddress(block)) is taken from span class 2 noscan with the object at offset 0; " + (replaced ? "the new block becomes the current one." : "the old block stays current because it has more room left (\(size) B used in the new one).")
        case let .nextFreeFast(span, slot):
            "nextFreeFast: count-trailing-zeros on \(span)'s allocCache finds free slot \(slot)."
        case let .nextFreeFastMiss(span):
            span.isNone ? "This P's mcache has no span for the class yet (emptymspan): take the slow path." : "nextFreeFast finds nothing in the 64-slot allocCache window: take the slow path, nextFree."
        case let .allocCacheRefill(span, word):
            "nextFreeIndex refills \(span)'s allocCache from allocBits word \(word) (slots \(word * 64)…\(word * 64 + 63))."
        case let .nextFree(span, slot):
            "nextFree finds slot \(slot) of \(span)."
        case let .spanFull(span):
            "\(span) is full (freeindex = nelems)."
        case let .mcacheRefill(p, spc, old, spanSets):
            "mcache.refill(\(spc)) on P \(p): " + (old.isNone ? "nothing cached yet."
                : spanSets ? "\(old) is full; uncacheSpan hands it back to mcentral."
                : "\(old) stays on mcentral's empty list, no longer cached.")
        case let .spanSetPush(span, spc, full, swept):
            "\(span) goes into mcentral \(spc)'s \(full ? "full" : "partial") \(swept ? "swept" : "unswept") set" + (full ? " (no free slot)." : " (it has a free slot).")
        case let .cacheSpan(spc, span, from, free, spanSets):
            switch from {
            case .grow where spanSets: "mcentral \(spc) has no span with room, so it grows and caches the new \(span) (\(free) free slots); a cached span is in no span set."
            case .partialSwept: "mcentral.cacheSpan pops \(span) (\(free) free slots) from the partial swept set; while cached it is in no set."
            case .partialUnswept: "mcentral.cacheSpan pops \(span) from the partial unswept set, sweeps it and caches it (\(free) free slots)."
            case .fullUnswept: "mcentral.cacheSpan pops \(span) from the full unswept set; sweeping freed \(free) slots, so it caches it."
            case .grow: "mcentral \(spc) has no span with room, so it grows and caches the new \(span) (\(free) free slots), putting it on empty."
            default: "mcentral.cacheSpan takes \(span) (\(free) free slots) from \(from.rawValue) and moves it to the back of empty."
            }
        case let .mcentralGrow(spc, npages):
            "mcentral.grow asks mheap for \(npages) page\(npages == 1 ? "" : "s") (class_to_allocnpages[\(spc.sizeclass)])."
        case let .mheapAlloc(span, npages, addr, rest, scav):
            "mheap.alloc takes \(npages) page\(npages == 1 ? "" : "s") at \(hexAddress(addr)) as \(span)" + (rest > 0 ? "; the other \(rest) pages of that free span go back to the free treap" : "") + (scav ? "; they had been returned to the OS, so sysUsed brings them back." : ".")
        case let .heapGrow(npages):
            "No free span has \(npages) page\(npages == 1 ? "" : "s"): mheap.grow asks the OS for more address space."
        case let .sysReserve(base, bytes):
            "sysAlloc reserves \(ByteCount(bytes)) of address space at \(hexAddress(base)) (a whole heapArena)."
        case let .sysMap(_, bytes):
            "sysMap maps it for the heap: HeapSys grows by \(ByteCount(bytes)), all of it idle for now."
        case let .scavengeLargest(req, released):
            "scavengeLargest returns \(ByteCount(released)) of the largest free spans to the OS to offset the \(ByteCount(req)) just mapped (HeapReleased)."
        case let .freeSpan(span, npages, addr, merged):
            merged > 0 ? "\(span) becomes free and is merged with \(merged) free neighbour\(merged == 1 ? "" : "s"): \(npages) free page\(npages == 1 ? "" : "s") at \(hexAddress(addr))."
                : "\(span) becomes free: \(npages) page\(npages == 1 ? "" : "s") at \(hexAddress(addr))."
        case let .largeAlloc(size, npages):
            "\(size) B is over 32 KiB: a large object gets a span of its own, \(npages) page\(npages == 1 ? "" : "s") (\(ByteCount(npages * 8192)))."
        case let .allocated(addr, span, slot, bytes):
            "The object is at \(hexAddress(addr)): slot \(slot) of \(span), \(bytes) B accounted."
        case let .outOfMemory(req):
            "Out of memory: the simulated arena has no room for \(ByteCount(req))."
        case let .gcStart(cycle, trigger, live, trig):
            switch trigger {
            case .heap: "GC cycle \(cycle) starts: heap_live \(ByteCount(Int(clamping: live))) reached the trigger \(ByteCount(Int(clamping: trig)))."
            case .time: "GC cycle \(cycle) starts: sysmon forces one, two minutes have passed since the last."
            case .cycle: "GC cycle \(cycle) starts because the program asked for it (runtime.GC)."
            }
        case let .sweepTermination(n, pause):
            "Sweep termination: the world stops" + (n > 0 ? " and the \(n) spans the last cycle left unswept are swept" : "") + " (\(GCTrace.fmtNSAsMS(UInt64(pause))) ms)."
        case let .gcPhase(phase, wb):
            switch phase {
            case .mark: "gcphase = _GCmark: the write barrier is \(wb ? "on" : "OFF (for teaching)"), new objects are allocated black, and the world restarts."
            case .marktermination: "No grey objects are left: mark termination stops the world again (gcphase = _GCmarktermination)."
            case .sweep: "gcphase = _GCoff: the write barrier is off and sweepgen += 2, so every span now needs sweeping."
            default: "The collector is \(phase)."
            }
        case let .markTinyAllocs(n):
            "gcMarkTinyAllocs blackens each P's current tiny block (\(n))."
        case let .markRoot(name, target):
            target == 0 ? "Root \(name) is nil." : "Root \(name) points to \(hexAddress(target)): shade it."
        case let .markrootGlobals(n):
            "markroot scans the data and BSS segments: \(n) global\(n == 1 ? "" : "s")."
        case let .markrootStack(g, n):
            "markroot scans the stack of \(g) (scang → scanstack): \(n) slot\(n == 1 ? "" : "s"); from now on that stack is black."
        case let .newGoroutine(name, p):
            "go statement (newproc): goroutine \(name) starts on p\(p) with an empty stack."
        case let .backgroundMark(cpu, work):
            "Background mark workers ran beside the program: \(GCTrace.fmtNSAsMS(UInt64(max(0, cpu)))) ms of CPU, \(work) bytes of scan work (credit for assists)."
        case let .assist(g, stolen, work, cpu):
            "\(g) allocated in debt, so it assists the collector (gcAssistAlloc)" + (stolen > 0 ? ": it takes \(stolen) bytes of background credit" : "")
                + (work > 0 ? (stolen > 0 ? " and" : ":") + " scans \(work) bytes itself (\(GCTrace.fmtNSAsMS(UInt64(max(0, cpu)))) ms its program does not run)." : ".")
        case let .sweepBeforeGC(n):
            "Before stopping the world, gcStart sweeps the \(n) span\(n == 1 ? "" : "s") the last cycle left (sweepone), outside the pause."
        case let .proportionalSweep(pages):
            "Proportional sweep (deductSweepCredit): before taking pages the allocation sweeps \(pages) page\(pages == 1 ? "" : "s"), so sweeping finishes before the next trigger."
        case let .shade(addr, grey, reason):
            "\(hexAddress(addr)) is marked" + (grey ? " and queued: it is grey" : "; it has no pointers, so it is black at once") + " (\(reason.text))."
        case let .scanObject(addr, n):
            "scanobject \(hexAddress(addr)): \(n) pointer\(n == 1 ? "" : "s") followed; the object is black."
        case .allocateBlack(let addr):
            "The collector is marking, so \(hexAddress(addr)) is allocated black (gcmarknewobject)."
        case let .pointerStore(slot, old, new, barrier):
            "Pointer store at \(hexAddress(slot)): \(old == 0 ? "nil" : hexAddress(old)) → \(new == 0 ? "nil" : hexAddress(new))" + (barrier ? "; the write barrier: " + Self.barrierTargets(old: old, new: new) + "." : ".")
        case let .rootStore(name, _, new, barrier):
            "\(name) = \(new == 0 ? "nil" : hexAddress(new))" + (barrier ? "; a global, so the write barrier shades the old and new values." : ".")
        case let .markTermination(marked, goal, pause, total):
            "Mark termination: \(ByteCount(Int(clamping: marked))) live; the next heap goal is \(goal == .max ? "off (GOGC=off)" : ByteCount(Int(clamping: goal)).description); the world stopped for \(DurationText(pause)) (\(DurationText(total)) of pauses in this cycle)."
        case let .sweepSpan(span, freed, toHeap, by):
            "Sweeping \(span) (\(by.text)): allocBits = gcmarkBits, \(freed) object\(freed == 1 ? "" : "s") freed" + (toHeap ? "; nothing in it survived, so its pages go back to mheap (HeapIdle)." : ".")
        case .sweepDone:
            "Every span is swept; the collector is idle until the next trigger."
        case .gctrace(let line):
            line
        case .scavenge(let r):
            "The scavenger returns \(ByteCount(r)) of long-unused free spans to the OS (HeapReleased)."
        case let .badPointer(addr, from):
            "Found a pointer to \(hexAddress(addr))" + (from == 0 ? "" : " in \(hexAddress(from))") + " where no object is alive: an object was freed while still reachable."
        }
    }

    /// What the two halves of the barrier shade on a store: the old value (nil: nothing) and
    /// the new one (nil: nothing).
    static func barrierTargets(old: UInt64, new: UInt64) -> String {
        switch (old == 0, new == 0) {
        case (true, true): "nothing to shade (old and new are nil)"
        case (true, false): "shades the new value; the old was nil"
        case (false, true): "shades the old value \(hexAddress(old)); the new is nil"
        case (false, false): "shades the old value \(hexAddress(old)) and the new one"
        }
    }
}

/// Joins events into the one-line path the narration bar shows.
public enum Narration {
    /// `mallocgc(144) → class 10 (144 B slots) → mcache empty → …`
    public static func chain(_ events: [HeapEvent]) -> String {
        events.filter {
            if case .allocCacheRefill = $0 { return false }
            return true
        }.map(\.step).joined(separator: " → ")
    }
}
