import DLEnvTensor

/// Stochastic gradient descent with torch's momentum convention (v ← μv + (1−dampening)g, p ← p − lr·v;
/// the first step sets v = g without dampening), Nesterov, L2 weight decay and `maximize`.
/// Source: torch/optim/sgd.py `_single_tensor_sgd` (2.13); numerics.md §3.2.
public final class SGD: Optimizer {
    /// - Throws: torch's ValueError for an invalid lr, momentum, weight decay or Nesterov setting.
    public init(
        _ groups: [ParamGroup], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
        weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false
    ) throws(TorchError) {
        if lr < 0 { throw TorchError.value("Invalid learning rate: \(Py.repr(lr))") }
        if momentum < 0 { throw TorchError.value("Invalid momentum value: \(Py.repr(momentum))") }
        if weightDecay < 0 { throw TorchError.value("Invalid weight_decay value: \(Py.repr(weightDecay))") }
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw TorchError.value("Nesterov momentum requires a momentum and zero dampening")
        }
        var defaults = ParamGroupOptions(lr: lr)
        defaults.momentum = momentum
        defaults.dampening = dampening
        defaults.weightDecay = weightDecay
        defaults.nesterov = nesterov
        defaults.maximize = maximize
        try super.init(groups, defaults: defaults, momentumKey: .momentum)
    }

    /// One group of parameters.
    public convenience init(
        _ params: [Tensor], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
        nesterov: Bool = false, maximize: Bool = false
    ) throws(TorchError) {
        try self.init(
            [ParamGroup(params)], lr: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay,
            nesterov: nesterov, maximize: maximize)
    }

    override func update(_ p: Tensor, grad: Tensor, options o: ParamGroupOptions, state: ParamState) {
        var g = grad
        if o.weightDecay != 0 { g = g.adding(p, alpha: o.weightDecay) }
        if o.momentum != 0 {
            let buf: Tensor
            if let existing = state.momentumBuffer {
                buf = existing
                buf.mul_(o.momentum).add_(g, alpha: 1 - o.dampening)
            } else {
                buf = g.detach().clone()
                state.momentumBuffer = buf
            }
            g = o.nesterov ? g.adding(buf, alpha: o.momentum) : buf
        }
        p.add_(g, alpha: -o.lr)
    }
}
