import DLEnvTensor

/// How a loss combines its per-element values (torch's `reduction=`).
public enum Reduction: String, Sendable, CaseIterable {
    case none, mean, sum
}

/// The loss functions of `torch.nn.functional`, composed from tensor primitives so their gradients
/// come from autograd. Formulas follow torch 2.13's CPU kernels (aten/src/ATen/native/Loss.cpp,
/// LossNLL.cpp); values agree with torch to float32 rounding.
public enum Loss {
    static func reduce(_ t: Tensor, _ reduction: Reduction) -> Tensor {
        switch reduction {
        case .none: return t
        case .mean: return t.mean()
        case .sum: return t.sum()
        }
    }

    /// Mean squared error: (x − y)².
    public static func mse(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        let d = input - target
        return reduce(d * d, reduction)
    }

    /// Mean absolute error: |x − y|.
    public static func l1(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        reduce((input - target).abs(), reduction)
    }

    /// Smooth L1: 0.5·z²/β if z < β else z − 0.5·β, z = |x − y| (β = 0 is L1).
    public static func smoothL1(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, beta: Double = 1.0)
        -> Tensor
    {
        precondition(beta >= 0, "smooth_l1_loss does not support negative values for beta.")
        if beta == 0 { return l1(input, target, reduction: reduction) }
        let z = (input - target).abs()
        return reduce(Tensor.where(z.lt(beta), z * z * 0.5 / beta, z - 0.5 * beta), reduction)
    }

    /// Huber: 0.5·z² if z < δ else δ·(z − 0.5·δ).
    public static func huber(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, delta: Double = 1.0)
        -> Tensor
    {
        precondition(delta > 0, "huber_loss does not support non-positive values for delta.")
        let z = (input - target).abs()
        return reduce(Tensor.where(z.lt(delta), z * z * 0.5, (z - 0.5 * delta) * delta), reduction)
    }

    /// Binary cross entropy on probabilities, logs clamped at −100 as torch does.
    public static func binaryCrossEntropy(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean
    ) -> Tensor {
        let logX = input.log().clamp(min: -100), log1mX = (1.0 - input).log().clamp(min: -100)
        var loss = (target - 1.0) * log1mX - target * logX
        if let weight { loss = loss * weight }
        return reduce(loss, reduction)
    }

    /// Binary cross entropy on logits, in torch's stable form
    /// (1 − y)·x + (1 + (pw − 1)·y)·(log1p(e^−|x|) + max(−x, 0)).
    public static func binaryCrossEntropyWithLogits(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil,
        reduction: Reduction = .mean
    ) -> Tensor {
        // log1p(exp(-|x|)) is softplus(-|x|) on softplus's log1p branch (-|x| <= 0 < threshold).
        let tail = (-input.abs()).softplus() + (-input).clamp(min: 0)
        var loss: Tensor
        if let posWeight {
            loss = (1.0 - target) * input + ((posWeight - 1.0) * target + 1.0) * tail
        } else {
            loss = (1.0 - target) * input + tail
        }
        if let weight { loss = loss * weight }
        return reduce(loss, reduction)
    }
}
