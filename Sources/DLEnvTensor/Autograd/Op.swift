/// The primitive operations autograd knows. Every other op (mean, var, softmin, glu, linear, conv2d, …)
/// is composed from these, so it gets its gradient for free. Each case has exactly one backward rule in
/// `Gradients.backward(_:_:)` (one exhaustive switch) and one finite-difference test.
public enum Op: String, CaseIterable, Sendable {
    // Element-wise arithmetic (broadcasting)
    case add, sub, mul, div, neg, powScalar, exp, log, sqrt, abs, sin, cos, clamp, maximum, whereSelect
    // Reductions
    case sum, maxDim
    // Linear algebra
    case matmul, linear, unfold
    // Movement and layout
    case reshape, permute, expand, slice, cat, cast, clone, gather
    // Activations with torch's own backward formulas (numerics.md §2.2)
    case relu, hardtanh, leakyRelu, prelu, elu, gelu, geluTanh, silu, mish, sigmoid, tanh, softplus, softsign
    case hardsigmoid, hardswish, hardshrink, softshrink, threshold, logsigmoid, softmax, logSoftmax
}

/// Non-tensor arguments of a recorded op.
struct OpArgs {
    var a: Double = 0
    var b: Double = 0
    var c: Double = 0
    var dims: [Int] = []
    var shape: [Int] = []
    var keepdim = false
}

/// A recorded operation: how an output was computed from its inputs.
final class Node {
    let op: Op
    /// The inputs in the op's order (tensors that do not require grad receive no gradient).
    let inputs: [Tensor]
    /// Values the backward rule needs (the output detached, so the graph has no cycles).
    let saved: [Tensor]
    let args: OpArgs
    /// Bookkeeping of one `backward()` call: the call's token when visited, and the gradient flowing in.
    @exclusivity(unchecked) var visitedBy: ObjectIdentifier?
    @exclusivity(unchecked) var pendingGrad: Tensor?

    init(op: Op, inputs: [Tensor], saved: [Tensor], args: OpArgs) {
        self.op = op
        self.inputs = inputs
        self.saved = saved
        self.args = args
    }
}

extension Tensor {
    /// Attaches a graph node to `self` (a freshly computed output) when grad mode is on and any input
    /// requires gradients. Returns self.
    @discardableResult
    func recorded(_ op: Op, _ inputs: [Tensor], saved: [Tensor] = [], args: OpArgs = OpArgs()) -> Tensor {
        guard dtype.isFloatingPoint, inputs.contains(where: { $0.requiresGrad }), GradMode.isEnabled else {
            return self
        }
        // Only the output itself must be saved detached (it would own its own node: a cycle); inputs are
        // kept as they are, which saves an object per saved input.
        let detached = saved.contains { $0 === self } ? saved.map { $0 === self ? $0.detach() : $0 } : saved
        gradFn = Node(op: op, inputs: inputs, saved: detached, args: args)
        requiresGradInternal = true
        return self
    }
}
