import DLEnvTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `torch.nn.init`: every function fills its tensor in place (under no_grad) and returns it. Bounds and
/// standard deviations are computed in Double exactly as torch computes them, then passed to the
/// tensor's sampler, so uniform-based inits reproduce torch bit for bit for a fixed seed
/// (numerics.md §1). Source: torch/nn/init.py (2.13).
public enum Init {
    /// The nonlinearities `calculate_gain` knows.
    public enum Nonlinearity: String, Sendable, CaseIterable {
        case linear, conv1d, conv2d, conv3d
        case convTranspose1d = "conv_transpose1d", convTranspose2d = "conv_transpose2d"
        case convTranspose3d = "conv_transpose3d"
        case sigmoid, tanh, relu
        case leakyRelu = "leaky_relu"
        case selu
    }

    /// Which fan `kaiming_*` preserves the variance of.
    public enum FanMode: String, Sendable, CaseIterable {
        case fanIn = "fan_in", fanOut = "fan_out"
    }

    /// The recommended gain for a nonlinearity; `param` is leaky_relu's negative slope (default 0.01).
    public static func calculateGain(_ nonlinearity: Nonlinearity, param: Double? = nil) -> Double {
        switch nonlinearity {
        case .linear, .conv1d, .conv2d, .conv3d, .convTranspose1d, .convTranspose2d, .convTranspose3d, .sigmoid:
            return 1
        case .tanh: return 5.0 / 3
        case .relu: return 2.0.squareRoot()
        case .leakyRelu:
            let slope = param ?? 0.01
            return (2.0 / (1 + slope * slope)).squareRoot()
        case .selu: return 3.0 / 4
        }
    }

    /// `calculate_gain` by torch's name, with torch's ValueError for an unknown one.
    public static func calculateGain(_ name: String, param: Double? = nil) throws(TorchError) -> Double {
        guard let nonlinearity = Nonlinearity(rawValue: name) else {
            throw TorchError.value("Unsupported nonlinearity \(name)")
        }
        return calculateGain(nonlinearity, param: param)
    }

    /// (fan_in, fan_out): size(1)·receptive field and size(0)·receptive field (torch's
    /// `_calculate_fan_in_and_fan_out`; ConvTranspose weights get torch's swapped fans, as torch does).
    public static func fans(_ t: Tensor) -> (fanIn: Int, fanOut: Int) {
        precondition(
            t.ndim >= 2, "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (\(t.shape))")
        let receptive = t.shape.dropFirst(2).reduce(1, *)
        return (t.shape[1] * receptive, t.shape[0] * receptive)
    }

    static func fan(_ t: Tensor, _ mode: FanMode) -> Int {
        let f = fans(t)
        return mode == .fanIn ? f.fanIn : f.fanOut
    }

    /// U[a, b).
    @discardableResult
    public static func uniform_(_ t: Tensor, a: Double = 0, b: Double = 1, generator: Generator = .default) -> Tensor {
        noGrad { t.uniform_(from: a, to: b, generator: generator) }
    }

    /// N(mean, std²).
    @discardableResult
    public static func normal_(_ t: Tensor, mean: Double = 0, std: Double = 1, generator: Generator = .default)
        -> Tensor
    {
        noGrad { t.normal_(mean: mean, std: std, generator: generator) }
    }

    /// N(mean, std²) truncated to [a, b] (absolute bounds), as torch 2.13 samples it: when at least 30 % of
    /// the mass lies in [a, b], redraw out-of-range values from the normal; otherwise propose U(a, b) and
    /// accept by the density ratio (rejection sampling). Element-wise steps round as torch's float kernels.
    @discardableResult
    public static func truncNormal_(
        _ t: Tensor, mean: Double = 0, std: Double = 1, a: Double = -2, b: Double = 2, generator: Generator = .default
    ) -> Tensor {
        func normCDF(_ x: Double) -> Double { (1 + erf(x / 2.0.squareRoot())) / 2 }
        let isFloat = t.dtype != .float64
        func rounded(_ x: Double) -> Double { isFloat ? Double(Float(x)) : x }
        func fresh(_ fill: (Tensor) -> Void) -> [Double] {
            let u = Tensor.zeros(t.shape, dtype: t.dtype)
            fill(u)
            return u.toArray()
        }
        let p = normCDF((b - mean) / std) - normCDF((a - mean) / std)
        return noGrad {
            var result: [Double]
            if p > 0.3 {
                let lo = rounded(a), hi = rounded(b)
                result = fresh { $0.normal_(mean: mean, std: std, generator: generator) }
                while result.contains(where: { $0 < lo || $0 > hi }) {
                    let redraw = fresh { $0.normal_(mean: mean, std: std, generator: generator) }
                    result = zip(result, redraw).map { $0 < lo || $0 > hi ? $1 : $0 }
                }
            } else {
                let mode = Swift.max(a, Swift.min(mean, b))
                let logPeak = -0.5 * Py.pow((mode - mean) / std, 2)
                // candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak), each op rounded.
                func score(_ v: Double) -> Double {
                    if isFloat {
                        let z = (Float(v) - Float(mean)) / Float(std)
                        return Double(z * z * -0.5 - Float(logPeak))
                    }
                    let z = (v - mean) / std
                    return z * z * -0.5 - logPeak
                }
                func logUniform() -> [Double] {
                    fresh { $0.uniform_(generator: generator) }.map { isFloat ? Double(logf(Float($0))) : log($0) }
                }
                result = fresh { $0.uniform_(from: a, to: b, generator: generator) }
                var pending = zip(logUniform(), result.map(score)).map { $0 > $1 }
                while pending.contains(true) {
                    let candidates = fresh { $0.uniform_(from: a, to: b, generator: generator) }
                    result = (0..<result.count).map { pending[$0] ? candidates[$0] : result[$0] }
                    let logU = logUniform()
                    pending = (0..<result.count).map { pending[$0] && logU[$0] > score(candidates[$0]) }
                }
            }
            return t.copy_(Tensor(result, shape: t.shape, dtype: isFloat ? .float32 : .float64))
        }
    }

