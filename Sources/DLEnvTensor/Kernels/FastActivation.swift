import CDLEnvKernels

#if canImport(Glibc)
    import Glibc
#endif

/// SIMD kernels for the hot activations over contiguous float32 tensors, split across cores: relu, sigmoid and
/// gelu in Swift SIMD and in AVX2+FMA C; tanh, silu and gelu-tanh in AVX2+FMA C only (elsewhere the generic
/// path runs them). They use the same formulas as torch's AVX2 `Vectorized<float>` kernels
/// (aten/src/ATen/cpu/vec/vec256/vec256_float.h): erf is Abramowitz–Stegun 7.1.26 exactly as torch writes it,
/// exp is a Cephes-style polynomial (≤ 2 ulp, torch uses SLEEF's 1-ulp expf), tanh is Cephes tanhf (torch:
/// SLEEF). nil means "use the generic path".
enum FastActivation {
    typealias V = SIMD8<Float>

    /// Whether the C kernels (CDLEnvKernels: same formulas, AVX2 8 lanes with FMA) run instead of the Swift
    /// ones, which the baseline x86-64 target compiles to SSE2 without FMA. Checked once from the CPU flags;
    /// `DLENV_KERNELS=swift` forces the Swift kernels.
    static let useAVX2: Bool = {
        #if canImport(Glibc)
            if let v = getenv("DLENV_KERNELS"), String(cString: v) == "swift" { return false }
        #endif
        return dlenv_kernels_available() != 0
    }()

    /// Ops with a Swift SIMD kernel (any x86-64) and ops with only the AVX2 one.
    static func hasKernel(_ op: Op) -> Bool {
        switch op {
        case .relu, .sigmoid, .gelu: return true
        case .tanh, .silu, .geluTanh: return useAVX2
        default: return false
        }
    }

    static func forward(_ op: Op, _ x: Tensor) -> Tensor? {
        guard x.dtype == .float32, x.isContiguous, hasKernel(op) else { return nil }
        if useAVX2 {
            switch op {
            case .relu: return map(x) { dlenv_relu_f32($0, $1, $2) }
            case .sigmoid: return map(x) { dlenv_sigmoid_f32($0, $1, $2) }
            case .gelu: return map(x) { dlenv_gelu_f32($0, $1, $2) }
            case .tanh: return map(x) { dlenv_tanh_f32($0, $1, $2) }
            case .silu: return map(x) { dlenv_silu_f32($0, $1, $2) }
            default: return map(x) { dlenv_gelu_tanh_f32($0, $1, $2) }
            }
        }
        // One specialised loop per op: the kernel is a type, so its body inlines into the loop.
        switch op {
        case .relu: return map(x) { loop(ReLU.self, $0, $1, 0..<$2) }
        case .sigmoid: return map(x) { loop(Sigmoid.self, $0, $1, 0..<$2) }
        default: return map(x) { loop(GELU.self, $0, $1, 0..<$2) }
        }
    }

    /// `f(src, dst, n)` over a contiguous float32 tensor into a fresh one, split across cores in chunks of
    /// 64-element multiples (the calling shape of the C kernels and of `loop`).
    static func map(_ x: Tensor, _ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let out = Tensor(uninitialized: x.shape, dtype: .float32, layoutOf: x)
        let src = UnsafePointer(x.pointer(Float.self)), dst = out.pointer(Float.self)
        Parallel.forRanges(x.count) { r in f(src + r.lowerBound, dst + r.lowerBound, r.count) }
        return withExtendedLifetime(x) { out }
    }

    static func backward(_ op: Op, x: Tensor, y: Tensor, g: Tensor) -> Tensor? {
        guard x.dtype == .float32, g.dtype == .float32, x.isContiguous, y.isContiguous, g.isContiguous,
            g.shape == x.shape, hasKernel(op)
        else { return nil }
        // relu, sigmoid and tanh read the output y; gelu, silu and gelu-tanh the input x.
        if useAVX2 {
            switch op {
            case .relu: return map2(y, g, like: x) { dlenv_relu_backward_f32($0, $1, $2, $3) }
            case .sigmoid: return map2(y, g, like: x) { dlenv_sigmoid_backward_f32($0, $1, $2, $3) }
            case .gelu: return map2(x, g, like: x) { dlenv_gelu_backward_f32($0, $1, $2, $3) }
            case .tanh: return map2(y, g, like: x) { dlenv_tanh_backward_f32($0, $1, $2, $3) }
            case .silu: return map2(x, g, like: x) { dlenv_silu_backward_f32($0, $1, $2, $3) }
            default: return map2(x, g, like: x) { dlenv_gelu_tanh_backward_f32($0, $1, $2, $3) }
            }
        }
        switch op {
        case .relu: return map2(y, g, like: x) { loop2(ReLUBackward.self, $0, $1, $2, 0..<$3) }
        case .sigmoid: return map2(y, g, like: x) { loop2(SigmoidBackward.self, $0, $1, $2, 0..<$3) }
        default: return map2(x, g, like: x) { loop2(GELUBackward.self, $0, $1, $2, 0..<$3) }
        }
    }

