// The knobs a scenario or the command line sets before the first allocation.

/// Settings fixed when a simulated heap is created.
///
/// ```swift
/// let h = try Heap(config: HeapConfig(procs: 2, arenaBytes: 8 << 20))
/// ```
public struct HeapConfig: Equatable, Sendable {
    /// Number of Ps (GOMAXPROCS), each with its own mcache. 1…256.
    public var procs: Int
    /// Size of the simulated arena in bytes: a whole number of pages. Default 64 MiB.
    public var arenaBytes: Int
    /// The runtime profile's name.
    public var profileName: String
    /// GOGC: the heap may grow by this percentage over the live heap before the next cycle;
    /// nil for `GOGC=off`.
    public var gogc: Int?
    /// Concurrent (Go 1.5+) or stop-the-world (Go 1.3) collection.
    public var collector: CollectorMode
    /// The write barrier. Turning it off is for teaching only: it shows the lost objects the
    /// barrier prevents, and the invariant checker reports them.
    public var writeBarrier: Bool
    /// GOMEMLIMIT in bytes, or nil for none (Go 1.19+: only profiles with the Go 1.18 pacer).
    public var memoryLimit: Int64?

    public init(procs: Int = 1, arenaBytes: Int = 64 << 20, profileName: String = "go1.12",
                gogc: Int? = 100, collector: CollectorMode = .concurrent, writeBarrier: Bool = true,
                memoryLimit: Int64? = nil) {
        self.memoryLimit = memoryLimit
        self.procs = procs
        self.arenaBytes = arenaBytes
        self.profileName = profileName
        self.gogc = gogc
        self.collector = collector
        self.writeBarrier = writeBarrier
    }

    /// Limits on the settings, with the reason shown to users.
    public static let maxProcs = 256
    /// 16 GiB: two million pages, enough for any classroom scenario and the benchmarks.
    public static let maxArenaBytes = 16 << 30
}

/// Why a heap operation could not be carried out.
public enum HeapError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The simulated arena has no free run of pages large enough.
    case outOfMemory(requestedBytes: Int, arenaBytes: Int)
    /// A setting is out of range.
    case invalidConfig(String)
    /// A request the runtime itself would reject (negative size, too large).
    case invalidRequest(String)
    /// A pointer operation on something that is not a live object's pointer word.
    case invalidPointer(String)

    public var description: String {
        switch self {
        case let .outOfMemory(req, arena):
            "out of memory: the simulated arena of \(ByteCount(arena)) is full (a request for \(ByteCount(req)) found no room)"
        case let .invalidConfig(m): "invalid setting: \(m)"
        case let .invalidRequest(m): "invalid request: \(m)"
        case let .invalidPointer(m): "invalid pointer operation: \(m)"
        }
    }
}
