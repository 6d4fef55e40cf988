// Roots: where marking starts.
//
// The runtime's roots are goroutine stacks, global variables (data and BSS), finalizers and a
// few runtime structures. heapscope models the two a program can name: stack slots of a
// goroutine, and globals. A stack slot is written without a write barrier (Go never barriers
// stack writes, which is why each stack is scanned as a root job while marking and the hybrid
// barrier shades both the old and the new value on heap writes); a global is written through
// the barrier.

/// Where a root lives.
public enum RootKind: Hashable, Sendable, CustomStringConvertible {
    /// A stack slot of the named goroutine (scanned once per cycle, by its stack's root job).
    case stack(goroutine: String)
    /// A global variable (written through the write barrier).
    case global

    public var description: String {
        switch self {
        case .stack(let g): "stack of \(g)"
        case .global: "global"
        }
    }
}

/// A root slot: a named pointer the collector starts from.
public struct RootSlot: Equatable, Sendable {
    public let name: String
    public let kind: RootKind
    /// The address it holds (0 for nil).
    public internal(set) var value: UInt64
    /// False once dropped: the slot no longer exists.
    public internal(set) var live: Bool
}

/// A root slot's index in `Heap.roots`.
public struct RootID: Hashable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}
