import DLEnvTensor

extension Loss {
    /// For class-index targets: a constant tensor shaped like `input` ([N, C, d...]) holding w[c] where
    /// c is the sample's target class (and 0 elsewhere and for ignored samples), plus the sum of the
    /// selected weights (the mean reduction's denominator) and the ignore mask per sample.
    static func selection(input: Tensor, target: Tensor, weight: Tensor?, ignoreIndex: Int)
        -> (mask: Tensor, weightSum: Double, ignored: [Bool], weights: [Double])
    {
        precondition(input.ndim >= 2, "expected input of shape [N, C, d...], got \(input.shape)")
        let n = input.shape[0], c = input.shape[1]
        let inner = input.shape.dropFirst(2).reduce(1, *)
        precondition(
            target.shape == [n] + Array(input.shape.dropFirst(2)),
            "expected target shape \([n] + Array(input.shape.dropFirst(2))), got \(target.shape)")
        let classWeights = weight?.toArray() ?? [Double](repeating: 1, count: c)
        precondition(classWeights.count == c, "weight has \(classWeights.count) entries for \(c) classes")
        let targets = target.toInt64Array()
        var mask = [Double](repeating: 0, count: input.count)
        var ignored = [Bool](repeating: false, count: targets.count)
        var weightSum = 0.0
        for i in 0..<n {
            for s in 0..<inner {
                let k = i * inner + s
                let t = Int(targets[k])
                if t == ignoreIndex {
                    ignored[k] = true
                    continue
                }
                precondition(t >= 0 && t < c, "Target \(t) is out of bounds for \(c) classes.")
                mask[(i * c + t) * inner + s] = classWeights[t]
                weightSum += classWeights[t]
            }
        }
        let maskTensor = Tensor(mask, shape: input.shape, dtype: input.dtype == .float64 ? .float64 : .float32)
        return (maskTensor, weightSum, ignored, classWeights)
    }

    /// Negative log likelihood of class indices on log-probabilities [N, C, d...]; with class weights the
    /// mean divides by the sum of the selected weights (torch's weighted mean).
    public static func nll(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
        reduction: Reduction = .mean
    ) -> Tensor {
        let s = selection(input: input, target: target, weight: weight, ignoreIndex: ignoreIndex)
        let picked = -(input * s.mask).sum(dim: 1)  // [N, d...]
        switch reduction {
        case .none: return picked
        case .sum: return picked.sum()
        case .mean: return picked.sum() / s.weightSum
        }
    }

    /// Cross entropy on logits [N, C, d...] with class-index targets: log_softmax then NLL, with optional
    /// class weights and label smoothing (torch's `cross_entropy_loss_label_smoothing`).
    public static func crossEntropy(
        _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
        reduction: Reduction = .mean, labelSmoothing: Double = 0
    ) -> Tensor {
        precondition(
            labelSmoothing >= 0 && labelSmoothing <= 1,
            "label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
        if target.dtype.isFloatingPoint {
            return crossEntropy(
                input, probabilities: target, weight: weight, reduction: reduction, labelSmoothing: labelSmoothing)
        }
        let logp = input.logSoftmax(dim: 1)
        let nllLoss = nll(logp, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
        guard labelSmoothing > 0 else { return nllLoss }
        let c = input.shape[1]
        let s = selection(input: input, target: target, weight: weight, ignoreIndex: ignoreIndex)
        var classShape = [Int](repeating: 1, count: input.ndim)
        classShape[1] = c
        var smooth: Tensor
        if let weight {
            smooth = -(logp * weight.reshape(classShape)).sum(dim: 1)
        } else {
            smooth = -logp.sum(dim: 1)
        }
        if s.ignored.contains(true) {
            let keep = Tensor(s.ignored.map { $0 ? 0.0 : 1.0 }, shape: smooth.shape, dtype: smooth.dtype)
            smooth = smooth * keep
        }
        let reduced: Tensor
        switch reduction {
        case .none: reduced = smooth
        case .sum: reduced = smooth.sum()
        case .mean:
            let denominator = weight != nil ? s.weightSum : Double(s.ignored.filter { !$0 }.count)
            reduced = smooth.sum() / denominator
        }
        return nllLoss * (1 - labelSmoothing) + reduced * (labelSmoothing / Double(c))
    }

    /// Cross entropy with class-probability targets (same shape as the input).
    public static func crossEntropy(
        _ input: Tensor, probabilities target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean,
        labelSmoothing: Double = 0
    ) -> Tensor {
        precondition(input.shape == target.shape, "probability targets must match the input shape")
        let c = input.shape[1]
        let logp = input.logSoftmax(dim: 1)
        var y = target
        if labelSmoothing > 0 { y = target * (1 - labelSmoothing) + labelSmoothing / Double(c) }
        var terms = logp * y
        if let weight {
            var classShape = [Int](repeating: 1, count: input.ndim)
            classShape[1] = c
            terms = terms * weight.reshape(classShape)
        }
        switch reduction {
        case .none: return -terms.sum(dim: 1)
        case .sum: return -terms.sum()
        case .mean: return -terms.sum() / Double(input.count / c)
        }
    }
}

/// Loss modules with torch's names and defaults; call them as `loss(input, target)`.
public struct MSELoss: Sendable {
    public var reduction: Reduction
    public init(reduction: Reduction = .mean) { self.reduction = reduction }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.mse(input, target, reduction: reduction)
    }
}

public struct L1Loss: Sendable {
    public var reduction: Reduction
    public init(reduction: Reduction = .mean) { self.reduction = reduction }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.l1(input, target, reduction: reduction)
    }
}

public struct SmoothL1Loss: Sendable {
    public var reduction: Reduction
    public var beta: Double
    public init(reduction: Reduction = .mean, beta: Double = 1.0) {
        self.reduction = reduction
        self.beta = beta
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.smoothL1(input, target, reduction: reduction, beta: beta)
    }
}

public struct HuberLoss: Sendable {
    public var reduction: Reduction
    public var delta: Double
    public init(reduction: Reduction = .mean, delta: Double = 1.0) {
        self.reduction = reduction
        self.delta = delta
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.huber(input, target, reduction: reduction, delta: delta)
    }
}

public struct CrossEntropyLoss {
    public var weight: Tensor?
    public var ignoreIndex: Int
    public var reduction: Reduction
    public var labelSmoothing: Double
    public init(
        weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean, labelSmoothing: Double = 0
    ) {
        self.weight = weight
        self.ignoreIndex = ignoreIndex
        self.reduction = reduction
        self.labelSmoothing = labelSmoothing
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.crossEntropy(
            input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction,
            labelSmoothing: labelSmoothing)
    }
}

public struct NLLLoss {
    public var weight: Tensor?
    public var ignoreIndex: Int
    public var reduction: Reduction
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
        self.weight = weight
        self.ignoreIndex = ignoreIndex
        self.reduction = reduction
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.nll(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

public struct BCELoss {
    public var weight: Tensor?
    public var reduction: Reduction
    public init(weight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight
        self.reduction = reduction
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.binaryCrossEntropy(input, target, weight: weight, reduction: reduction)
    }
}

public struct BCEWithLogitsLoss {
    public var weight: Tensor?
    public var posWeight: Tensor?
    public var reduction: Reduction
    public init(weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight
        self.posWeight = posWeight
        self.reduction = reduction
    }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Loss.binaryCrossEntropyWithLogits(
            input, target, weight: weight, posWeight: posWeight, reduction: reduction)
    }
}
