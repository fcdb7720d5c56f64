// MARK: - Matrix products

extension Tensor {
    /// Matrix product with torch's rules: 1-D operands are promoted and squeezed back, batch dimensions
    /// broadcast, `[..., m, k] @ [k, n]` runs as one large product.
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank >= 1 && other.rank >= 1, "matmul needs tensors of rank ≥ 1, got \(shape) and \(other.shape)")
        if rank == 1 && other.rank == 1 { return (self * other).sum() }
        if rank == 1 { return unsqueeze(0).matmul(other).squeeze(-2) }
        if other.rank == 1 { return matmul(other.unsqueeze(1)).squeeze(-1) }
        precondition(
            shape[rank - 1] == other.shape[other.rank - 2],
            "matmul: shapes \(shape) and \(other.shape) cannot be multiplied (\(shape[rank - 1]) vs \(other.shape[other.rank - 2]))"
        )
        if other.rank == 2 || Array(shape.dropLast(2)) == Array(other.shape.dropLast(2)) {
            return LinearAlgebra.matmulPrimitive(self, other)
        }
        let batch = Elementwise.broadcastShape(Array(shape.dropLast(2)), Array(other.shape.dropLast(2)))
        let a = expand(batch + Array(shape.suffix(2))), b = other.expand(batch + Array(other.shape.suffix(2)))
        return LinearAlgebra.matmulPrimitive(a, b)
    }

    /// Batched matrix product of `[b, m, k]` and `[b, k, n]`.
    public func bmm(_ other: Tensor) -> Tensor {
        precondition(
            rank == 3 && other.rank == 3 && shape[0] == other.shape[0], "bmm: shapes \(shape) and \(other.shape)")
        return matmul(other)
    }

    /// `x @ weightᵀ + bias` (torch.nn.functional.linear; weight is `[out, in]`).
    ///
    /// One primitive (`Op.linear`, torch's addmm): the bias is written into the result and the product
    /// accumulated onto it by one GEMM, and the backward rule calls GEMM with transpose flags, so a layer
    /// costs one tensor and one graph node instead of a transpose view, a product, a broadcast copy and a sum.
    /// Mixed dtypes, half precision and a bias that is not `[out]` take the composed path.
    public func linear(weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let fused =
            (dtype == .float32 || dtype == .float64) && weight.dtype == dtype && weight.rank == 2 && rank >= 1
            && bias.map { $0.dtype == dtype && $0.shape == [weight.shape[0]] } ?? true
        guard fused else {
            let y = matmul(weight.T)
            return bias.map { y + $0 } ?? y
        }
        precondition(
            shape[rank - 1] == weight.shape[1],
            "linear: input \(shape) and weight \(weight.shape) cannot be multiplied (\(shape[rank - 1]) vs \(weight.shape[1]))"
        )
        let out =
            dtype == .float64
            ? LinearAlgebra.linear(Double.self, self, weight, bias)
            : LinearAlgebra.linear(Float.self, self, weight, bias)
        if let bias { return out.recorded(.linear, [self, weight, bias], saved: [self, weight]) }
        return out.recorded(.linear, [self, weight], saved: [self, weight])
    }
}

/// A matrix operand as BLAS wants it: a base pointer, a leading dimension and a transpose flag.
struct MatrixOperand<T: Real> {
    let owner: Tensor
    let pointer: UnsafePointer<T>
    let ld: Int
    let transposed: Bool

    /// The last two dimensions of `t` (already in compute type `T`), at element offset `at`.
    init(_ t: Tensor, rows: Int, cols: Int) {
        let rs = t.strides[t.rank - 2], cs = t.strides[t.rank - 1]
        if cs == 1 && (rows == 1 || rs >= cols) {
            owner = t
            ld = Swift.max(rows == 1 ? cols : rs, 1)
            transposed = false
        } else if rs == 1 && (cols == 1 || cs >= rows) {
            owner = t
            ld = Swift.max(cols == 1 ? rows : cs, 1)
            transposed = true
        } else {
            owner = t.contiguousCopy()
            ld = Swift.max(cols, 1)
            transposed = false
        }
        pointer = UnsafePointer(owner.pointer(T.self))
    }
}

