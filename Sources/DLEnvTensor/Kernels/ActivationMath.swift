/// Scalar forward and backward formulas of the activations, written as torch's CPU kernels write them
/// (aten/src/ATen/native/cpu/Activation.cpp, Elu.h, Gelu.h; numerics.md §2.2), including which side of
/// each kink a boundary value falls on.
enum ActivationMath {
    // GELU constants (Gelu.h): kBeta = sqrt(2) * (2 / sqrt(pi)) * 0.5, kKappa = 0.044715.
    static let sqrt1_2 = 0.70710678118654752440
    static let geluBeta = 0.79788456080286535588
    static let geluKappa = 0.044715
    // 1/sqrt(2*pi) = M_2_SQRTPI * M_SQRT1_2 * 0.5
    static let geluPdf = 1.12837916709551257390 * 0.70710678118654752440 * 0.5

    @inline(__always)
    static func forward<T: Real>(_ op: Op, _ x: T, _ a: T, _ b: T, _ c: T) -> T {
        switch op {
        case .relu: return x < 0 ? 0 : x  // clamp_min: relu(-0.0) = -0.0, NaN stays NaN
        case .hardtanh: return x.isNaN ? x : Swift.min(Swift.max(x, a), b)
        case .leakyRelu: return x > 0 ? x : x * a
        case .elu:
            // a = alpha, b = scale, c = input scale (ELU: 1, 1, 1; SELU; CELU: alpha, 1, 1/alpha).
            return x <= 0 ? T.expm1(x * c) * (a * b) : x * b
        case .gelu: return x * 0.5 * (1 + T.erf(x * T(sqrt1_2)))
        case .geluTanh:
            let inner = T(geluBeta) * (x + T(geluKappa) * x * x * x)
            return 0.5 * x * (1 + T.tanh(inner))
        case .silu: return x / (1 + T.exp(-x))
        case .mish: return x * T.tanh(T.log1p(T.exp(x)))
        case .sigmoid: return 1 / (1 + T.exp(-x))
        case .tanh: return T.tanh(x)
        case .softplus: return x * a > b ? x : T.log1p(T.exp(x * a)) / a
        case .softsign: return x / (1 + Swift.abs(x))
        case .hardsigmoid: return Swift.min(Swift.max(x + 3, 0), 6) / 6
        case .hardswish: return x * Swift.min(Swift.max(x + 3, 0), 6) / 6
        case .hardshrink: return (x >= -a && x <= a) ? 0 : x
        case .softshrink: return x > a ? x - a : (x < -a ? x + a : 0)
        case .threshold: return x <= a ? b : x
        case .logsigmoid: return Swift.min(x, 0) - T.log1p(T.exp(-Swift.abs(x)))
        default: preconditionFailure("\(op) is not an element-wise activation")
        }
    }

    /// d(loss)/dx given the upstream gradient `g`, the input `x` and the output `y`.
    @inline(__always)
    static func backward<T: Real>(_ op: Op, _ x: T, _ y: T, _ g: T, _ a: T, _ b: T, _ c: T) -> T {
        switch op {
        case .relu: return y > 0 ? g : 0  // threshold_backward on the output: relu'(0) = 0
        case .hardtanh: return (x > a && x < b) ? g : 0  // strict interior
        case .leakyRelu: return x > 0 ? g : g * a
        case .elu: return x <= 0 ? g * c * (a * b) * T.exp(x * c) : g * b
        case .gelu:
            let cdf = 0.5 * (1 + T.erf(x * T(sqrt1_2)))
            let pdf = T.exp(-0.5 * x * x) * T(geluPdf)
            return g * (cdf + x * pdf)
        case .geluTanh:
            let xSq = x * x
            let inner = T(geluBeta) * (x + T(geluKappa) * xSq * x)
            let t = T.tanh(inner)
            let left = 0.5 * x, right = 1 + t
            let innerDerivative = T(geluBeta) * (1 + 3 * T(geluKappa) * xSq)
            return g * (0.5 * right + left * (1 - t * t) * innerDerivative)
        case .silu:
            let s = 1 / (1 + T.exp(-x))
            return g * s * (1 + x * (1 - s))
        case .mish:
            let s = 1 / (1 + T.exp(-x))
            let t = T.tanh(T.log1p(T.exp(x)))
            return g * (t + x * s * (1 - t * t))
        case .sigmoid: return g * (1 - y) * y
        case .tanh: return g * (1 - y * y)
        case .softplus:
            let z = T.exp(x * a)
            return x * a > b ? g : g * z / (z + 1)
        case .softsign:
            let d = 1 + Swift.abs(x)
            return g / (d * d)
        case .hardsigmoid:
            // torch uses the float constant 1.0f/6.0f even for float64 (numerics.md §2.2 quirk).
            return (x > -3 && x < 3) ? g * T(Double(Float(1) / Float(6))) : 0
        case .hardswish: return x <= -3 ? 0 : (x < 3 ? g * (x / 3 + 0.5) : g)
        case .hardshrink, .softshrink: return (x >= -a && x <= a) ? 0 : g
        case .threshold: return x > a ? g : 0
        case .logsigmoid:
            let z = T.exp(-Swift.abs(x))
            return x < 0 ? g * (1 - z / (1 + z)) : g * (z / (1 + z))
        default: preconditionFailure("\(op) is not an element-wise activation")
        }
    }
}
