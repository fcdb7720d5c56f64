import DLEnvTensor

/// RMSprop (Hinton, Coursera lecture 6e) as torch computes it: eps added outside the square root, centered
/// variant subtracting the squared running mean, and a momentum buffer that starts at zero.
/// Source: torch/optim/rmsprop.py (2.13); numerics.md §3.5.
public final class RMSprop: Optimizer {
    public init(
        _ groups: [ParamGroup], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
        momentum: Double = 0, centered: Bool = false, maximize: Bool = false
    ) throws(TorchError) {
        if lr < 0 { throw TorchError.value("Invalid learning rate: \(Py.repr(lr))") }
        if eps < 0 { throw TorchError.value("Invalid epsilon value: \(Py.repr(eps))") }
        if momentum < 0 { throw TorchError.value("Invalid momentum value: \(Py.repr(momentum))") }
        if weightDecay < 0 { throw TorchError.value("Invalid weight_decay value: \(Py.repr(weightDecay))") }
        if alpha < 0 { throw TorchError.value("Invalid alpha value: \(Py.repr(alpha))") }
        var defaults = ParamGroupOptions(lr: lr)
        defaults.alpha = alpha
        defaults.eps = eps
        defaults.weightDecay = weightDecay
        defaults.momentum = momentum
        defaults.centered = centered
        defaults.maximize = maximize
        try super.init(groups, defaults: defaults, momentumKey: .momentum)
    }

    /// One group of parameters.
    public convenience init(
        _ params: [Tensor], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
        momentum: Double = 0, centered: Bool = false, maximize: Bool = false
    ) throws(TorchError) {
        try self.init(
            [ParamGroup(params)], lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay, momentum: momentum,
            centered: centered, maximize: maximize)
    }

    override func update(_ p: Tensor, grad: Tensor, options o: ParamGroupOptions, state s: ParamState) {
        if s.squareAvg == nil {
            s.squareAvg = Tensor.zeros(like: p)
            if o.momentum > 0 { s.momentumBuffer = Tensor.zeros(like: p) }
            if o.centered { s.gradAvg = Tensor.zeros(like: p) }
        }
        let squareAvg = s.squareAvg!
        s.step += 1
        var g = grad
        if o.weightDecay != 0 { g = g.adding(p, alpha: o.weightDecay) }
        squareAvg.mul_(o.alpha).addcmul_(g, g, value: 1 - o.alpha)
        let avg: Tensor
        if o.centered, let gradAvg = s.gradAvg {
            gradAvg.lerp_(g, weight: 1 - o.alpha)
            avg = squareAvg.clone().addcmul_(gradAvg, gradAvg, value: -1).sqrt()
        } else {
            avg = squareAvg.sqrt()
        }
        avg.add_(o.eps)
        if o.momentum > 0, let buf = s.momentumBuffer {
            buf.mul_(o.momentum).addcdiv_(g, avg, value: 1)
            p.add_(buf, alpha: -o.lr)
        } else {
            p.addcdiv_(g, avg, value: -o.lr)
        }
    }
}

/// Adagrad (Duchi et al., 2011): accumulated squared gradients, lr decayed by 1/(1 + (step−1)·lr_decay).
/// State is created when the optimizer is built (torch does it in the constructor).
/// Source: torch/optim/adagrad.py (2.13); numerics.md §3.6.
public final class Adagrad: Optimizer {
    public init(
        _ groups: [ParamGroup], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false
    ) throws(TorchError) {
        if lr < 0 { throw TorchError.value("Invalid learning rate: \(Py.repr(lr))") }
        if lrDecay < 0 { throw TorchError.value("Invalid lr_decay value: \(Py.repr(lrDecay))") }
        if weightDecay < 0 { throw TorchError.value("Invalid weight_decay value: \(Py.repr(weightDecay))") }
        if initialAccumulatorValue < 0 {
            throw TorchError.value("Invalid initial_accumulator_value value: \(Py.repr(initialAccumulatorValue))")
        }
        if eps < 0 { throw TorchError.value("Invalid epsilon value: \(Py.repr(eps))") }
        var defaults = ParamGroupOptions(lr: lr)
        defaults.lrDecay = lrDecay
        defaults.weightDecay = weightDecay
        defaults.initialAccumulatorValue = initialAccumulatorValue
        defaults.eps = eps
        defaults.maximize = maximize
        try super.init(groups, defaults: defaults, momentumKey: nil)
        for (i, group) in params.enumerated() {
            for p in group {
                state(for: p).sum = Tensor.full(p.shape, groupOptions[i].initialAccumulatorValue, dtype: p.dtype)
            }
        }
    }

    /// One group of parameters.
    public convenience init(
        _ params: [Tensor], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false
    ) throws(TorchError) {
        try self.init(
            [ParamGroup(params)], lr: lr, lrDecay: lrDecay, weightDecay: weightDecay,
            initialAccumulatorValue: initialAccumulatorValue, eps: eps, maximize: maximize)
    }

    override func update(_ p: Tensor, grad: Tensor, options o: ParamGroupOptions, state s: ParamState) {
        s.step += 1
        let step = Double(s.step)
        var g = grad
        if o.weightDecay != 0 { g = g.adding(p, alpha: o.weightDecay) }
        let clr = o.lr / (1 + (step - 1) * o.lrDecay)
        let sum = s.sum!
        sum.addcmul_(g, g, value: 1)
        let std = sum.sqrt().add_(o.eps)
        p.addcdiv_(g, std, value: -clr)
    }
}
