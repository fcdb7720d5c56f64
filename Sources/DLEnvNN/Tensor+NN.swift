import DLEnvTensor

// Small extensions built only from DLEnvTensor's public API, for what nn needs and the tensor core does
// not (yet) offer directly.

extension Tensor {
    /// `self + alpha * other` out of place with torch's single FMA rounding (torch's `grad.add(p, alpha=wd)`).
    func adding(_ other: Tensor, alpha: Double) -> Tensor {
        noGrad { clone().add_(other, alpha: alpha) }
    }

    /// Applies `transform` to every element (in row-major order) in place, through Double. For
    /// initialisers only (erfinv, QR results): not a fast path.
    @discardableResult
    func mapElements_(_ transform: (Double) -> Double) -> Tensor {
        let values = toArray().map(transform)
        noGrad { _ = copy_(Tensor(values, shape: shape, dtype: dtype == .float64 ? .float64 : .float32)) }
        return self
    }
}
