// Address-space states: what the operating system has been told about each page.
//
// Later runtimes document four states in mem.go (None → Reserved → Prepared → Ready); go1.12
// has the same helpers without the comment, so heapscope uses the later names for go1.12 too:
//
//   None      not reserved: nothing of the runtime's lives here yet.
//   Reserved  sysReserve'd: owned by the runtime, but faults if touched.
//   Prepared  backed by no RAM, cheap to make Ready again: scavenged pages (sysUnused).
//   Ready     safe to use: go1.12's sysMap maps a heapArena read/write at once, so mapped pages
//             are Ready until the scavenger releases them.
//
// go1.12's sysAlloc reserves and maps in one call, so in heapscope a page goes from None to
// Ready in one grow step (the events show both halves: sysReserve, then sysMap), and moves
// between Ready and Prepared as it is scavenged (sysUnused) and reused (sysUsed).

/// The OS-level state of a page of the simulated arena.
public enum AddressSpaceState: String, Sendable, CaseIterable {
    case none = "None"
    case reserved = "Reserved"
    case prepared = "Prepared"
    case ready = "Ready"
}

extension Heap {
    /// The address-space state of `page`: None beyond the mapped heapArenas, Prepared for a
    /// scavenged free span, Ready otherwise.
    public func addressSpaceState(ofPage page: Int) -> AddressSpaceState {
        guard page >= 0, page < mheap.mappedPages else { return .none }
        if let id = owningSpan(ofPage: page), mheap.allspans[id.index].state == .free,
           mheap.allspans[id.index].scavenged {
            return .prepared
        }
        return .ready
    }

    /// The in-use or free span whose pages include `page` (h.spans only records a free span's
    /// first and last page, so this searches the free spans for the rest).
    public func owningSpan(ofPage page: Int) -> SpanID? {
        guard page >= 0, page < mheap.arenaPages else { return nil }
        let id = mheap.spans[page]
        if !id.isNone {
            let s = mheap.allspans[id.index]
            if (s.state == .inUse || s.state == .free), page >= Int(s.startPage),
               page < Int(s.startPage + s.npages) {
                return id
            }
        }
        for set in [mheap.free, mheap.scav] {
            for e in set.entries where page >= Int(e.startPage) && page < Int(e.startPage + e.npages) {
                return e.id
            }
        }
        return nil
    }
}
