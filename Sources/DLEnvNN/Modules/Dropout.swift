import DLEnvTensor

/// Zeroes each element with probability `p` in training and scales the rest by 1/(1−p); identity in eval.
/// The mask is drawn from `generator` (torch's `bernoulli_` sampler is not reproduced bit for bit).
public final class Dropout: Module {
    public let p: Double
    public var training = true
    let generator: Generator

    public init(p: Double = 0.5, generator: Generator = .default) {
        precondition(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
        self.p = p
        self.generator = generator
    }

    public func forward(_ input: Tensor) -> Tensor {
        guard training, p > 0 else { return input }
        if p == 1 { return input * 0.0 }
        let keep = Tensor.rand(input.shape, dtype: input.dtype, generator: generator).lt(1 - p).to(input.dtype)
        return input * (keep * (1 / (1 - p)))
    }
}

/// Batch normalization (Ioffe & Szegedy, 2015) over the channel dimension 1: training uses the batch's
/// mean and biased variance and updates the running statistics (running_var with the unbiased variance,
/// momentum 0.1, or a cumulative average when momentum is nil); eval uses the running statistics.
/// Source: torch/nn/modules/batchnorm.py (2.13).
public class BatchNorm: Module {
    public let numFeatures: Int
    public let eps: Double
    public let momentum: Double?
    public let affine: Bool
    public let trackRunningStats: Bool
    public let weight: Tensor?
    public let bias: Tensor?
    public let runningMean: Tensor?
    public let runningVar: Tensor?
    public private(set) var numBatchesTracked = 0
    public var training = true
    let allowedRanks: Set<Int>

    init(
        numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool, dtype: DType,
        ranks: Set<Int>
    ) {
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        allowedRanks = ranks
        weight = affine ? parameter(Tensor.ones([numFeatures], dtype: dtype)) : nil
        bias = affine ? parameter(Tensor.zeros([numFeatures], dtype: dtype)) : nil
        runningMean = trackRunningStats ? Tensor.zeros([numFeatures], dtype: dtype) : nil
        runningVar = trackRunningStats ? Tensor.ones([numFeatures], dtype: dtype) : nil
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        guard let weight, let bias else { return [] }
        return [("weight", weight), ("bias", bias)]
    }

    public var ownBuffers: [(name: String, tensor: Tensor)] {
        guard let runningMean, let runningVar else { return [] }
        return [
            ("running_mean", runningMean), ("running_var", runningVar),
            ("num_batches_tracked", Tensor([numBatchesTracked], shape: [], dtype: .int64)),
        ]
    }

    public func forward(_ x: Tensor) -> Tensor {
        precondition(
            allowedRanks.contains(x.ndim), "\(Self.self) expects a \(allowedRanks.sorted())-D input, got \(x.shape)")
        precondition(x.shape[1] == numFeatures, "\(Self.self)(\(numFeatures)) got \(x.shape[1]) channels (\(x.shape))")
        var factor = 0.0
        if training && trackRunningStats {
            numBatchesTracked += 1
            factor = momentum ?? 1 / Double(numBatchesTracked)
        }
        let dims = [0] + Array(2..<x.ndim)
        var statShape = [Int](repeating: 1, count: x.ndim)
        statShape[1] = numFeatures
        let mean: Tensor, variance: Tensor
        if training || !trackRunningStats {
            mean = x.mean(dims: dims)
            variance = x.variance(dims: dims, correction: 0)
            let n = x.count / numFeatures
            if training, let runningMean, let runningVar {
                precondition(n > 1, "Expected more than 1 value per channel when training, got input size \(x.shape)")
                noGrad {
                    let unbiased = variance.detach() * (Double(n) / Double(n - 1))
                    runningMean.copy_(mean.detach() * factor + runningMean * (1 - factor))
                    runningVar.copy_(unbiased * factor + runningVar * (1 - factor))
                }
            }
        } else {
            mean = runningMean!
            variance = runningVar!
        }
        var y = (x - mean.reshape(statShape)) / (variance.reshape(statShape) + eps).sqrt()
        if let weight, let bias { y = y * weight.reshape(statShape) + bias.reshape(statShape) }
        return y
    }
}

/// BatchNorm over [N, C] or [N, C, L].
public final class BatchNorm1d: BatchNorm {
    public init(
        _ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
        trackRunningStats: Bool = true, dtype: DType = .float32
    ) {
        super.init(
            numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
            trackRunningStats: trackRunningStats, dtype: dtype, ranks: [2, 3])
    }
}

/// BatchNorm over [N, C, H, W].
public final class BatchNorm2d: BatchNorm {
    public init(
        _ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
        trackRunningStats: Bool = true, dtype: DType = .float32
    ) {
        super.init(
            numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
            trackRunningStats: trackRunningStats, dtype: dtype, ranks: [4])
    }
}
