// Inspecting one object: its slot, span and class, who holds the span (an mcache or an
// mcentral list), its pointers, and a path from a root that keeps it alive.

import HeapEngine

enum Inspector {
    static func lines(_ addr: UInt64, _ ctx: PanelContext) -> [String] {
        let heap = ctx.heap
        guard let o = heap.findObject(addr) else { return ["\(hexAddress(addr)) is not a live object"] }
        let s = heap.mheap.spans[o.span.index]
        var out = ["slot \(o.slot) of span \(o.span.index), class \(s.spanclass) (\(s.elemsize)-byte slots), colour \(heap.color(of: o).rawValue)"]
        let holder = heap.mcaches.enumerated().first { $0.element.alloc.contains(o.span) }.map { "cached by p\($0.offset)'s mcache" }
            ?? (s.isLarge ? "a large object's span (on no list)" : "on mcentral \(s.spanclass)'s \(s.list) list")
        out.append("span: " + holder)
        let ptrs = heap.pointers(of: o).filter { $0.value != 0 }
        out.append(ptrs.isEmpty ? "no pointers" : "pointers: " + ptrs.prefix(6).map { "word \($0.word) → \(hexAddress($0.value))" }.joined(separator: ", "))
        out.append(pathFromRoot(to: o.base, heap) ?? "no root reaches it: it is garbage, freed by the next sweep")
        return out
    }

    /// A breadth-first path from a root to `target` (searching at most 200,000 objects).
    static func pathFromRoot(to target: UInt64, _ heap: Heap) -> String? {
        var parent: [UInt64: (UInt64, Int)] = [:]
        var queue: [UInt64] = []
        var rootOf: [UInt64: String] = [:]
        for (_, r) in heap.liveRoots where r.value != 0 {
            guard let o = heap.findObject(r.value), rootOf[o.base] == nil else { continue }
            rootOf[o.base] = r.name
            queue.append(o.base)
        }
        var i = 0
        while i < queue.count && i < 200_000 {
            let b = queue[i]; i += 1
            if b == target {
                var path: [String] = []
                var cur = b
                while let (p, w) = parent[cur] { path.append("[\(w)]"); cur = p }
                return "kept alive by: " + (rootOf[cur] ?? "?") + path.reversed().joined()
            }
            guard let o = heap.findObject(b) else { continue }
            for (w, v) in heap.pointers(of: o) where v != 0 {
                guard let t = heap.findObject(v), parent[t.base] == nil, rootOf[t.base] == nil else { continue }
                parent[t.base] = (b, w)
                queue.append(t.base)
            }
        }
        return nil
    }
}
