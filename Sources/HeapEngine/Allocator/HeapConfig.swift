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

    public init(procs: Int = 1, arenaBytes: Int = 64 << 20, profileName: String = "go1.12") {
        self.procs = procs
        self.arenaBytes = arenaBytes
        self.profileName = profileName
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

    public var description: String {
        switch self {
        case let .outOfMemory(req, arena):
            "out of memory: the simulated arena of \(ByteCount(arena)) is full (a request for \(ByteCount(req)) found no room)"
        case let .invalidConfig(m): "invalid setting: \(m)"
        case let .invalidRequest(m): "invalid request: \(m)"
        }
    }
}
