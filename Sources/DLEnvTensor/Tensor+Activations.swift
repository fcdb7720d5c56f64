/// How `gelu` approximates (torch's `approximate=` argument).
public enum GELUApproximation: String, Sendable, CaseIterable {
    case none, tanh
}

// MARK: - Element-wise activations (torch.nn.functional), forward and backward as torch computes them

extension Tensor {
    /// Applies an element-wise activation primitive and records it.
    func activation(_ op: Op, _ a: Double = 0, _ b: Double = 0, _ c: Double = 0) -> Tensor {
        precondition(dtype.isFloatingPoint, "\(op) needs a floating point tensor, not \(dtype)")
        let out: Tensor
        if let fast = FastActivation.forward(op, self) {
            out = fast
        } else {
            func kernel<T: Real>(_: T.Type) -> Tensor {
                let x = Operand<T>(self, shape: shape)
                let ta = T(a), tb = T(b), tc = T(c)
                return Elementwise.make(T.self, shape: shape, dtype: dtype, like: self) { o, r in
                    for i in r { o[i] = ActivationMath.forward(op, x.pointer[i], ta, tb, tc) }
                }
            }
            out = dtype == .float64 ? kernel(Double.self) : kernel(Float.self)
        }
        return out.recorded(op, [self], saved: [self, out], args: OpArgs(a: a, b: b, c: c))
    }

