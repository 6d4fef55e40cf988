// Human-readable byte counts with binary units, exact where possible: "64 MiB", "144 B",
// "1.5 KiB". Used in narration and errors; never rounds a whole number of units.

/// A byte count formatted for people: `ByteCount(64 << 20)` prints "64 MiB".
public struct ByteCount: CustomStringConvertible, Sendable {
    public let bytes: Int
    public init(_ bytes: Int) { self.bytes = bytes }

    public var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        let magnitude = bytes.magnitude
        var unit = 0
        var scale: UInt = 1
        while unit < units.count - 1 && magnitude / 1024 >= scale { scale *= 1024; unit += 1 }
        let sign = bytes < 0 ? "-" : ""
        if magnitude % scale == 0 { return "\(sign)\(magnitude / scale) \(units[unit])" }
        // One decimal, rounded half up, computed without overflow.
        let whole = magnitude / scale
        let tenths = ((magnitude % scale) / (scale / 10 == 0 ? 1 : scale / 10))
        let rem = (magnitude % scale) % max(1, scale / 10)
        var w = whole, t = tenths + (rem * 2 >= max(1, scale / 10) ? 1 : 0)
        if t >= 10 { w += 1; t -= 10 }
        // A figure that is not a whole number of units never reads as one: one whose tenths
        // round to a whole gets its hundredths instead, cut just under a whole one (67100672 is
        // 63.99 MiB, not "64.0 MiB"; 2088960 is 1.99 MiB) and rounded just above (7381056 is
        // 7.04 MiB, not "7208.06 KiB"); one within a hundredth above a whole one is that one and
        // the rest ("9 MiB + 8 B").
        if t == 0 {
            return ByteCount.inUnit(magnitude, unit, sign: sign, units: units, neverWhole: true)
        }
        return "\(sign)\(w).\(t) \(units[unit])"
    }
}

extension ByteCount {
    /// The count in its largest unit with up to two decimals, for a figure that must be short:
    /// 67100672 is "63.99 MiB", 4473924 "4.27 MiB", 67108864 "64 MiB". Never cut, only rounded
    /// in its last decimal.
    public var short: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var unit = 0
        var scale: UInt = 1
        while unit < units.count - 1 && bytes.magnitude / 1024 >= scale { scale *= 1024; unit += 1 }
        // Not a whole number of units, so never shown as one (see description): rounded to its
        // hundredths, or cut to them where rounding would make it whole (22.996 MiB is 22.99
        // MiB, not 23 MiB), or, within a hundredth above a whole one, as it and the rest.
        return ByteCount.inUnit(bytes.magnitude, unit, sign: bytes < 0 ? "-" : "", units: units, neverWhole: true)
    }

    /// `magnitude` in `units[unit]`: whole when it divides, else with up to two decimals
    /// (rounded half up). With `neverWhole`, a figure that is not whole in the unit but rounds
    /// to whole is cut to its hundredths instead, or given in the unit below when that cut is
    /// zero too: then the whole one and the rest, exact ("64 MiB + 1 KiB"; a negative count
    /// goes to the unit below, where two decimals are enough never to round to a whole one).
    static func inUnit(_ magnitude: UInt, _ unit: Int, sign: String, units: [String], neverWhole: Bool = false) -> String {
        var scale: UInt = 1
        for _ in 0..<max(0, unit) { scale *= 1024 }
        if magnitude % scale == 0 { return "\(sign)\(magnitude / scale) \(units[max(0, unit)])" }
        let whole = magnitude / scale, rest = magnitude % scale
        var w = whole, h = UInt((Double(rest) / Double(scale) * 100).rounded(.toNearestOrAwayFromZero))
        if h >= 100 { w += 1; h -= 100 }
        if neverWhole && h == 0 {
            let cut = UInt(Double(rest) / Double(scale) * 100)
            guard cut > 0 else {
                // Within a hundredth above a whole one: the whole one and what is over, exact
                // ("9 MiB + 8 B", where the unit below read "9216.01 KiB").
                guard sign.isEmpty, unit > 0 else { return inUnit(magnitude, unit - 1, sign: sign, units: units) }
                return "\(whole) \(units[unit]) + \(ByteCount(Int(rest)).description)"
            }
            (w, h) = (whole, cut)
        }
        var frac = h < 10 ? "0\(h)" : "\(h)"
        while frac.hasSuffix("0") { frac.removeLast() }
        return "\(sign)\(w)\(frac.isEmpty ? "" : "." + frac) \(units[max(0, unit)])"
    }
}

/// Formats an address the way the runtime prints pointers: `0xc000010000`.
public func hexAddress(_ a: UInt64) -> String { "0x" + String(a, radix: 16) }
