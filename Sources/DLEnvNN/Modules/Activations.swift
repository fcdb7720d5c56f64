import DLEnvTensor

// The activation layers: each wraps the DLEnvTensor function of the same torch name (its values and
// gradients, kinks included, are the tensor core's; numerics.md §2). Defaults are torch 2.13's.

/// torch.nn.ReLU: `x.relu()`.
public final class ReLU: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.relu() }
}

/// torch.nn.ReLU6: `x.relu6()`.
public final class ReLU6: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.relu6() }
}

/// torch.nn.LeakyReLU: `x.leakyRelu(negativeSlope: negativeSlope)`.
public final class LeakyReLU: Module {
    public let negativeSlope: Double
    public var training = true

    public init(negativeSlope: Double = 0.01) {
        self.negativeSlope = negativeSlope
    }

    public func forward(_ x: Tensor) -> Tensor { x.leakyRelu(negativeSlope: negativeSlope) }
}

/// torch.nn.ELU: `x.elu(alpha: alpha)`.
public final class ELU: Module {
    public let alpha: Double
    public var training = true

    public init(alpha: Double = 1.0) {
        self.alpha = alpha
    }

    public func forward(_ x: Tensor) -> Tensor { x.elu(alpha: alpha) }
}

/// torch.nn.SELU: `x.selu()`.
public final class SELU: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.selu() }
}

/// torch.nn.CELU: `x.celu(alpha: alpha)`.
public final class CELU: Module {
    public let alpha: Double
    public var training = true

    public init(alpha: Double = 1.0) {
        self.alpha = alpha
    }

    public func forward(_ x: Tensor) -> Tensor { x.celu(alpha: alpha) }
}

/// torch.nn.GELU: `x.gelu(approximate: approximate)`.
public final class GELU: Module {
    public let approximate: GELUApproximation
    public var training = true

    public init(approximate: GELUApproximation = .none) {
        self.approximate = approximate
    }

    public func forward(_ x: Tensor) -> Tensor { x.gelu(approximate: approximate) }
}

/// torch.nn.SiLU: `x.silu()`.
public final class SiLU: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.silu() }
}

/// torch.nn.Mish: `x.mish()`.
public final class Mish: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.mish() }
}

/// torch.nn.Sigmoid: `x.sigmoid()`.
public final class Sigmoid: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.sigmoid() }
}

/// torch.nn.Tanh: `x.tanh()`.
public final class Tanh: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.tanh() }
}

/// torch.nn.Softplus: `x.softplus(beta: beta, threshold: threshold)`.
public final class Softplus: Module {
    public let beta: Double
    public let threshold: Double
    public var training = true

    public init(beta: Double = 1.0, threshold: Double = 20.0) {
        self.beta = beta
        self.threshold = threshold
    }

    public func forward(_ x: Tensor) -> Tensor { x.softplus(beta: beta, threshold: threshold) }
}

/// torch.nn.Softsign: `x.softsign()`.
public final class Softsign: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.softsign() }
}

/// torch.nn.Hardtanh: `x.hardtanh(minVal: minVal, maxVal: maxVal)`.
public final class Hardtanh: Module {
    public let minVal: Double
    public let maxVal: Double
    public var training = true

    public init(minVal: Double = -1.0, maxVal: Double = 1.0) {
        self.minVal = minVal
        self.maxVal = maxVal
    }

    public func forward(_ x: Tensor) -> Tensor { x.hardtanh(minVal: minVal, maxVal: maxVal) }
}

/// torch.nn.Hardsigmoid: `x.hardsigmoid()`.
public final class Hardsigmoid: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.hardsigmoid() }
}

/// torch.nn.Hardswish: `x.hardswish()`.
public final class Hardswish: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.hardswish() }
}

/// torch.nn.Hardshrink: `x.hardshrink(lambd: lambd)`.
public final class Hardshrink: Module {
    public let lambd: Double
    public var training = true

    public init(lambd: Double = 0.5) {
        self.lambd = lambd
    }

    public func forward(_ x: Tensor) -> Tensor { x.hardshrink(lambd: lambd) }
}

/// torch.nn.Softshrink: `x.softshrink(lambd: lambd)`.
public final class Softshrink: Module {
    public let lambd: Double
    public var training = true

    public init(lambd: Double = 0.5) {
        self.lambd = lambd
    }

    public func forward(_ x: Tensor) -> Tensor { x.softshrink(lambd: lambd) }
}

/// torch.nn.Tanhshrink: `x.tanhshrink()`.
public final class Tanhshrink: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.tanhshrink() }
}

/// torch.nn.Threshold: `x.threshold(threshold, value: value)`.
public final class Threshold: Module {
    public let threshold: Double
    public let value: Double
    public var training = true

    public init(_ threshold: Double, value: Double) {
        self.threshold = threshold
        self.value = value
    }

    public func forward(_ x: Tensor) -> Tensor { x.threshold(threshold, value: value) }
}

/// torch.nn.LogSigmoid: `x.logsigmoid()`.
public final class LogSigmoid: Module {
    public var training = true

    public init() {
    }

    public func forward(_ x: Tensor) -> Tensor { x.logsigmoid() }
}

/// torch.nn.Softmax: `x.softmax(dim: dim)`.
public final class Softmax: Module {
    public let dim: Int
    public var training = true

    public init(dim: Int) {
        self.dim = dim
    }

    public func forward(_ x: Tensor) -> Tensor { x.softmax(dim: dim) }
}

/// torch.nn.LogSoftmax: `x.logSoftmax(dim: dim)`.
public final class LogSoftmax: Module {
    public let dim: Int
    public var training = true

    public init(dim: Int) {
        self.dim = dim
    }

    public func forward(_ x: Tensor) -> Tensor { x.logSoftmax(dim: dim) }
}

/// torch.nn.Softmin: `x.softmin(dim: dim)`.
public final class Softmin: Module {
    public let dim: Int
    public var training = true

    public init(dim: Int) {
        self.dim = dim
    }

    public func forward(_ x: Tensor) -> Tensor { x.softmin(dim: dim) }
}

/// torch.nn.GLU: `x.glu(dim: dim)`.
public final class GLU: Module {
    public let dim: Int
    public var training = true

    public init(dim: Int = -1) {
        self.dim = dim
    }

    public func forward(_ x: Tensor) -> Tensor { x.glu(dim: dim) }
}
/// torch.nn.PReLU: a learnable negative slope, one for all channels or one per channel (dim 1).
public final class PReLU: Module {
    public let weight: Tensor
    public var training = true

    public init(numParameters: Int = 1, initialValue: Double = 0.25, dtype: DType = .float32) {
        weight = parameter(Tensor.full([numParameters], initialValue, dtype: dtype))
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight)] }

    public func forward(_ x: Tensor) -> Tensor { x.prelu(weight) }
}

/// torch.nn.RReLU: in eval the fixed slope (lower + upper)/2; in training a slope ~ U(lower, upper) per
/// negative element, drawn from `generator` (not torch's exact samples).
public final class RReLU: Module {
    public let lower: Double
    public let upper: Double
    public var training = true
    let generator: Generator

    public init(lower: Double = 1.0 / 8, upper: Double = 1.0 / 3, generator: Generator = .default) {
        self.lower = lower
        self.upper = upper
        self.generator = generator
    }

    public func forward(_ x: Tensor) -> Tensor {
        guard training else { return x.rrelu(lower: lower, upper: upper) }
        let slopes = noGrad {
            Tensor.zeros(x.shape, dtype: x.dtype).uniform_(from: lower, to: upper, generator: generator)
        }
        return Tensor.where(x.ge(0), x, x * slopes)
    }
}
