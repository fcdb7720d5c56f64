/// SIMD kernels for the hot activations over contiguous float32 tensors, split across cores. They use the
/// same formulas as torch's AVX2 `Vectorized<float>` kernels (aten/src/ATen/cpu/vec/vec256/vec256_float.h):
/// erf is Abramowitz–Stegun 7.1.26 exactly as torch writes it, exp is a Cephes-style polynomial (≤ 2 ulp,
/// torch uses SLEEF's 1-ulp expf). nil means "use the generic path".
enum FastActivation {
    typealias V = SIMD8<Float>

    static func forward(_ op: Op, _ x: Tensor) -> Tensor? {
        guard x.dtype == .float32, x.isContiguous else { return nil }
        switch op {
        case .relu: return map(x) { v in v.replacing(with: 0, where: v .< 0) }
        case .sigmoid: return map(x) { v in sigmoid(v) }
        case .gelu: return map(x) { v in v * 0.5 * (1 + erf(v * V(repeating: 0.70710678118654752440))) }
        default: return nil
        }
    }

    static func backward(_ op: Op, x: Tensor, y: Tensor, g: Tensor) -> Tensor? {
        guard x.dtype == .float32, g.dtype == .float32, x.isContiguous, y.isContiguous, g.isContiguous,
            g.shape == x.shape
        else { return nil }
        switch op {
        case .relu: return zip(y, g) { yv, gv in gv.replacing(with: 0, where: yv .<= 0) }
        case .sigmoid: return zip(y, g) { yv, gv in gv * (1 - yv) * yv }
        case .gelu:
            return zip(x, g) { xv, gv in
                let cdf = 0.5 * (1 + erf(xv * V(repeating: 0.70710678118654752440)))
                let pdf = V(repeating: Float(ActivationMath.geluPdf)) * exp(xv * xv * -0.5)
                return gv * (cdf + xv * pdf)
            }
        default: return nil
        }
    }

    // MARK: - Loops

    @inline(__always)
    static func map(_ x: Tensor, _ f: (V) -> V) -> Tensor {
        let n = x.count
        let out = Tensor(uninitialized: x.shape, dtype: .float32)
        let src = UnsafePointer(x.pointer(Float.self)), dst = out.pointer(Float.self)
        withoutActuallyEscaping(f) { f in
            Parallel.forRanges(n) { r in
                var i = r.lowerBound
                while i + 8 <= r.upperBound {
                    let v = UnsafeRawPointer(src + i).loadUnaligned(as: V.self)
                    UnsafeMutableRawPointer(dst + i).storeBytes(of: f(v), as: V.self)
                    i += 8
                }
                if i < r.upperBound {
                    // The tail goes through the same vector formula, padded with zeros.
                    var v = V(repeating: 0)
                    for k in 0..<(r.upperBound - i) { v[k] = src[i + k] }
                    let res = f(v)
                    for k in 0..<(r.upperBound - i) { dst[i + k] = res[k] }
                }
            }
        }
        return out
    }

    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, _ f: (V, V) -> V) -> Tensor {
        let n = a.count
        let out = Tensor(uninitialized: a.shape, dtype: .float32)
        let pa = UnsafePointer(a.pointer(Float.self)), pb = UnsafePointer(b.pointer(Float.self))
        let dst = out.pointer(Float.self)
        withoutActuallyEscaping(f) { f in
            Parallel.forRanges(n) { r in
                var i = r.lowerBound
                while i + 8 <= r.upperBound {
                    let va = UnsafeRawPointer(pa + i).loadUnaligned(as: V.self)
                    let vb = UnsafeRawPointer(pb + i).loadUnaligned(as: V.self)
                    UnsafeMutableRawPointer(dst + i).storeBytes(of: f(va, vb), as: V.self)
                    i += 8
                }
                if i < r.upperBound {
                    var va = V(repeating: 0), vb = V(repeating: 0)
                    for k in 0..<(r.upperBound - i) {
                        va[k] = pa[i + k]
                        vb[k] = pb[i + k]
                    }
                    let res = f(va, vb)
                    for k in 0..<(r.upperBound - i) { dst[i + k] = res[k] }
                }
            }
        }
        return out
    }

    // MARK: - Vector math

    /// e^x for float lanes (Cephes expf, as in avx_mathfun's exp256_ps); NaN propagates.
    @inline(__always)
    static func exp(_ x0: V) -> V {
        var x = x0.clamped(lowerBound: V(repeating: -87.33654), upperBound: V(repeating: 88.37626))
        let fx = (x * 1.44269504088896341 + 0.5).rounded(.down)
        x = x - fx * 0.693359375
        x = x - fx * -2.12194440e-4
        let z = x * x
        var y = V(repeating: 1.9875691500e-4)
        y = y * x + 1.3981999507e-3
        y = y * x + 8.3334519073e-3
        y = y * x + 4.1665795894e-2
        y = y * x + 1.6666665459e-1
        y = y * x + 5.0000001201e-1
        y = y * z + x + 1
        // 2^fx through the exponent bits; fx + 1.5·2^23 puts the integer in the low mantissa bits.
        let n = unsafeBitCast(fx + 12_582_912.0, to: SIMD8<UInt32>.self) &- 0x4B40_0000
        let pow2 = unsafeBitCast((n &+ 127) &<< 23, to: V.self)
        return (y * pow2).replacing(with: x0, where: x0 .!= x0)
    }

    /// 1 / (1 + e^-x), as torch's vectorised sigmoid.
    @inline(__always)
    static func sigmoid(_ x: V) -> V { 1 / (1 + exp(-x)) }

    /// erf with torch's AVX2 formula: sign(x)·(1 − r(t)·t·e^(−x²)), t = 1/(1 + 0.3275911|x|).
    @inline(__always)
    static func erf(_ x: V) -> V {
        let a = abs(x)
        let t = 1 / (a * 0.3275911 + 1)
        var r = V(repeating: 1.061405429) * t - 1.453152027
        r = r * t + 1.421413741
        r = r * t - 0.284496736
        r = r * t + 0.254829592
        let e = 1 - r * t * exp(-(x * x))
        return e.replacing(with: -e, where: x .< 0)
    }

    @inline(__always)
    static func abs(_ x: V) -> V { x.replacing(with: -x, where: x .< 0) }
}