enum LinearAlgebra {
    /// `[..., m, k] @ [..., k, n]` with equal batch dimensions, or `[..., m, k] @ [k, n]`.
    static func matmulPrimitive(_ a: Tensor, _ b: Tensor) -> Tensor {
        let dtype = DType.promote(a.dtype, b.dtype)
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        let batchShape = Array(a.shape.dropLast(2))
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let out = Tensor(uninitialized: batchShape + [m, n], dtype: T.dtype)
            let ac = a.dtype == T.dtype ? a : a.converted(to: T.dtype)
            let bc = b.dtype == T.dtype ? b : b.converted(to: T.dtype)
            if b.rank == 2, ac.rank > 2 {
                // Fold the batch into the rows: one large product.
                let a2 = ac.contiguousData()
                let rows = a2.count / Swift.max(k, 1)
                let bo = MatrixOperand<T>(bc, rows: k, cols: n)
                GEMM.gemm(
                    transA: false, transB: bo.transposed, m: rows, n: n, k: k, alpha: 1, a: a2.pointer(T.self), lda: k,
                    b: bo.pointer, ldb: bo.ld, beta: 0, c: out.pointer(T.self), ldc: n)
                return withExtendedLifetime((a2, bo)) { out }
            }
            let batches = batchShape.reduce(1, *)
            for i in 0..<batches {
                let ai = ac.rank > 2 ? ac.batchMatrix(i) : ac
                let bi = bc.rank > 2 ? bc.batchMatrix(i) : bc
                let ao = MatrixOperand<T>(ai, rows: m, cols: k), bo = MatrixOperand<T>(bi, rows: k, cols: n)
                GEMM.gemm(
                    transA: ao.transposed, transB: bo.transposed, m: m, n: n, k: k, alpha: 1, a: ao.pointer,
                    lda: ao.ld, b: bo.pointer, ldb: bo.ld, beta: 0, c: out.pointer(T.self) + i * m * n, ldc: n)
                withExtendedLifetime((ao, bo)) {}
            }
            return out
        }
        precondition(dtype.isFloatingPoint, "matmul needs floating point tensors, got \(a.dtype) and \(b.dtype)")
        let out = dtype == .float64 ? kernel(Double.self) : kernel(Float.self).converted(to: dtype)
        return out.recorded(.matmul, [a, b], saved: [a, b])
    }

    /// `x @ wᵀ + b` for same-typed operands, `x` of any rank ≥ 1 folded into rows.
    static func linear<T: Real>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?) -> Tensor {
        let outFeatures = w.shape[0], inFeatures = w.shape[1]
        var outShape = x.shape
        outShape[outShape.count - 1] = outFeatures
        let out = Tensor(uninitialized: outShape, dtype: T.dtype)
        let rows = x.count / Swift.max(inFeatures, 1)
        let c = out.pointer(T.self)
        if let b {
            let bias = b.contiguousData()
            let pb = UnsafePointer(bias.pointer(T.self))
            for r in 0..<rows { (c + r * outFeatures).update(from: pb, count: outFeatures) }
            withExtendedLifetime(bias) {}
        }
        let x2 = x.contiguousData()
        let wo = MatrixOperand<T>(w, rows: outFeatures, cols: inFeatures)
        // wᵀ as B: a row-major w is B transposed; a transposed view of a row-major matrix is B itself.
        GEMM.gemm(
            transA: false, transB: !wo.transposed, m: rows, n: outFeatures, k: inFeatures, alpha: 1,
            a: UnsafePointer(x2.pointer(T.self)), lda: Swift.max(inFeatures, 1), b: wo.pointer, ldb: wo.ld,
            beta: b == nil ? 0 : 1, c: c, ldc: outFeatures)
        return withExtendedLifetime((x2, wo)) { out }
    }

    /// Gradients of `linear` for x (`g @ w`), w (`gᵀ @ x`) and b (`g` summed over the rows).
    static func linearGradients(x: Tensor, w: Tensor, hasBias: Bool, g: Tensor, need: (Int) -> Bool) -> [Tensor?] {
        func kernel<T: Real>(_: T.Type) -> [Tensor?] {
            let outFeatures = w.shape[0], inFeatures = w.shape[1]
            let rows = x.count / Swift.max(inFeatures, 1)
            let gc = g.dtype == T.dtype ? g.contiguousData() : g.converted(to: T.dtype)
            let pg = UnsafePointer(gc.pointer(T.self))
            var grads: [Tensor?] = [nil, nil]
            if need(0) {
                let gx = Tensor(uninitialized: x.shape, dtype: T.dtype, layoutOf: x)
                let wo = MatrixOperand<T>(w, rows: outFeatures, cols: inFeatures)
                GEMM.gemm(
                    transA: false, transB: wo.transposed, m: rows, n: inFeatures, k: outFeatures, alpha: 1, a: pg,
                    lda: Swift.max(outFeatures, 1), b: wo.pointer, ldb: wo.ld, beta: 0, c: gx.pointer(T.self),
                    ldc: Swift.max(inFeatures, 1))
                withExtendedLifetime(wo) {}
                grads[0] = gx
            }
            if need(1) {
                let gw = Tensor(uninitialized: w.shape, dtype: T.dtype, layoutOf: w)
                let x2 = x.contiguousData()
                GEMM.gemm(
                    transA: true, transB: false, m: outFeatures, n: inFeatures, k: rows, alpha: 1, a: pg,
                    lda: Swift.max(outFeatures, 1), b: UnsafePointer(x2.pointer(T.self)), ldb: Swift.max(inFeatures, 1),
                    beta: 0, c: gw.pointer(T.self), ldc: Swift.max(inFeatures, 1))
                withExtendedLifetime(x2) {}
                grads[1] = gw
            }
            if hasBias {
                // The bias gradient is g summed over the rows (backward runs with grad mode off: no graph).
                grads.append(need(2) ? gc.reshape([rows, outFeatures]).sum(dim: 0) : nil)
            }
            return withExtendedLifetime(gc) { grads }
        }
        return x.dtype == .float64 ? kernel(Double.self) : kernel(Float.self)
    }

    static func matmulGradients(a: Tensor, b: Tensor, g: Tensor, needA: Bool, needB: Bool) -> [Tensor?] {
        let ga = needA ? g.matmul(b.transpose(-1, -2)) : nil
        var gb: Tensor?
        if needB {
            if b.rank == 2 {
                let k = a.shape[a.rank - 1], n = b.shape[1]
                let a2 = a.rank > 2 ? a.reshape([-1, k]) : a, g2 = g.rank > 2 ? g.reshape([-1, n]) : g
                if b.strides[0] == 1 && b.shape[1] > 1 {
                    // b is a transposed view (x @ w.T in linear): compute (gᵀ a)ᵀ so the weight's gradient
                    // comes out contiguous in the weight's own layout, with no transpose copy.
                    gb = g2.T.matmul(a2).T
                } else {
                    gb = a2.T.matmul(g2)
                }
            } else {
                gb = a.transpose(-1, -2).matmul(g)
            }
        }
        return [ga, gb]
    }
}

extension Tensor {
    /// The i-th matrix of a batch (flattened leading dimensions), as a view without autograd.
    func batchMatrix(_ i: Int) -> Tensor {
        let lead = Array(shape.dropLast(2))
        var rem = i, off = offset
        for d in stride(from: lead.count - 1, through: 0, by: -1) {
            off += (rem % lead[d]) * strides[d]
            rem /= lead[d]
        }
        return Tensor(
            storage: storage, dtype: dtype, shape: Array(shape.suffix(2)), strides: Array(strides.suffix(2)),
            offset: off)
    }
}
