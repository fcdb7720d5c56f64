import DLEnvTensor

/// 2-D convolution (cross-correlation) over [N, C, H, W]. Weight [out, in/groups, kh, kw]; torch's default
/// init (kaiming_uniform(a=√5), then the bias), so a fixed seed gives torch's exact weights.
public final class Conv2d: Module {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: (Int, Int)
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let dilation: (Int, Int)
    public let groups: Int
    public let weight: Tensor
    public let bias: Tensor?
    public var training = true

    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true,
        dtype: DType = .float32, generator: Generator = .default
    ) {
        precondition(groups > 0, "groups must be a positive integer")
        precondition(inChannels % groups == 0, "in_channels must be divisible by groups")
        precondition(outChannels % groups == 0, "out_channels must be divisible by groups")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        weight = Tensor.zeros([outChannels, inChannels / groups, kernelSize.0, kernelSize.1], dtype: dtype)
        self.bias = bias ? Tensor.zeros([outChannels], dtype: dtype) : nil
        defaultInit(weight: weight, bias: self.bias, generator: generator)
        parameter(weight)
        if let b = self.bias { parameter(b) }
    }

    /// Square kernel, stride, padding.
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32, generator: Generator = .default
    ) {
        self.init(
            inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
            padding: (padding, padding), dilation: (dilation, dilation), groups: groups, bias: bias, dtype: dtype,
            generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func forward(_ input: Tensor) -> Tensor {
        input.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
}
