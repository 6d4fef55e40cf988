// Durations for people, rounded in their last digit, never cut: "12 µs", "108 µs", "1.23 ms",
// "50.1 ms", "2 min". gctrace keeps the runtime's own fmtNSAsMS (GCTrace.swift), which cuts
// digits the way the runtime prints them; everything else uses this.

/// A duration in nanoseconds formatted for people: `DurationText(108_000)` prints "108 µs".
public struct DurationText: CustomStringConvertible, Sendable {
    public let ns: Int64
    public init(_ ns: Int64) { self.ns = ns }

    public var description: String {
        let v = Double(ns.magnitude)
        let sign = ns < 0 ? "-" : ""
        func three(_ x: Double, _ unit: String) -> String {
            // Three significant digits, trailing zeros dropped.
            let decimals = x >= 100 ? 0 : (x >= 10 ? 1 : 2)
            var s = String(format: decimals, x)
            if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
            return sign + s + " " + unit
        }
        if v < 1_000 { return "\(sign)\(ns.magnitude) ns" }
        if v < 1_000_000 { return three(v / 1_000, "µs") }
        if v < 1_000_000_000 { return three(v / 1_000_000, "ms") }
        return three(v / 1_000_000_000, "s")
    }

    /// `x` with `decimals` decimals, rounded half away from zero, without Foundation.
    private func String(format decimals: Int, _ x: Double) -> Swift.String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (x * scale).rounded(.toNearestOrAwayFromZero)
        let whole = Int(r / scale)
        let frac = Int(r) - whole * Int(scale)
        if decimals == 0 { return "\(whole)" }
        var f = "\(frac)"
        while f.count < decimals { f = "0" + f }
        return "\(whole).\(f)"
    }
}
