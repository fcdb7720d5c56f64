/// The 32-bit Mersenne Twister exactly as torch's CPU generator runs it
/// (aten/src/ATen/core/MT19937RNGEngine.h; numerics.md §1.5): the seed is truncated to 32 bits, and the
/// output equals `std::mt19937` (seed 0 → 2357136044, 2546248239, …).
struct MT19937: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var left = 1
    private var next = 0

    init(seed: UInt64) {
        state[0] = UInt32(truncatingIfNeeded: seed)
        for j in 1..<624 {
            state[j] = 1_812_433_253 &* (state[j - 1] ^ (state[j - 1] >> 30)) &+ UInt32(j)
        }
        left = 1
        next = 0
    }

    private mutating func twist() {
        @inline(__always) func mix(_ u: UInt32, _ v: UInt32) -> UInt32 {
            ((u & 0x8000_0000) | (v & 0x7FFF_FFFF)) >> 1 ^ ((v & 1) != 0 ? 0x9908_B0DF : 0)
        }
        left = 624
        next = 0
        for i in 0..<(624 - 397) { state[i] = state[i + 397] ^ mix(state[i], state[i + 1]) }
        for i in (624 - 397)..<623 { state[i] = state[i + 397 - 624] ^ mix(state[i], state[i + 1]) }
        state[623] = state[396] ^ mix(state[623], state[0])
    }

    /// The next tempered 32-bit output.
    mutating func nextUInt32() -> UInt32 {
        left -= 1
        if left == 0 { twist() }
        var y = state[next]
        next += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }
}
