/// The backward rules: one per primitive, in one exhaustive switch, so a new `Op` cannot compile without
/// its gradient. Each rule returns one gradient per input (nil where the input gets none); the engine sums
/// broadcast gradients back to the input's shape.
enum Gradients {
    static func backward(_ node: Node, _ g: Tensor) -> [Tensor?] {
        let s = node.saved, args = node.args, inputs = node.inputs
        // Skip gradients nobody needs (a constant operand, a Swift scalar): they cost whole tensor ops.
        func need(_ i: Int) -> Bool { inputs[i].requiresGrad }
        switch node.op {
        case .add: return [g, g]
        case .sub: return [g, need(1) ? -g : nil]
        case .mul: return [need(0) ? g * s[1] : nil, need(1) ? g * s[0] : nil]
        case .div: return [need(0) ? g / s[1] : nil, need(1) ? -g * s[0] / (s[1] * s[1]) : nil]
        case .neg: return [-g]
        case .powScalar:
            // torch: grad * exponent * self^(exponent - 1), and exactly 0 for exponent 0.
            return [args.a == 0 ? g * 0.0 : g * (s[0].pow(args.a - 1) * args.a)]
        case .exp: return [g * s[0]]
        case .log: return [g / s[0]]
        case .sqrt: return [g / (s[0] * 2.0)]
        case .abs: return [g * s[0].signTensor()]  // abs'(0) = 0
        case .sin: return [g * s[0].cos()]
        case .cos: return [-(g * s[0].sin())]
        case .clamp:
            // torch.clamp passes the gradient at the bounds (inclusive), unlike hardtanh.
            let inside = s[0].ge(args.a).logicalAnd(s[0].le(args.b))
            return [Tensor.where(inside, g, Tensor.zeros([], dtype: g.dtype))]
        case .maximum:
            let gt = s[0].gt(s[1]).to(g.dtype), eq = s[0].eq(s[1]).to(g.dtype) * 0.5
            return [g * (gt + eq), g * (1.0 - gt - eq)]
        case .whereSelect:
            let zero = Tensor.zeros([], dtype: g.dtype)
            return [Tensor.where(s[0], g, zero), Tensor.where(s[0], zero, g)]
        case .sum:
            var t = g
            if !args.keepdim { for d in Set(args.dims).sorted() { t = t.unsqueeze(d) } }
            return [t.expand(args.shape)]
        case .maxDim:
            let d = args.dims[0]
            let idx = args.keepdim ? s[0] : s[0].unsqueeze(d)
            let gk = args.keepdim ? g : g.unsqueeze(d)
            return [Tensor.scatterAdd(shape: args.shape, dim: d, index: idx, source: gk)]
        case .matmul: return LinearAlgebra.matmulGradients(a: s[0], b: s[1], g: g, needA: need(0), needB: need(1))
        case .linear:
            return LinearAlgebra.linearGradients(x: s[0], w: s[1], hasBias: inputs.count == 3, g: g, need: need)
        case .unfold: return [Convolution.fold(g, args: args)]
        case .reshape: return [g.reshape(args.shape)]
        case .permute:
            var inverse = [Int](repeating: 0, count: args.dims.count)
            for (i, d) in args.dims.enumerated() { inverse[d] = i }
            return [g.permute(inverse)]
        case .expand: return [g.sumTo(args.shape)]
        case .slice:
            let out = Tensor.zeros(args.shape, dtype: g.dtype)
            let d = args.dims[0], start = Int(args.a), step = Int(args.c)
            out.slice(dim: d, start: start, end: start + (g.shape[d] - 1) * step + 1, step: step).copy_(g)
            return [out]
        case .cat:
            let d = args.dims[0]
            var at = 0
            return args.shape.map { n in
                defer { at += n }
                return g.slice(dim: d, start: at, end: at + n)
            }
        case .cast: return [g.to(inputs[0].dtype)]
        case .clone: return [g]
        case .gather:
            return [Tensor.scatterAdd(shape: args.shape, dim: args.dims[0], index: s[0], source: g)]
        case .relu, .hardtanh, .leakyRelu, .elu, .gelu, .geluTanh, .silu, .mish, .sigmoid, .tanh, .softplus,
            .softsign, .hardsigmoid, .hardswish, .hardshrink, .softshrink, .threshold, .logsigmoid:
            return [Tensor.activationGradient(node.op, x: s[0], y: s[1], g: g, args: args)]
        case .prelu:
            let x = s[0], w = x.preluWeightView(s[1])
            let positive = x.gt(0.0)
            let gx = Tensor.where(positive, g, g * w)
            let gw = Tensor.where(positive, Tensor.zeros([], dtype: g.dtype), g * x)
            return [gx, gw.sumTo(w.shape).reshape(s[1].shape)]
        case .softmax:
            let y = s[0], d = args.dims[0]
            return [y * (g - (g * y).sum(dim: d, keepdim: true))]
        case .logSoftmax:
            let y = s[0], d = args.dims[0]
            return [g - y.exp() * g.sum(dim: d, keepdim: true)]
        }
    }
}

extension Tensor {
    /// sign(x) as the tensor's dtype (0 at 0).
    func signTensor() -> Tensor {
        let pos = gt(0.0).to(dtype), neg = lt(0.0).to(dtype)
        return pos - neg
    }

    /// Element-wise logical and of two bool tensors.
    func logicalAnd(_ other: Tensor) -> Tensor {
        let shape = Elementwise.broadcastShape(self.shape, other.shape)
        let a = expandView(shape).converted(to: .bool), b = other.expandView(shape).converted(to: .bool)
        let out = Tensor(uninitialized: shape, dtype: .bool)
        let pa = a.pointer(Bool.self), pb = b.pointer(Bool.self), po = out.pointer(Bool.self)
        for i in 0..<out.count { po[i] = pa[i] && pb[i] }
        return out
    }

    /// A zero tensor of `shape` with `source` added at `index` along `dim` (torch's scatter_add).
    static func scatterAdd(shape: [Int], dim: Int, index: Tensor, source: Tensor) -> Tensor {
        let idx = index.toInt64Array()
        let src = source.toArray()
        var out = [Double](repeating: 0, count: shape.reduce(1, *))
        let outStrides = contiguousStrides(shape), idxStrides = contiguousStrides(index.shape)
        for i in 0..<idx.count {
            var rem = i, off = 0
            for k in 0..<index.rank {
                let c = rem / idxStrides[k]
                rem %= idxStrides[k]
                off += (k == dim ? Int(idx[i]) : c) * outStrides[k]
            }
            out[off] += src[i]
        }
        return Tensor(out, shape: shape, dtype: source.dtype)
    }
}
