import DLEnvTensor

extension Tensor {
    /// A float32 (or `dtype`) matrix from rows.
    static func matrix(_ rows: [[Double]], dtype: DType = .float32) -> Tensor {
        Tensor(rows.flatMap { $0 }, shape: [rows.count, rows.first?.count ?? 0], dtype: dtype)
    }

    /// A float32 (or `dtype`) vector.
    static func vector(_ values: [Double], dtype: DType = .float32) -> Tensor {
        Tensor(values, shape: [values.count], dtype: dtype)
    }

    /// Plain SGD on leaf parameters (`p -= lr * p.grad`, torch's `p.add_(grad, alpha=-lr)`), then clears grads.
    static func sgdStep(_ params: [Tensor], lr: Double) {
        noGrad {
            for p in params {
                if let g = p.grad { _ = p.add_(g, alpha: -lr) }
                p.zeroGrad()
            }
        }
    }

    /// The mean squared error of `prediction` against `target`.
    func mse(_ target: Tensor) -> Tensor { (self - target).square().mean() }
}

/// Formats a number for check details.
func fmt(_ v: Double) -> String {
    if v == 0 || v.isNaN || v.isInfinite { return "\(v)" }
    let a = Swift.abs(v)
    if a >= 1e5 || a < 1e-3 {
        var s = "\(v)"
        if let e = s.firstIndex(of: "e") {
            let mant = Double(s[..<e]) ?? v
            s = "\((mant * 100).rounded() / 100)" + s[e...]
        }
        return s
    }
    return "\((v * 10000).rounded() / 10000)"
}