    /// Fills with `value`.
    @discardableResult
    public static func constant_(_ t: Tensor, _ value: Double) -> Tensor { noGrad { t.fill_(value) } }

    /// Fills with ones.
    @discardableResult
    public static func ones_(_ t: Tensor) -> Tensor { constant_(t, 1) }

    /// Fills with zeros.
    @discardableResult
    public static func zeros_(_ t: Tensor) -> Tensor { constant_(t, 0) }

    /// The (possibly rectangular) identity; 2-D tensors only.
    @discardableResult
    public static func eye_(_ t: Tensor) -> Tensor {
        precondition(t.ndim == 2, "Only tensors with 2 dimensions are supported (got shape \(t.shape))")
        return noGrad { t.copy_(Tensor.eye(t.shape[0], t.shape[1], dtype: t.dtype)) }
    }

    /// The Dirac delta for 3-5-D convolution weights: each output channel passes one input channel
    /// through at the kernel centre (per group).
    @discardableResult
    public static func dirac_(_ t: Tensor, groups: Int = 1) -> Tensor {
        precondition((3...5).contains(t.ndim), "Only tensors with 3, 4, or 5 dimensions are supported")
        precondition(t.shape[0] % groups == 0, "dim 0 must be divisible by groups")
        let outPerGroup = t.shape[0] / groups
        let minDim = Swift.min(outPerGroup, t.shape[1])
        let strides = contiguousStridesOf(t.shape)
        var values = [Double](repeating: 0, count: t.count)
        for g in 0..<groups {
            for d in 0..<minDim {
                var index = (g * outPerGroup + d) * strides[0] + d * strides[1]
                for k in 2..<t.ndim { index += (t.shape[k] / 2) * strides[k] }
                values[index] = 1
            }
        }
        return noGrad { t.copy_(Tensor(values, shape: t.shape, dtype: t.dtype == .float64 ? .float64 : .float32)) }
    }

    /// Glorot & Bengio (2010) uniform: U(−a, a), a = gain·√(6/(fan_in + fan_out)).
    @discardableResult
    public static func xavierUniform_(_ t: Tensor, gain: Double = 1, generator: Generator = .default) -> Tensor {
        let f = fans(t)
        let std = gain * (2.0 / Double(f.fanIn + f.fanOut)).squareRoot()
        let a = 3.0.squareRoot() * std
        return uniform_(t, a: -a, b: a, generator: generator)
    }

    /// Glorot & Bengio (2010) normal: N(0, gain²·2/(fan_in + fan_out)).
    @discardableResult
    public static func xavierNormal_(_ t: Tensor, gain: Double = 1, generator: Generator = .default) -> Tensor {
        let f = fans(t)
        let std = gain * (2.0 / Double(f.fanIn + f.fanOut)).squareRoot()
        return normal_(t, mean: 0, std: std, generator: generator)
    }

    /// He et al. (2015) uniform: U(−b, b), b = √3·gain/√fan (torch's default nonlinearity is leaky_relu).
    @discardableResult
    public static func kaimingUniform_(
        _ t: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyRelu,
        generator: Generator = .default
    ) -> Tensor {
        if t.shape.contains(0) { return t }  // torch warns and does nothing
        let gain = calculateGain(nonlinearity, param: a)
        let std = gain / Double(fan(t, mode)).squareRoot()
        let bound = 3.0.squareRoot() * std
        return uniform_(t, a: -bound, b: bound, generator: generator)
    }

