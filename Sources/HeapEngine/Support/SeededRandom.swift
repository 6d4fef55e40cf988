// Deterministic randomness: SplitMix64, so the same seed gives the same heap on every machine
// and Swift release (the standard library's generator is not seedable).

/// A seeded pseudo-random generator (SplitMix64).
///
/// ```swift
/// var r = SeededRandom(seed: 42)
/// r.next(in: 1...15)   // the same value on every run
/// ```
public struct SeededRandom: RandomNumberGenerator, Equatable, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `range`, inclusive, without modulo bias.
    public mutating func next(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound + Int(next(upperBound: width))
    }
}
