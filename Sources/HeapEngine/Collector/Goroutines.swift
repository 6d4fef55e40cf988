// Goroutines and their stacks as roots (runtime/proc.go, mgcmark.go markroot and scanstack;
// go1.12).
//
// A goroutine's stack holds the pointers its frames have in local variables; stacks are roots.
// In go1.12 sweep termination does not scan them: gcMarkRootPrepare only counts the root jobs
// (the data and BSS segments, then one job per goroutine stack), and mark workers and assists
// take those jobs one at a time while the program keeps running (markroot → scang →
// scanstack). Until its job runs, a goroutine runs with a grey stack — it may load any pointer
// from the heap and store it anywhere — which is the window the hybrid write barrier covers:
//
//   - shade(*slot), the deletion half: a pointer moved from the heap onto a stack is still
//     shaded when it is unlinked from the heap, so the stack cannot hide it;
//   - shade(ptr), the insertion half: a pointer moved from a grey (unscanned) stack into a black
//     object is shaded, so the black object cannot hide it.
// Once scanned, a stack stays black for the rest of the cycle (no re-scan, proposal 17503).
//
// heapscope runs goroutines as the scenario says (`x := new(T) on g2`); each is bound to a P,
// whose mcache it allocates from. Stack writes never go through the write barrier. A goroutine
// created while marking starts with an empty stack that counts as scanned (the runtime does
// not scan it in this cycle either; its pointers can only come from the heap).

/// A goroutine: its name, the P it runs on, and what the collector knows of it.
public struct Goroutine: Equatable, Sendable {
    public let name: String
    /// The P whose mcache its allocations use.
    public internal(set) var p: Int
    /// `gcscandone`: whether the stack has been scanned in the cycle under way.
    public internal(set) var stackScanned = false
    /// `gcAssistBytes`: allocation credit (positive) or debt (negative) toward mark assists.
    public internal(set) var assistBytes: Int64 = 0
    /// A pointer the goroutine holds outside its named slots: the object mallocgc has just
    /// returned, before the program stores it (it is scanned with the stack).
    var held: UInt64 = 0
}

/// A goroutine's index in `Heap.goroutines` (0 is main).
public struct GoroutineID: Hashable, Sendable {
    public let index: Int
    @inlinable public init(_ index: Int) { self.index = index }
    /// Computed and inlinable: a `static let` is reached through an accessor call from other
    /// modules, and `.main` is every mallocgc's default argument.
    @inlinable public static var main: GoroutineID { GoroutineID(0) }
}

/// One unit of root marking (`markroot`'s job numbers, in go1.12's order).
public enum RootJob: Equatable, Sendable {
    /// The data and BSS segments: every global.
    case globals
    /// One goroutine's stack.
    case stack(GoroutineID)
}

/// The colour of a goroutine's stack while marking.
public enum StackColor: String, Sendable {
    case grey, black
}

extension Heap {
    /// Creates a goroutine bound to P `p` (`newproc`). While marking, its empty stack counts as
    /// scanned.
    @discardableResult
    public mutating func addGoroutine(name: String, p: Int) throws(HeapError) -> GoroutineID {
        guard mcaches.indices.contains(p) else { throw .invalidRequest("there is no P \(p); this heap has \(mcaches.count)") }
        guard goroutineIndex[name] == nil else { throw .invalidRequest("a goroutine named \(name) exists") }
        goroutineIndex[name] = goroutines.count
        goroutines.append(Goroutine(name: name, p: p, stackScanned: gc.phase == .mark || gc.phase == .marktermination))
        if recordsEvents { emit(.newGoroutine(name: name, p: p)) }
        return GoroutineID(goroutines.count - 1)
    }

    /// The goroutine named `name`.
    public func goroutine(named name: String) -> GoroutineID? {
        goroutineIndex[name].map(GoroutineID.init)
    }

    /// A goroutine's stack colour while marking (nil outside marking).
    public func stackColor(_ g: GoroutineID) -> StackColor? {
        guard gc.phase == .mark || gc.phase == .marktermination else { return nil }
        return goroutines[g.index].stackScanned ? .black : .grey
    }

    /// The root slots on a goroutine's stack.
    public func stackSlots(_ g: GoroutineID) -> [RootID] {
        (stackRootIndex[goroutines[g.index].name] ?? []).sorted().map(RootID.init)
    }

    /// The program has stored (or dropped) what mallocgc returned: no goroutine holds a
    /// pointer aside any more. A scenario step calls it when its statement is done.
    public mutating func releaseHeld() {
        if let i = heldGoroutine {
            goroutines[i].held = 0
            heldGoroutine = nil
        }
    }

    /// `gcMarkRootPrepare`: the root jobs of this cycle — the globals, then every stack.
    mutating func gcMarkRootPrepare() {
        gc.rootJobs = [.globals] + goroutines.indices.map { .stack(GoroutineID($0)) }
        gc.rootNext = 0
        for i in goroutines.indices { goroutines[i].stackScanned = false }
    }

    /// Whether root jobs remain.
    var rootJobsLeft: Bool { mutating get { gc.rootNext < gc.rootJobs.count } }   // mutating: see markWorkDone

    /// `markroot`: run the next root job — shade what every global, or one goroutine's stack,
    /// points to.
    mutating func markrootNext() {
        let job = gc.rootJobs[gc.rootNext]
        gc.rootNext += 1
        gc.workDone &+= 1
        switch job {
        case .globals:
            var n = 0
            for r in roots.indices where roots[r].live && roots[r].kind == .global {
                n += 1
                scanRootSlot(r)
            }
            if recordsEvents { emit(.markrootGlobals(slots: n)) }
        case .stack(let g):
            // scang → scanstack: the goroutine is stopped at a safe point while its stack is scanned.
            let slots = stackSlots(g)
            if recordsEvents { emit(.markrootStack(goroutine: goroutines[g.index].name, slots: slots.count)) }
            for r in slots { scanRootSlot(r.index) }
            gc.pacer118.stackScanWork &+= UInt64(8 &* slots.count)
            if goroutines[g.index].held != 0 { shade(goroutines[g.index].held, reason: .heldByAllocator) }
            goroutines[g.index].stackScanned = true
        }
    }

    private mutating func scanRootSlot(_ r: Int) {
        gc.rootsScanned += 1
        gc.workDone &+= 1
        gc.markCostNs &+= PauseModel.markPerRootNs
        if recordsEvents { emit(.markRoot(name: roots[r].name, target: roots[r].value)) }
        shade(roots[r].value, reason: .root)
    }
}
