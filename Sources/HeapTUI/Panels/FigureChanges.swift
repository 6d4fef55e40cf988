// What a step moved, as figures: "HeapAlloc 160 B → 208 B · nonempty(10) 1 → 0 · grey 1 → 2".
//
// The highlight shows which cells changed; this strip says by how much, for the figures a
// lecturer reads out: the MemStats a program sees, the collector's phase and cycle count, the
// object colours while marking, and the mcentral lists of the classes whose lengths changed.
// It compares the heap before the step with the heap after it, so it is the same however the
// step was reached, and costs a few counter reads per frame (the lists keep their lengths).

import HeapEngine

enum FigureChanges {
    struct Change: Equatable {
        let name: String
        let before: String
        let after: String
        var text: String { "\(name) \(before) → \(after)" }
    }

    /// Most mcentral rows named; more are counted.
    static let maxLists = 2

    static func between(_ a: Heap, _ b: Heap) -> [Change] {
        var out: [Change] = []
        func add(_ name: String, _ x: String, _ y: String) { if x != y { out.append(Change(name: name, before: x, after: y)) } }
        func bytes(_ v: UInt64) -> String { ByteCount(Int(clamping: v)).short }
        // A figure that changed is listed even when its rounded forms are equal: then whole.
        func addBytes(_ name: String, _ x: UInt64, _ y: UInt64) {
            guard x != y else { return }
            let (sx, sy) = (bytes(x), bytes(y))
            if sx != sy { add(name, sx, sy) } else { add(name, "\(x) B", "\(y) B") }
        }
        let s = a.readMemStats(), t = b.readMemStats()
        addBytes("HeapAlloc", s.heapAlloc, t.heapAlloc)
        add("HeapObjects", String(s.heapObjects), String(t.heapObjects))
        // HeapObjects is Mallocs − Frees: when only one of them moved, HeapObjects says it.
        // When both did (a tiny allocation inside a block counts in each and leaves HeapObjects
        // as it was; an allocation whose sweep freed others), both are named.
        if s.mallocs != t.mallocs && s.frees != t.frees {
            add("Mallocs", String(s.mallocs), String(t.mallocs))
            add("Frees", String(s.frees), String(t.frees))
        }
        addBytes("HeapInuse", s.heapInuse, t.heapInuse)
        addBytes("HeapSys", s.heapSys, t.heapSys)
        addBytes("HeapReleased", s.heapReleased, t.heapReleased)
        add("NumGC", String(s.numGC), String(t.numGC))
        add("NextGC", s.nextGC == UInt64.max ? "off" : bytes(s.nextGC), t.nextGC == UInt64.max ? "off" : bytes(t.nextGC))
        add("phase", a.gc.phase.rawValue, b.gc.phase.rawValue)
        if let x = a.markColourCounts, let y = b.markColourCounts {
            add("white", String(x.white), String(y.white))
            add("grey", String(x.grey), String(y.grey))
            add("black", String(x.black), String(y.black))
        }
        var lists: [Change] = []
        for i in b.central.indices where i < a.central.count {
            let (p, q) = (a.central[i], b.central[i])
            let cls = "\(p.spanclass.sizeclass)\(p.spanclass.noscan ? " noscan" : "")"
            if p.nonempty.count != q.nonempty.count {
                lists.append(Change(name: "nonempty(\(cls))", before: String(p.nonempty.count), after: String(q.nonempty.count)))
            }
            if p.empty.count != q.empty.count {
                lists.append(Change(name: "empty(\(cls))", before: String(p.empty.count), after: String(q.empty.count)))
            }
            // go1.25: the span sets, named as swept/unswept at the later heap's sweepgen.
            if b.profile.mcentralShape == .spanSets && (p.partial != q.partial || p.full != q.full) {
                for (full, swept) in [(false, true), (false, false), (true, true), (true, false)] {
                    let before = a.spanSetContents(full: full, swept: swept, of: p.spanclass, limit: 0).count
                    let after = b.spanSetContents(full: full, swept: swept, of: p.spanclass, limit: 0).count
                    if before != after {
                        lists.append(Change(name: "\(full ? "full" : "partial") \(swept ? "swept" : "unswept")(\(cls))",
                                            before: String(before), after: String(after)))
                    }
                }
            }
        }
        out += lists.prefix(maxLists)
        if lists.count > maxLists {
            out.append(Change(name: "", before: "", after: "\(lists.count - maxLists) more mcentral \(b.profile.mcentralShape == .spanSets ? "sets" : "lists")"))
        }
        return out
    }

    /// The strip as one line of text ("" when nothing moved).
    /// The changes in a line, separated by a middle dot (in ASCII a semicolon: its "." is a
    /// free slot, and "80 B . HeapObjects" read as a sentence's end).
    static func line(_ changes: [Change], asciiOnly: Bool = false) -> String {
        changes.map { $0.name.isEmpty ? "and \($0.after)" : $0.text }.joined(separator: asciiOnly ? "; " : " · ")
    }
}
