import DLEnvTensor

// Small extensions built only from DLEnvTensor's public API, for what nn needs and the tensor core does
// not (yet) offer directly.

extension Tensor {
    /// `self + alpha * other` out of place with torch's single FMA rounding (torch's `grad.add(p, alpha=wd)`).
    func adding(_ other: Tensor, alpha: Double) -> Tensor {
        noGrad { clone().add_(other, alpha: alpha) }
    }
}
