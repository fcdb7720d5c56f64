import DLEnvTensor

/// Adam (Kingma & Ba, 2015) exactly as torch's single-tensor path computes it: m by `lerp`, v by
/// `mul_`/`addcmul_`, bias corrections in Python doubles from the float32 step count, eps added after
/// dividing √v by √bc2, and the update by `addcdiv_`. With `decoupledWeightDecay` it is AdamW
/// (Loshchilov & Hutter, 2019). Source: torch/optim/adam.py (2.13); numerics.md §3.3–3.4.
public class Adam: Optimizer {
    /// - Throws: torch's ValueError for an invalid lr, eps, beta or weight decay.
    public init(
        _ groups: [ParamGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false, decoupledWeightDecay: Bool = false
    ) throws(TorchError) {
        if lr < 0 { throw TorchError.value("Invalid learning rate: \(Py.repr(lr))") }
        if eps < 0 { throw TorchError.value("Invalid epsilon value: \(Py.repr(eps))") }
        if !(0 <= betas.0 && betas.0 < 1) {
            throw TorchError.value("Invalid beta parameter at index 0: \(Py.repr(betas.0))")
        }
        if !(0 <= betas.1 && betas.1 < 1) {
            throw TorchError.value("Invalid beta parameter at index 1: \(Py.repr(betas.1))")
        }
        if weightDecay < 0 { throw TorchError.value("Invalid weight_decay value: \(Py.repr(weightDecay))") }
        var defaults = ParamGroupOptions(lr: lr)
        (defaults.beta1, defaults.beta2) = betas
        defaults.eps = eps
        defaults.weightDecay = weightDecay
        defaults.amsgrad = amsgrad
        defaults.maximize = maximize
        defaults.decoupledWeightDecay = decoupledWeightDecay
        try super.init(groups, defaults: defaults, momentumKey: .beta1)
    }

    /// One group of parameters.
    public convenience init(
        _ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false
    ) throws(TorchError) {
        try self.init(
            [ParamGroup(params)], lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
            maximize: maximize)
    }

    override func update(_ p: Tensor, grad: Tensor, options o: ParamGroupOptions, state s: ParamState) {
        if s.expAvg == nil {
            s.expAvg = Tensor.zeros(like: p)
            s.expAvgSq = Tensor.zeros(like: p)
            if o.amsgrad { s.maxExpAvgSq = Tensor.zeros(like: p) }
        }
        let expAvg = s.expAvg!, expAvgSq = s.expAvgSq!
        s.step += 1
        var g = grad
        if o.weightDecay != 0 {
            if o.decoupledWeightDecay {
                p.mul_(1 - o.lr * o.weightDecay)
            } else {
                g = g.adding(p, alpha: o.weightDecay)
            }
        }
        expAvg.lerp_(g, weight: 1 - o.beta1)
        expAvgSq.mul_(o.beta2).addcmul_(g, g, value: 1 - o.beta2)
        let step = Double(s.step)
        let biasCorrection1 = 1 - Py.pow(o.beta1, step)
        let biasCorrection2 = 1 - Py.pow(o.beta2, step)
        let stepSize = o.lr / biasCorrection1
        let biasCorrection2Sqrt = Py.pow(biasCorrection2, 0.5)
        let denom: Tensor
        if o.amsgrad, let maxExpAvgSq = s.maxExpAvgSq {
            maxExpAvgSq.copy_(maxExpAvgSq.maximum(expAvgSq))
            denom = (maxExpAvgSq.sqrt() / biasCorrection2Sqrt).add_(o.eps)
        } else {
            denom = (expAvgSq.sqrt() / biasCorrection2Sqrt).add_(o.eps)
        }
        p.addcdiv_(expAvg, denom, value: -stepSize)
    }
}

/// AdamW: Adam with decoupled weight decay (default 1e-2): p ← p·(1 − lr·wd) before the Adam update.
public final class AdamW: Adam {
    public init(
        _ groups: [ParamGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false
    ) throws(TorchError) {
        try super.init(
            groups, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, maximize: maximize,
            decoupledWeightDecay: true)
    }

    /// One group of parameters.
    public convenience init(
        _ params: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false
    ) throws(TorchError) {
        try self.init(
            [ParamGroup(params)], lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
            maximize: maximize)
    }
}