    /// He et al. (2015) normal: N(0, (gain/√fan)²).
    @discardableResult
    public static func kaimingNormal_(
        _ t: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyRelu,
        generator: Generator = .default
    ) -> Tensor {
        if t.shape.contains(0) { return t }
        let gain = calculateGain(nonlinearity, param: a)
        let std = gain / Double(fan(t, mode)).squareRoot()
        return normal_(t, mean: 0, std: std, generator: generator)
    }

    /// Saxe et al. (2013): a (semi-)orthogonal matrix from the QR decomposition of a normal sample, the
    /// sign of R's diagonal folded into Q (so Q is unique, and equal to torch's up to rounding).
    @discardableResult
    public static func orthogonal_(_ t: Tensor, gain: Double = 1, generator: Generator = .default) -> Tensor {
        precondition(t.ndim >= 2, "Only tensors with 2 or more dimensions are supported")
        if t.count == 0 { return t }
        let rows = t.shape[0], cols = t.count / rows
        let flat = noGrad { Tensor.zeros([rows, cols], dtype: t.dtype).normal_(mean: 0, std: 1, generator: generator) }
        var a = flat.toArray()
        var (m, n) = (rows, cols)
        if rows < cols {  // transpose
            a = (0..<(cols * rows)).map { a[($0 % rows) * cols + $0 / rows] }
            (m, n) = (cols, rows)
        }
        var q = householderQ(a, m: m, n: n)  // m×n, signs fixed
        if rows < cols { q = (0..<(rows * cols)).map { q[($0 % cols) * rows + $0 / cols] } }
        let result = Tensor(q.map { $0 * gain }, shape: t.shape, dtype: t.dtype == .float64 ? .float64 : .float32)
        return noGrad { t.copy_(result) }
    }

    /// Martens (2010) sparse init for 2-D tensors: N(0, std²) with `ceil(sparsity·rows)` zeros per column.
    /// The zero positions come from the generator (torch uses `randperm`, which is not reproduced bit for bit).
    @discardableResult
    public static func sparse_(_ t: Tensor, sparsity: Double, std: Double = 0.01, generator: Generator = .default)
        -> Tensor
    {
        precondition(t.ndim == 2, "Only tensors with 2 dimensions are supported")
        let rows = t.shape[0], cols = t.shape[1]
        let zeros = Int((sparsity * Double(rows)).rounded(.up))
        return noGrad {
            t.normal_(mean: 0, std: std, generator: generator)
            var values = t.toArray()
            let keys = Tensor.rand([cols, rows], dtype: .float64, generator: generator).toArray()
            for c in 0..<cols {
                let order = (0..<rows).sorted { keys[c * rows + $0] < keys[c * rows + $1] }
                for r in order.prefix(zeros) { values[r * cols + c] = 0 }
            }
            return t.copy_(Tensor(values, shape: t.shape, dtype: t.dtype == .float64 ? .float64 : .float32))
        }
    }
}

func contiguousStridesOf(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = acc
        acc *= shape[i]
    }
    return strides
}

/// The thin Q (m×n, row-major, m ≥ n) of Householder QR of `a`, with column j multiplied by sign(R[j][j])
/// (sign(0) = 0, as torch's `torch.sign`).
func householderQ(_ input: [Double], m: Int, n: Int) -> [Double] {
    var a = input
    var vs: [[Double]] = []
    var rDiag = [Double](repeating: 0, count: n)
    for k in 0..<n {
        var norm = 0.0
        for i in k..<m { norm += a[i * n + k] * a[i * n + k] }
        norm = norm.squareRoot()
        let alpha = a[k * n + k] > 0 ? -norm : norm
        var v = [Double](repeating: 0, count: m)
        for i in k..<m { v[i] = a[i * n + k] }
        v[k] -= alpha
        let vNorm = v.reduce(0) { $0 + $1 * $1 }
        if vNorm > 0 {
            for j in k..<n {
                var dot = 0.0
                for i in k..<m { dot += v[i] * a[i * n + j] }
                let f = 2 * dot / vNorm
                for i in k..<m { a[i * n + j] -= f * v[i] }
            }
        }
        rDiag[k] = a[k * n + k]
        vs.append(v)
    }
    // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
    var q = [Double](repeating: 0, count: m * n)
    for j in 0..<n { q[j * n + j] = 1 }
    for k in stride(from: n - 1, through: 0, by: -1) {
        let v = vs[k]
        let vNorm = v.reduce(0) { $0 + $1 * $1 }
        if vNorm == 0 { continue }
        for j in 0..<n {
            var dot = 0.0
            for i in k..<m { dot += v[i] * q[i * n + j] }
            let f = 2 * dot / vNorm
            for i in k..<m { q[i * n + j] -= f * v[i] }
        }
    }
    for j in 0..<n {
        let s: Double = rDiag[j] > 0 ? 1 : (rDiag[j] < 0 ? -1 : 0)
        for i in 0..<m { q[i * n + j] *= s }
    }
    return q
}
