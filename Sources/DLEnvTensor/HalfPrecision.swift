/// float32 ↔ float16 / bfloat16 conversions with torch's rounding (numerics.md §6.2, §6.3).
public enum HalfPrecision {
    /// float32 → IEEE binary16 bits, round to nearest even, subnormals kept, overflow to inf (≥ 65520),
    /// NaN → 0x7E00 with the input's sign (c10/util/Half.h `fp16_ieee_from_fp32_value`).
    @inline(__always)
    public static func float16Bits(_ f: Float) -> UInt16 {
        // Bit-level algorithm of the FP16 library used by c10 (so no platform Float16 type is needed).
        let w = f.bitPattern
        let shl1 = w &+ w
        let sign = UInt16(truncatingIfNeeded: (w & 0x8000_0000) >> 16)
        if shl1 > 0xFF00_0000 { return sign | 0x7E00 }
        var base = (Float(bitPattern: 0x7780_0000) * abs(f)) * Float(bitPattern: 0x0880_0000)
        var bias = shl1 & 0xFF00_0000
        if bias < 0x7100_0000 { bias = 0x7100_0000 }
        base = Float(bitPattern: (bias >> 1) &+ 0x0780_0000) + base
        let bits = base.bitPattern
        let exp = (bits >> 13) & 0x0000_7C00
        let mant = bits & 0x0000_0FFF
        return sign | UInt16(truncatingIfNeeded: exp &+ mant)
    }

    /// IEEE binary16 bits → float32 (exact).
    @inline(__always)
    public static func float(fromFloat16 h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exp = Int((h >> 10) & 0x1F)
        let mant = UInt32(h & 0x3FF)
        if exp == 0 {
            // Subnormal or zero: mant × 2^-24, exact in float32.
            let v = Float(mant) * Float(bitPattern: 0x3380_0000)
            return sign != 0 ? -v : v
        }
        if exp == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mant << 13)) }
        return Float(bitPattern: sign | (UInt32(exp - 15 + 127) << 23) | (mant << 13))
    }

    /// float32 → bfloat16 bits, round to nearest even (c10/util/BFloat16.h `round_to_nearest_even`);
    /// NaN → 0x7FC0 (the scalar path).
    @inline(__always)
    public static func bfloat16Bits(_ f: Float) -> UInt16 {
        if f.isNaN { return 0x7FC0 }
        let u = f.bitPattern
        let rounding = UInt32(0x7FFF) &+ ((u >> 16) & 1)
        return UInt16(truncatingIfNeeded: (u &+ rounding) >> 16)
    }

    /// bfloat16 bits → float32 (exact: shift left 16).
    @inline(__always)
    public static func float(fromBFloat16 b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) }
}
