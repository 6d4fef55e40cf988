// Inspecting one object: its slot, span and class, who holds the span (an mcache or an
// mcentral list), its pointers, and a path from a root that keeps it alive.

import HeapEngine

enum Inspector {
    static func lines(_ addr: UInt64, _ ctx: PanelContext) -> [String] {
        let heap = ctx.heap
        guard let o = heap.findObject(addr) else { return ["\(hexAddress(addr)) is not a live object"] }
        let s = heap.mheap.allspans[o.span.index]
        // A colour only while marking; between a cycle and the sweep of its span the mark bit
        // says whether the object survives; otherwise there is none to give ("white" outside
        // marking read as "garbage").
        let colour: String
        if heap.gc.phase == .mark || heap.gc.phase == .marktermination {
            colour = "colour \(heap.color(of: o).rawValue)"
        } else if s.sweepgen == heap.mheap.sweepgen &- 2 {
            colour = heap.color(of: o) == .white ? "unmarked: its span's sweep frees it" : "marked: it survives its span's sweep"
        } else {
            colour = "no colour now (the collector colours objects while it marks)"
        }
        var out = ["slot \(o.slot) of span \(o.span.index), class \(s.spanclass) (\(s.elemsize)-byte slots), \(colour)"]
        let holder = heap.mcaches.enumerated().first { $0.element.alloc.contains(o.span) }.map { "cached by p\($0.offset)'s mcache" }
            ?? (s.isLarge ? "a large object's span (on no list)" : Self.where(s, heap))
        out.append("span: " + holder)
        let words = heap.pointers(of: o)
        let ptrs = words.filter { $0.value != 0 }
        // A pointer-free object, or one whose pointer words are all nil for now.
        out.append(words.isEmpty ? "no pointers (pointer-free)" : ptrs.isEmpty ? "pointers: all nil" : "pointers: " + ptrs.prefix(6).map { "\(ctx.playback.machine.fieldName(of: o.base, word: $0.word)) → \(hexAddress($0.value))" }.joined(separator: ", ")
                   + (ptrs.count > 6 ? " and \(ptrs.count - 6) more" : ""))
        out.append(pathFromRoot(to: o.base, ctx))
        return out
    }

    /// Where mcentral keeps the span: go1.12's list, or go1.25's set, named as the mcentral
    /// panel names it ("full unswept"), with the runtime's index.
    static func `where`(_ s: MSpan, _ heap: Heap) -> String {
        guard s.list.isSpanSet else { return "on mcentral \(s.spanclass)'s \(s.list) list" }
        let full = s.list == .full0 || s.list == .full1
        let index = s.list == .partial0 || s.list == .full0 ? 0 : 1
        let swept = index == Heap.sweptSetIndex(heap.mheap.sweepgen)
        return "in mcentral \(s.spanclass)'s \(full ? "full" : "partial") \(swept ? "swept" : "unswept") set (\(s.list))"
    }

    /// The most objects the path search visits.
    static let searchLimit = 200_000

    /// A breadth-first path from a root to `target`, in the program's names ("head.next.val"),
    /// with a long run of one field written once with its count ("head(.next ×1203)").
    static func pathFromRoot(to target: UInt64, _ ctx: PanelContext) -> String {
        let heap = ctx.heap
        var parent: [UInt64: (UInt64, Int)] = [:]
        var queue: [UInt64] = []
        var rootOf: [UInt64: String] = [:]
        for (_, r) in heap.liveRoots where r.value != 0 {
            guard let o = heap.findObject(r.value), rootOf[o.base] == nil else { continue }
            rootOf[o.base] = r.name
            queue.append(o.base)
        }
        var i = 0
        while i < queue.count && i < searchLimit {
            let b = queue[i]; i += 1
            if b == target {
                var fields: [String] = []
                var cur = b
                while let (p, w) = parent[cur] { fields.append(ctx.playback.machine.fieldName(of: p, word: w)); cur = p }
                return "kept alive by: " + (rootOf[cur] ?? "?") + ObjectGraph.compress(fields.reversed())
            }
            guard let o = heap.findObject(b) else { continue }
            for (w, v) in heap.pointers(of: o) where v != 0 {
                guard let t = heap.findObject(v), parent[t.base] == nil, rootOf[t.base] == nil else { continue }
                parent[t.base] = (b, w)
                queue.append(t.base)
            }
        }
        // A P's current tiny block: no pointer need reach it, its mcache keeps it
        // (gcMarkTinyAllocs shades every P's block when a cycle starts).
        if let p = heap.mcaches.indices.first(where: { heap.mcaches[$0].tiny == target }) {
            return "kept alive by p\(p)'s mcache: it is the P's current tiny block, which gcMarkTinyAllocs shades when a cycle starts"
        }
        if i < queue.count {
            return "no path found among the first \(searchLimit) objects reachable from the roots (the search stops there); the collector's colour above says whether it is marked"
        }
        return "no root reaches it: it is garbage, freed by the next sweep"
    }
}
