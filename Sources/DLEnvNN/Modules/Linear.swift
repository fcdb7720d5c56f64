import DLEnvTensor

/// y = x·Wᵀ + b. Weight [out, in], bias [out]; torch's default init: `kaiming_uniform_(W, a=√5)`, then
/// b ~ U(−1/√fan_in, 1/√fan_in), in that order (so a fixed seed gives torch's exact weights).
public final class Linear: Module {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Tensor
    public let bias: Tensor?
    public var training = true

    public init(
        _ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, dtype: DType = .float32,
        generator: Generator = .default
    ) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Tensor.zeros([outFeatures, inFeatures], dtype: dtype)
        self.bias = bias ? Tensor.zeros([outFeatures], dtype: dtype) : nil
        resetParameters(generator: generator)
        parameter(weight)
        if let b = self.bias { parameter(b) }
    }

    /// torch's `reset_parameters()`.
    public func resetParameters(generator: Generator = .default) {
        defaultInit(weight: weight, bias: bias, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func forward(_ input: Tensor) -> Tensor { input.linear(weight: weight, bias: bias) }
}

/// The default init shared by Linear and Conv (torch's `reset_parameters`): kaiming_uniform(a=√5) on the
/// weight, then U(−1/√fan_in, 1/√fan_in) on the bias (bound 0 when fan_in is 0).
func defaultInit(weight: Tensor, bias: Tensor?, generator: Generator) {
    Init.kaimingUniform_(weight, a: 5.0.squareRoot(), generator: generator)
    if let bias {
        let fanIn = Init.fans(weight).fanIn
        let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        Init.uniform_(bias, a: -bound, b: bound, generator: generator)
    }
}

/// Flattens dimensions `startDim...endDim` into one (torch's `nn.Flatten`, default from dim 1).
public final class Flatten: Module {
    public let startDim: Int
    public let endDim: Int
    public var training = true

    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
    }

    public func forward(_ input: Tensor) -> Tensor { input.flatten(startDim: startDim, endDim: endDim) }
}

/// Modules applied in order; children are named "0", "1", ... as in torch.
public final class Sequential: Module {
    public let layers: [any Module]
    public var training = true

    public init(_ layers: [any Module]) { self.layers = layers }

    public convenience init(_ layers: any Module...) { self.init(layers) }

    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { ("\($0.offset)", $0.element) }
    }

    public subscript(index: Int) -> any Module { layers[index] }

    public func forward(_ input: Tensor) -> Tensor {
        layers.reduce(input) { x, layer in layer.forward(x) }
    }
}
