import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014; constants from Vigna's reference `splitmix64.c`): the generator dlenv
/// uses for the synthetic data it ships to the core and the twin alike. Deterministic, tiny and identical in
/// any language, so a data set can be regenerated and checked (see the IQ pairs' test).
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [a, b): 53 random bits.
    public mutating func uniform(_ a: Double = 0, _ b: Double = 1) -> Double {
        a + (b - a) * (Double(next() >> 11) * 0x1p-53)
    }

    /// Standard normal (Box-Muller, one value per call).
    public mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A rows × cols matrix of uniform values.
    public mutating func uniformMatrix(_ rows: Int, _ cols: Int, _ a: Double, _ b: Double) -> [[Double]] {
        (0..<rows).map { _ in (0..<cols).map { _ in uniform(a, b) } }
    }

    /// A rows × cols matrix of normal values scaled by `std`.
    public mutating func normalMatrix(_ rows: Int, _ cols: Int, std: Double = 1, mean: Double = 0) -> [[Double]] {
        (0..<rows).map { _ in (0..<cols).map { _ in mean + std * normal() } }
    }
}
