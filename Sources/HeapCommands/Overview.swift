// What bare `heapscope` prints when it is not run in a terminal (a pipe, CI): one allocation of
// each kind walked through the simulated heap and narrated. In a terminal it opens the tour.

import ArgumentParser
import HeapEngine

/// `heapscope overview` (what bare `heapscope` prints without a terminal): a short narrated
/// walk through the allocator.
struct Overview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Narrate one allocation of each kind through the simulated go1.12 heap (what bare heapscope prints without a terminal)."
    )

    func run() throws {
        print(try Overview.text())
    }

    /// The narrated walk: a small object, the same class again, a tiny one, a large one.
    static func text() throws -> String {
        var heap = try Heap(config: HeapConfig())
        heap.recordsEvents = true
        var out = """
            heapscope — watch the Go heap work (runtime profile \(heap.profile.name)).
            (Not a terminal, so no interactive view: here is what the engine does, narrated.)

            """
        let steps: [(String, Int, Bool)] = [
            ("a 144-byte object with pointers", 144, false),
            ("another one (same size class, same span)", 144, false),
            ("a 5-byte pointer-free object (tiny allocator)", 5, true),
            ("a 100 KiB object (large)", 100 << 10, false),
        ]
        for (what, size, noscan) in steps {
            let addr = try heap.mallocgc(size: size, noscan: noscan)
            out += "\n\(what):\n  " + Narration.chain(heap.takeEvents()) + "\n  → \(hexAddress(addr))\n"
        }
        let st = heap.readMemStats()
        out += "\nMemStats: HeapAlloc \(st.heapAlloc)  HeapInuse \(st.heapInuse)  HeapIdle \(st.heapIdle)  HeapSys \(st.heapSys)  HeapObjects \(st.heapObjects)  Mallocs \(st.mallocs)  Frees \(st.frees)\n"
        out += try collectorWalk()
        out += "\nTry: heapscope sizeclasses · heapscope sizeclass 1-40 --noscan · heapscope bench"
        return out
    }

    /// A three-object list, one of them cut loose, collected step by step.
    static func collectorWalk() throws -> String {
        var heap = try Heap(config: HeapConfig(gogc: nil))
        let node = try heap.registerType(GoType(name: "node", size: 16, pointerWords: [0]))
        let a = try heap.mallocgc(type: node), b = try heap.mallocgc(type: node), c = try heap.mallocgc(type: node)
        try heap.storePointer(into: a, word: 0, value: b)
        try heap.storePointer(into: b, word: 0, value: c)
        heap.addRoot(name: "head", kind: .stack(goroutine: "main"), value: a)
        try heap.storePointer(into: a, word: 0, value: c)   // b is now garbage
        heap.recordsEvents = true
        var out = "\nThe collector: head → a → c, and b cut loose.\n"
        func step(_ what: String, _ advance: GCAdvance) {
            heap.gcAdvance(advance)
            let color = { (x: UInt64) in heap.findObject(x).map { heap.color(of: $0).rawValue } ?? "freed" }
            out += "  \(what): " + Narration.chain(heap.takeEvents().filter {
                if case .gctrace = $0 { return false }
                return true
            }) + "\n    a \(color(a)), b \(color(b)), c \(color(c)); phase \(heap.gc.phase)\n"
        }
        step("gc start", .start)
        step("gc step 1", .markObjects(1))
        step("gc step 1", .markObjects(1))
        step("gc finish", .endOfCycle)
        out += "  gctrace: \(heap.gctraceLine(heap.gc.cycles[0]))\n"
        return out
    }
}
