// Human-readable byte counts with binary units, exact where possible: "64 MiB", "144 B",
// "1.5 KiB". Used in narration and errors; never rounds a whole number of units.

/// A byte count formatted for people: `ByteCount(64 << 20)` prints "64 MiB".
public struct ByteCount: CustomStringConvertible, Sendable {
    public let bytes: Int
    public init(_ bytes: Int) { self.bytes = bytes }

    public var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var unit = 0
        var scale = 1
        while unit < units.count - 1 && bytes >= scale * 1024 { scale *= 1024; unit += 1 }
        if bytes % scale == 0 { return "\(bytes / scale) \(units[unit])" }
        let tenths = (bytes * 10 + scale / 2) / scale
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}

/// Formats an address the way the runtime prints pointers: `0xc000010000`.
public func hexAddress(_ a: UInt64) -> String { "0x" + String(a, radix: 16) }
