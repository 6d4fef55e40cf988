// The object graph as the program names it: the roots (each goroutine's stack slots, then the
// globals) and the objects reachable from them, with the pointers between them. It feeds the
// Objects panel and names objects in the narration ("shade c (0xc000010020) grey").
//
// The walk is breadth first from the roots in declaration order, so each object gets the
// shortest name a root gives it: the variable itself ("c"), or a path of fields and indices
// from one ("c.next", "b[1]"; a long run of one field is written once with its count,
// "head(.next ×1203)"). Every object is placed once, under the object that first reached it;
// other pointers to it are cross references. The walk stops after `limit` objects and lists
// at most `edgeLimit` pointers of each object, so a frame costs the same on a heap of a
// million objects as on one of ten: what was not reached is counted by the caller, not
// listed.

import HeapEngine
import HeapScenario

struct ObjectGraph {
    /// A pointer out of an object: the word it is in, where it points, and the node there
    /// (nil for a pointer to no live object: dangling, or beyond the walk's limit).
    struct Edge {
        let word: Int
        let target: UInt64
        var node: Int?
        /// Whether this edge placed its target (the first pointer that reached it).
        var placed = false
    }

    struct Node {
        let ref: Heap.ObjectRef
        var base: UInt64 { ref.base }
        /// Its name, built from the name of the object that reached it first as the walk goes
        /// (one field lookup per object; a root's target is called by the root's name).
        let path: NamePath
        var edges: [Edge] = []
        /// Pointers beyond `edgeLimit` (listed as a count).
        var moreEdges = false
    }

    /// A root slot and the node it points to.
    struct Root {
        let name: String
        let value: UInt64
        var node: Int?
        /// Whether this root placed its target (the first root that reached it).
        var placed = false
    }

    /// The roots of one goroutine's stack, or the globals.
    struct Group {
        let title: String
        let goroutine: GoroutineID?
        var roots: [Root] = []
    }

    var nodes: [Node] = []
    var index: [UInt64: Int] = [:]
    var groups: [Group] = []
    /// Whether the walk reached every object reachable from the roots.
    var complete = true

    /// How many objects the walk names (the Objects panel and the narration alike, so an
    /// object has the same name in both). A teaching heap fits; a big one is cut (the panel
    /// says so and shows the selected object's neighbourhood).
    static let defaultLimit = 64
    static let edgeLimit = 16
    static let narrationLimit = defaultLimit

    init() {}

    /// Walks from the roots, at most `limit` objects; with `wanted`, stops as soon as every
    /// address in it has been reached (the narration's names need no more).
    init(_ machine: ScenarioMachine, limit: Int = ObjectGraph.defaultLimit, wanted: Set<UInt64>? = nil) {
        let heap = machine.heap
        nodes.reserveCapacity(min(limit, 1024))
        index.reserveCapacity(min(limit, 1024))
        // Groups: each goroutine's stack (main first), then the globals.
        var groupOf: [String: Int] = [:]
        for (i, g) in heap.goroutines.enumerated() {
            groupOf[g.name] = groups.count
            groups.append(Group(title: "stack of \(g.name)", goroutine: GoroutineID(i)))
        }
        let globals = groups.count
        groups.append(Group(title: "globals", goroutine: nil))
        var queue: [Int] = []
        for (_, r) in heap.liveRoots {
            let gi: Int
            switch r.kind {
            case .global: gi = globals
            case .stack(let g): gi = groupOf[g] ?? globals
            }
            var root = Root(name: r.name, value: r.value)
            if r.value != 0, let o = heap.findObject(r.value) {
                if let n = index[o.base] {
                    root.node = n
                } else if nodes.count < limit {
                    root.node = add(o, path: .root(r.name))
                    root.placed = true
                    queue.append(root.node!)
                } else {
                    complete = false
                }
            }
            groups[gi].roots.append(root)
        }
        // An empty stack keeps its heading (it is still a root job) unless there are many
        // goroutines; empty globals are left out.
        let fewGoroutines = heap.goroutines.count <= 16
        groups.removeAll { $0.roots.isEmpty && ($0.goroutine == nil || !fewGoroutines) && $0.goroutine != GoroutineID.main }
        var found = wanted.map { w in w.filter { index[$0] != nil }.count } ?? 0
        var qi = 0
        while qi < queue.count {
            if let w = wanted, found >= w.count { complete = false; break }
            let i = queue[qi]; qi += 1
            let (ptrs, more) = heap.firstPointers(of: nodes[i].ref, limit: Self.edgeLimit)
            nodes[i].moreEdges = more
            if more { complete = false }
            for (word, value) in ptrs {
                var e = Edge(word: word, target: value)
                if let o = heap.findObject(value) {
                    if let n = index[o.base] {
                        e.node = n
                    } else if nodes.count < limit {
                        let path = Self.childName(nodes[i].path, machine.fieldName(of: nodes[i].base, word: word))
                        let n = add(o, path: path)
                        e.node = n
                        e.placed = true
                        queue.append(n)
                        if wanted?.contains(o.base) == true { found += 1 }
                    } else {
                        complete = false
                    }
                }
                nodes[i].edges.append(e)
            }
        }
    }

    private mutating func add(_ o: Heap.ObjectRef, path: NamePath) -> Int {
        nodes.append(Node(ref: o, path: path))
        index[o.base] = nodes.count - 1
        return nodes.count - 1
    }

    /// The field or index a pointer word of node `i` is ("`.next`", "`[1]`").
    func label(_ i: Int, word: Int, _ machine: ScenarioMachine) -> String {
        machine.fieldName(of: nodes[i].base, word: word)
    }

    /// The name of the object at `base`, if the walk reached it.
    func name(of base: UInt64) -> String? { index[base].map(name) }

    /// The name of node `i`: its root, then the fields on the way ("head(.next ×1203)").
    func name(_ i: Int) -> String { nodes[i].path.text }

    /// A child's name from its parent's: appends the field, or counts it when it repeats the
    /// run the parent's name ends in (the Objects panel names every row this way, in one pass).
    static func childName(_ parent: NamePath, _ field: String) -> NamePath {
        parent.field == field ? NamePath(prefix: parent.prefix, field: field, run: parent.run + 1)
            : NamePath(prefix: parent.text, field: field, run: 1)
    }

    /// A name as a prefix and a run of one field.
    struct NamePath {
        var prefix: String
        var field: String
        var run: Int
        /// (A non-breaking space before the count: a wrapped name never splits there.)
        var text: String { run > 3 ? prefix + "(\(field)\u{A0}×\(run))" : prefix + String(repeating: field, count: run) }
        static func root(_ name: String) -> NamePath { NamePath(prefix: name, field: "", run: 0) }
    }

    /// Field names in order, a run of more than three equal ones written once with its count.
    static func compress(_ fields: [String]) -> String {
        var out = ""
        var k = 0
        while k < fields.count {
            var n = 1
            while k + n < fields.count && fields[k + n] == fields[k] { n += 1 }
            out += n > 3 ? "(\(fields[k])\u{A0}×\(n))" : String(repeating: fields[k], count: n)
            k += n
        }
        return out
    }
}