    /// `f(a, b, dst, n)` over two contiguous float32 tensors of one shape into a fresh one shaped as `like`,
    /// split across cores as `map`.
    static func map2(
        _ a: Tensor, _ b: Tensor, like: Tensor,
        _ f: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    ) -> Tensor {
        let out = Tensor(uninitialized: like.shape, dtype: .float32, layoutOf: like)
        let pa = UnsafePointer(a.pointer(Float.self)), pb = UnsafePointer(b.pointer(Float.self))
        let dst = out.pointer(Float.self)
        Parallel.forRanges(like.count) { r in
            let o = r.lowerBound
            f(pa + o, pb + o, dst + o, r.count)
        }
        return withExtendedLifetime((a, b)) { out }
    }

    // MARK: - Loops

    @inline(__always)
    static func loop<K: UnaryKernel>(
        _: K.Type, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ r: Range<Int>
    ) {
        @inline(__always) func f(_ v: V) -> V { K.apply(v) }
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

    @inline(__always)
    static func loop2<K: BinaryKernel>(
        _: K.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
        _ r: Range<Int>
    ) {
        @inline(__always) func f(_ a: V, _ b: V) -> V { K.apply(a, b) }
        var i = r.lowerBound
        while i + 8 <= r.upperBound {
            let va = UnsafeRawPointer(a + i).loadUnaligned(as: V.self)
            let vb = UnsafeRawPointer(b + i).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(dst + i).storeBytes(of: f(va, vb), as: V.self)
            i += 8
        }
        if i < r.upperBound {
            var va = V(repeating: 0), vb = V(repeating: 0)
            for k in 0..<(r.upperBound - i) {
                va[k] = a[i + k]
                vb[k] = b[i + k]
            }
            let res = f(va, vb)
            for k in 0..<(r.upperBound - i) { dst[i + k] = res[k] }
        }
    }

    // MARK: - Vector math

    /// e^x for float lanes (Cephes expf polynomial, as in avx_mathfun's exp256_ps, with round-to-nearest range
    /// reduction); NaN propagates.
    @inline(__always)
    static func exp(_ x0: V) -> V {
        // Compare-and-blend rather than clamped(): Swift's pointwiseMin/Max handle NaN lane by lane in scalar code.
        let lo = V(repeating: -87.33654), hi = V(repeating: 88.37626)
        var x = x0.replacing(with: lo, where: x0 .< lo)
        x = x.replacing(with: hi, where: x .> hi)
        // Round x·log2(e) to the nearest integer with the 1.5·2^23 trick: plain adds vectorise on every
        // x86-64 (a floor() call would run per lane without SSE4.1, which the baseline target lacks).
        let magic = V(repeating: 12_582_912.0)
        let fx = (x * 1.44269504088896341 + magic) - magic
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
        let n = unsafeBitCast(fx + magic, to: SIMD8<UInt32>.self) &- 0x4B40_0000
        let pow2 = unsafeBitCast((n &+ 127) &<< 23, to: V.self)
        // NaN needs no blend: both compares above are false for NaN lanes, so NaN flows through y.
        return y * pow2
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

// MARK: - The kernels (types, so generic specialisation inlines them into the loops)

protocol UnaryKernel { static func apply(_ v: SIMD8<Float>) -> SIMD8<Float> }
protocol BinaryKernel { static func apply(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> }

extension FastActivation {
    enum ReLU: UnaryKernel {
        @inline(__always) static func apply(_ v: V) -> V { v.replacing(with: 0, where: v .< 0) }
    }
    enum Sigmoid: UnaryKernel {
        @inline(__always) static func apply(_ v: V) -> V { sigmoid(v) }
    }
    enum GELU: UnaryKernel {
        @inline(__always) static func apply(_ v: V) -> V {
            v * 0.5 * (1 + erf(v * V(repeating: 0.70710678118654752440)))
        }
    }
    /// Uses the output: relu'(x) = 0 where y ≤ 0 (torch's threshold_backward).
    enum ReLUBackward: BinaryKernel {
        @inline(__always) static func apply(_ y: V, _ g: V) -> V { g.replacing(with: 0, where: y .<= 0) }
    }
    enum SigmoidBackward: BinaryKernel {
        @inline(__always) static func apply(_ y: V, _ g: V) -> V { g * (1 - y) * y }
    }
    enum GELUBackward: BinaryKernel {
        @inline(__always) static func apply(_ x: V, _ g: V) -> V {
            let cdf = 0.5 * (1 + erf(x * V(repeating: 0.70710678118654752440)))
            let pdf = V(repeating: Float(ActivationMath.geluPdf)) * exp(x * x * -0.5)
            return g * (cdf + x * pdf)
        }
    }
}