    /// The gradient of an element-wise activation: `g` is the upstream gradient, `x` the input, `y` the output.
    static func activationGradient(_ op: Op, x: Tensor, y: Tensor, g: Tensor, args: OpArgs) -> Tensor {
        if let fast = FastActivation.backward(op, x: x, y: y, g: g) { return fast }
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let xs = Operand<T>(x, shape: x.shape), ys = Operand<T>(y, shape: x.shape)
            let gs = Operand<T>(g, shape: x.shape)
            let a = T(args.a), b = T(args.b), c = T(args.c)
            return Elementwise.make(T.self, shape: x.shape, dtype: x.dtype, like: x) { o, r in
                for i in r { o[i] = ActivationMath.backward(op, xs.pointer[i], ys.pointer[i], gs[i], a, b, c) }
            }
        }
        return x.dtype == .float64 ? kernel(Double.self) : kernel(Float.self)
    }

    /// max(x, 0); gradient 0 at 0.
    public func relu() -> Tensor { activation(.relu) }
    /// clamp(x, 0, 6) = hardtanh(0, 6).
    public func relu6() -> Tensor { hardtanh(minVal: 0, maxVal: 6) }
    /// clamp(x, min, max); gradient only strictly inside.
    public func hardtanh(minVal: Double = -1, maxVal: Double = 1) -> Tensor { activation(.hardtanh, minVal, maxVal) }
    /// x if x > 0 else slope·x.
    public func leakyRelu(negativeSlope: Double = 0.01) -> Tensor { activation(.leakyRelu, negativeSlope) }
    /// RReLU in eval mode: leaky ReLU with slope (lower + upper) / 2.
    public func rrelu(lower: Double = 1.0 / 8, upper: Double = 1.0 / 3) -> Tensor {
        leakyRelu(negativeSlope: (lower + upper) / 2)
    }
    /// x if x ≥ 0 else alpha·expm1(x).
    public func elu(alpha: Double = 1) -> Tensor { activation(.elu, alpha, 1, 1) }
    /// SELU with torch's constants (aten/src/ATen/native/Activation.cpp).
    public func selu() -> Tensor {
        activation(.elu, 1.6732632423543772848170429916717, 1.0507009873554804934193349852946, 1)
    }
    /// x if x ≥ 0 else alpha·expm1(x / alpha).
    public func celu(alpha: Double = 1) -> Tensor { activation(.elu, alpha, 1, 1 / alpha) }
    /// GELU, exact (erf) or with the tanh approximation.
    public func gelu(approximate: GELUApproximation = .none) -> Tensor {
        activation(approximate == .none ? .gelu : .geluTanh)
    }
    /// x · sigmoid(x).
    public func silu() -> Tensor { activation(.silu) }
    /// x · tanh(softplus(x)).
    public func mish() -> Tensor { activation(.mish) }
    /// 1 / (1 + exp(-x)).
    public func sigmoid() -> Tensor { activation(.sigmoid) }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { activation(.tanh) }
    /// log(1 + exp(beta·x)) / beta, linear where beta·x > threshold.
    public func softplus(beta: Double = 1, threshold: Double = 20) -> Tensor { activation(.softplus, beta, threshold) }
    /// x / (1 + |x|).
    public func softsign() -> Tensor { activation(.softsign) }
    /// clamp(x + 3, 0, 6) / 6.
    public func hardsigmoid() -> Tensor { activation(.hardsigmoid) }
    /// x · clamp(x + 3, 0, 6) / 6.
    public func hardswish() -> Tensor { activation(.hardswish) }
    /// 0 inside [-lambd, lambd], x outside.
    public func hardshrink(lambd: Double = 0.5) -> Tensor { activation(.hardshrink, lambd) }
    /// Shrinks toward 0 by lambd, 0 inside [-lambd, lambd].
    public func softshrink(lambd: Double = 0.5) -> Tensor { activation(.softshrink, lambd) }
    /// x − tanh(x).
    public func tanhshrink() -> Tensor { self - tanh() }
    /// `value` where x ≤ threshold, else x.
    public func threshold(_ threshold: Double, value: Double) -> Tensor { activation(.threshold, threshold, value) }
    /// log(sigmoid(x)), computed stably.
    public func logsigmoid() -> Tensor { activation(.logsigmoid) }

    /// PReLU: x if x > 0 else weight·x, `weight` with one value or one per channel (dimension 1).
    public func prelu(_ weight: Tensor) -> Tensor {
        let w = preluWeightView(weight)
        let shape = self.shape
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let x = Operand<T>(self, shape: shape), a = Operand<T>(w, shape: shape)
            return Elementwise.make(T.self, shape: shape, dtype: dtype) { o, r in
                for i in r { o[i] = x[i] > 0 ? x[i] : a[i] * x[i] }
            }
        }
        let out = dtype == .float64 ? kernel(Double.self) : kernel(Float.self)
        return out.recorded(.prelu, [self, weight], saved: [self, weight])
    }

    /// The PReLU weight reshaped to broadcast over channel dimension 1.
    func preluWeightView(_ weight: Tensor) -> Tensor {
        if weight.count == 1 || rank < 2 { return weight.detach().reshape(weight.count == 1 ? [] : [weight.count]) }
        precondition(
            weight.count == shape[1], "prelu: \(weight.count) weights for \(shape[1]) channels (shape \(shape))")
        var s = [Int](repeating: 1, count: rank)
        s[1] = weight.count
        return weight.detach().reshape(s)
    }

    /// Softmax along `dim` (exp(x − max) · 1/sum).
    public func softmax(dim: Int) -> Tensor { softmaxKernel(dim: dim, log: false) }
    /// Log-softmax along `dim` ((x − max) − log(sum exp(x − max))).
    public func logSoftmax(dim: Int) -> Tensor { softmaxKernel(dim: dim, log: true) }
    /// softmax(−x) along `dim`.
    public func softmin(dim: Int) -> Tensor { (-self).softmax(dim: dim) }

    /// GLU: first half · sigmoid(second half) along `dim`.
    public func glu(dim: Int = -1) -> Tensor {
        let d = normalizeDim(dim, rank)
        precondition(shape[d] % 2 == 0, "glu: dimension \(dim) of size \(shape[d]) is not even")
        let half = shape[d] / 2
        return slice(dim: d, start: 0, end: half) * slice(dim: d, start: half).sigmoid()
    }

    private func softmaxKernel(dim: Int, log: Bool) -> Tensor {
        precondition(dtype.isFloatingPoint, "softmax needs a floating point tensor, not \(dtype)")
        let d = normalizeDim(dim, Swift.max(rank, 1))
        let outer = shape.isEmpty ? 1 : shape[..<d].reduce(1, *)
        let n = shape.isEmpty ? 1 : shape[d]
        let inner = shape.isEmpty ? 1 : shape[(d + 1)...].reduce(1, *)
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let x = Operand<T>(self, shape: shape)
            let out = Tensor(uninitialized: shape, dtype: T.dtype)
            let o = out.pointer(T.self)
            for b in 0..<outer {
                for k in 0..<inner {
                    let base = b * n * inner + k
                    var m = -T.infinity
                    for j in 0..<n { m = Swift.max(m, x.pointer[base + j * inner]) }
                    var s: T = 0
                    for j in 0..<n {
                        let e = T.exp(x.pointer[base + j * inner] - m)
                        o[base + j * inner] = e
                        s += e
                    }
                    if log {
                        let ls = T.log(s)
                        for j in 0..<n { o[base + j * inner] = (x.pointer[base + j * inner] - m) - ls }
                    } else {
                        let inv = 1 / s
                        for j in 0..<n { o[base + j * inner] *= inv }
                    }
                }
            }
            return out.converted(to: dtype)
        }
        let out = dtype == .float64 ? kernel(Double.self) : kernel(Float.self)
        return out.recorded(log ? .logSoftmax : .softmax, [self], saved: [out], args: OpArgs(dims: [d]))
    }
}
