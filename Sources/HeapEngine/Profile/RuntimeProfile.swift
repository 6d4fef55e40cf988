// Runtime profiles: every fact that differs between Go releases, in one value.
//
// heapscope teaches one allocator design at a time. A profile names the release it follows and
// carries the numbers and shapes the engine needs from it: the size-class table, the tiny
// allocator limits, the size of a heap arena, the base address of the heap, and which mcentral
// design holds spans (go1.12's `nonempty`/`empty` lists, or the span sets of Go 1.15 and later).
// Engine code reads facts from here and never hard-codes a release's numbers, so a later profile
// is a new value, not a restructuring.
//
// Profiles shipped:
//   - `go1.12` (default) — the classic design: 67 size classes, mcentral nonempty/empty lists,
//     free spans kept in treaps, 64 MiB heap arenas starting at 0xc000000000.
//   - `go1.25` — the newest release before Green Tea: 68 size classes with malloc headers,
//     mcentral span sets, the page bitmap grown 4 MiB at a time, the Go 1.18 pacer (stacks and
//     globals in the goal) and GOMEMLIMIT. docs/profiles.md says what it models and where it
//     simplifies (no per-P page cache, go1.12's assists, the scavenger's time from a cost
//     model); docs/go1.25-facts.md lists the facts and the
//     differential tests that check them against the real go1.25.5 runtime.

/// The shape of `mcentral` in a runtime release.
public enum MCentralShape: String, Equatable, Sendable {
    /// go1.12 and earlier: two doubly linked lists, `nonempty` and `empty`.
    case nonemptyEmpty
    /// Go 1.15+: `partial [2]spanSet` and `full [2]spanSet`, swept/unswept by sweepgen.
    case spanSets
}

/// The pacer design of a runtime release.
public enum PacerDesign: String, Equatable, Sendable {
    /// go1.12: a trigger ratio tuned by a proportional controller; the goal counts the heap only.
    case triggerRatio
    /// Go 1.18 and later: the goal counts stacks and globals, the trigger leaves a runway
    /// estimated from the cons/mark ratio, and GOMEMLIMIT (1.19) caps the goal.
    case consMark
}

/// How the page heap keeps free pages.
public enum PageAllocatorDesign: String, Equatable, Sendable {
    /// go1.12: free runs as mspans in treaps, best fit.
    case treaps
    /// Go 1.14+: a bitmap of pages with radix summaries, address-ordered first fit.
    case bitmap
}

/// A Go runtime release as heapscope models it: the source of every release-specific number.
///
/// ```swift
/// let p = RuntimeProfile.named("go1.12")!
/// p.sizeClasses.sizeclass(forSize: 100)   // 8 (112-byte slots)
/// p.numSpanClasses                        // 134
/// ```
public struct RuntimeProfile: Equatable, Sendable {
    /// The name scenarios use (`profile go1.12`).
    public let name: String
    /// The Go release whose source the facts come from.
    public let release: String
    public let sizeClasses: SizeClassTable
    /// `_PageShift`: 13, so pages are 8192 B.
    public let pageShift: Int
    /// `_MaxSmallSize`: the largest request served from a size class.
    public let maxSmallSize: Int
    /// `maxTinySize` (`_TinySize`): pointer-free requests below this go to the tiny allocator.
    public let maxTinySize: Int
    /// `tinySizeClass`: the class of the 16-byte tiny blocks.
    public let tinySizeClass: Int
    /// `heapArenaBytes`: the unit in which `mheap.sysAlloc` reserves and maps address space.
    public let heapArenaBytes: Int
    /// The first arena hint: heap addresses start here (`0x00c0<<32`).
    public let arenaBaseAddress: UInt64
    /// `mcentral`'s design in this release.
    public let mcentralShape: MCentralShape
    /// Bytes of a physical page on the modelled platform (linux/amd64: 4096).
    public let physPageSize: Int
    /// Go 1.22's malloc headers, or nil for a release without them (go1.12).
    public var mallocHeaders: MallocHeaders? = nil
    /// Where the release's size-class table lives in its source tree.
    public var sizeClassSource = "runtime/sizeclasses.go"
    /// The page allocator's design.
    public var pageAllocator: PageAllocatorDesign = .treaps
    /// The pacer (go1.12's trigger ratio, or the Go 1.18 design).
    public var pacer: PacerDesign = .triggerRatio
    /// How much address space the heap maps when it grows: nil for whole heap arenas (go1.12
    /// maps 64 MiB at a time); go1.25 maps `alignUp(npages, 512)` pages — 4 MiB steps,
    /// counted as released until used (mheap.go `grow`).
    public var heapGrowthBytes: Int? = nil

    /// `_PageSize`.
    @inline(__always) public var pageSize: Int { 1 &<< pageShift }
    /// `numSpanClasses` = classes << 1.
    public var numSpanClasses: Int { sizeClasses.count << 1 }
    /// `tinySpanClass` = tinySizeClass<<1 | 1 (noscan).
    public var tinySpanClass: SpanClass { SpanClass(sizeclass: tinySizeClass, noscan: true) }

    /// Every profile a scenario can run under, default first.
    public static let all: [RuntimeProfile] = [.go112, .go125]

    /// The default profile.
    public static var `default`: RuntimeProfile { .go112 }

    /// Looks a profile up by the name a scenario or `--profile` gives.
    public static func named(_ name: String) -> RuntimeProfile? {
        all.first { $0.name == name }
    }
}
