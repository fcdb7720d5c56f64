import DLEnvTensor
import Testing

/// Finite-difference gradient checking in Float64 (central differences).
enum GradientCheck {
    /// Deterministic pseudo-random values in [lo, hi) (no generator state shared with other tests).
    static func values(_ n: Int, seed: UInt64, lo: Double = -2, hi: Double = 2) -> [Double] {
        var s = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (0..<n).map { _ in
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return lo + (hi - lo) * Double(s >> 11) / Double(1 << 53)
        }
    }

    /// A float64 leaf requiring grad.
    static func leaf(_ shape: [Int], seed: UInt64, lo: Double = -2, hi: Double = 2) -> Tensor {
        Tensor(values(shape.reduce(1, *), seed: seed, lo: lo, hi: hi), shape: shape, dtype: .float64).requiresGrad_()
    }

    /// The largest relative difference between autograd and central differences of
    /// `sum(f(inputs) * w)` for a fixed random weighting `w`.
    static func maxError(_ inputs: [Tensor], eps: Double = 1e-6, _ f: ([Tensor]) -> Tensor) -> Double {
        let out = f(inputs)
        let w = Tensor(values(out.count, seed: 99, lo: 0.5, hi: 1.5), shape: out.shape, dtype: .float64)
        (out.to(.float64) * w).sum().backward()
        var worst = 0.0
        for (k, input) in inputs.enumerated() where input.requiresGrad {
            let analytic = input.grad?.toArray() ?? [Double](repeating: 0, count: input.count)
            let base = input.toArray()
            for i in 0..<base.count {
                func loss(_ v: Double) -> Double {
                    var xs = base
                    xs[i] = v
                    var perturbed = inputs.map { $0.detach() }
                    perturbed[k] = Tensor(xs, shape: input.shape, dtype: input.dtype)
                    return noGrad { (f(perturbed).to(.float64) * w).sum().item() }
                }
                let numeric = (loss(base[i] + eps) - loss(base[i] - eps)) / (2 * eps)
                let err = Swift.abs(numeric - analytic[i]) / Swift.max(1, Swift.abs(numeric))
                worst = Swift.max(worst, err)
            }
        }
        return worst
    }
}
