// MARK: - Reductions along dimensions

extension Tensor {
    /// The tensor viewed as `[outer, size(dim), inner]` contiguous blocks.
    private func blocks(_ d: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<d].reduce(1, *), shape[d], shape[(d + 1)...].reduce(1, *))
    }

    /// Sum along one dimension, accumulating in Double (torch accumulates float32 pairwise; results agree
    /// to rounding).
    private func sumOne(_ d: Int, keepdim: Bool, outType: DType) -> Tensor {
        let (outer, n, inner) = blocks(d)
        var outShape = shape
        if keepdim { outShape[d] = 1 } else { outShape.remove(at: d) }
        // A raw Double buffer: `[Double](repeating:count:)` takes the standard library's unspecialised
        // allocation path (a run-time metadata lookup per call), which a reduction in every backward step pays.
        let a = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(outer * inner, 1))
        a.initialize(repeating: 0, count: outer * inner)
        defer { a.deallocate() }
        func accumulate<T: Real>(_ s: UnsafePointer<T>) {
            for o in 0..<outer {
                let base = o * n * inner, ab = o * inner
                if inner == 1 {
                    var t = 0.0
                    for j in 0..<n { t += s[base + j].double }
                    a[ab] = t
                } else {
                    for j in 0..<n {
                        let row = base + j * inner
                        for k in 0..<inner { a[ab + k] += s[row + k].double }
                    }
                }
            }
        }
        // Read float32 and float64 in place; other types go through a float64 copy.
        let src = dtype == .float32 || dtype == .float64 ? contiguousData() : converted(to: .float64)
        if src.dtype == .float32 {
            accumulate(UnsafePointer(src.pointer(Float.self)))
        } else {
            accumulate(UnsafePointer(src.pointer(Double.self)))
        }
        withExtendedLifetime(src) {}
        let out = Tensor(uninitialized: outShape, dtype: outType)
        out.writeConverted(from: a, count: outer * inner)
        return out
    }

    /// Sum over `dims` (all dimensions when nil). Integers and bools sum to int64.
    public func sum(dims: [Int]? = nil, keepdim: Bool = false) -> Tensor {
        let outType: DType = dtype.isFloatingPoint ? dtype : .int64
        let ds = (dims ?? Array(0..<rank)).map { normalizeDim($0, rank) }
        // The distinct dimensions, highest first (no hashing for the common single dimension or all of them).
        let unique = dims == nil ? Array(ds.reversed()) : ds.count == 1 ? ds : Set(ds).sorted(by: >)
        if rank > 0 && isContiguous && (dtype == .float32 || dtype == .float64) && unique.count == rank {
            return sumAll(dims: ds, keepdim: keepdim)
        }
        var t = self
        if rank == 0 {
            t = dtype == outType ? contiguousCopy() : converted(to: outType)
        } else {
            // Reduce the highest dimension first so the remaining indices stay valid.
            for d in unique { t = t.sumOne(d, keepdim: keepdim || unique.count > 1, outType: outType) }
            if !keepdim && unique.count > 1 {
                let kept = shape.indices.filter { !unique.contains($0) }.map { shape[$0] }
                t = Tensor(storage: t.storage, dtype: outType, shape: kept, strides: contiguousStrides(kept), offset: 0)
            }
        }
        return t.recorded(.sum, [self], args: OpArgs(dims: ds, shape: shape, keepdim: keepdim))
    }

    /// The sum over every dimension of a contiguous float tensor in one pass, accumulated in Double and
    /// rounded once (as the per-dimension path does for a single dimension), whatever order `dims` names them in.
    private func sumAll(dims ds: [Int], keepdim: Bool) -> Tensor {
        var t = 0.0
        let n = count
        let out = Tensor(uninitialized: keepdim ? [Int](repeating: 1, count: rank) : [], dtype: dtype)
        if dtype == .float32 {
            let p = pointer(Float.self)
            for i in 0..<n { t += Double(p[i]) }
            out.pointer(Float.self).pointee = Float(t)
        } else {
            let p = pointer(Double.self)
            for i in 0..<n { t += p[i] }
            out.pointer(Double.self).pointee = t
        }
        return out.recorded(.sum, [self], args: OpArgs(dims: ds, shape: shape, keepdim: keepdim))
    }

    /// Sum along one dimension.
    public func sum(dim: Int, keepdim: Bool = false) -> Tensor { sum(dims: [dim], keepdim: keepdim) }

    /// Mean over `dims` (all when nil).
    public func mean(dims: [Int]? = nil, keepdim: Bool = false) -> Tensor {
        if dims == nil && !keepdim { return sum() / Double(count) }
        let ds = (dims ?? Array(0..<rank)).map { normalizeDim($0, rank) }
        let n = Set(ds).map { shape[$0] }.reduce(1, *)
        return sum(dims: ds, keepdim: keepdim) / Double(n)
    }

    /// Mean along one dimension.
    public func mean(dim: Int, keepdim: Bool = false) -> Tensor { mean(dims: [dim], keepdim: keepdim) }

    /// Variance with Bessel's correction by default (`correction: 0` for the biased estimate).
    public func variance(dims: [Int]? = nil, correction: Int = 1, keepdim: Bool = false) -> Tensor {
        let ds = (dims ?? Array(0..<rank)).map { normalizeDim($0, rank) }
        let n = Set(ds).map { shape[$0] }.reduce(1, *)
        let centered = self - mean(dims: ds, keepdim: true)
        return (centered * centered).sum(dims: ds, keepdim: keepdim) / Double(Swift.max(n - correction, 0))
    }

    /// Standard deviation (square root of `variance`).
    public func std(dims: [Int]? = nil, correction: Int = 1, keepdim: Bool = false) -> Tensor {
        variance(dims: dims, correction: correction, keepdim: keepdim).sqrt()
    }

    /// Maximum along `dim` with the index of its first occurrence (NaN wins, as in torch).
    public func max(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor) {
        let d = normalizeDim(dim, Swift.max(rank, 1))
        let x = rank == 0 ? reshape([1]) : self
        let (outer, n, inner) = x.blocks(d)
        precondition(n > 0, "max(dim:) of an empty dimension")
        var outShape = x.shape
        if keepdim { outShape[d] = 1 } else { outShape.remove(at: d) }
        let src = x.converted(to: .float64)
        let s = src.pointer(Double.self)
        var values = [Double](repeating: 0, count: outer * inner)
        var indices = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for k in 0..<inner {
                var best = s[o * n * inner + k], bi = 0
                if !best.isNaN {
                    for j in 1..<Swift.max(n, 1) {
                        let v = s[(o * n + j) * inner + k]
                        if v.isNaN || v > best {
                            best = v
                            bi = j
                            if v.isNaN { break }
                        }
                    }
                }
                values[o * inner + k] = best
                indices[o * inner + k] = bi
            }
        }
        let idx = Tensor(indices, shape: outShape)
        let vals = Tensor(values, shape: outShape, dtype: dtype)
        vals.recorded(.maxDim, [x], saved: [idx], args: OpArgs(dims: [d], shape: x.shape, keepdim: keepdim))
        return (vals, idx)
    }

    /// Minimum along `dim` with the index of its first occurrence.
    public func min(dim: Int, keepdim: Bool = false) -> (values: Tensor, indices: Tensor) {
        let r = (-self).max(dim: dim, keepdim: keepdim)
        return (-r.values, r.indices)
    }

    /// The largest element (a 0-dim tensor).
    public func max() -> Tensor { reshape([-1]).max(dim: 0).values }

    /// The smallest element (a 0-dim tensor).
    public func min() -> Tensor { reshape([-1]).min(dim: 0).values }

    /// Index of the largest element along `dim` (of the flattened tensor when nil), int64.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) -> Tensor {
        noGrad { dim.map { max(dim: $0, keepdim: keepdim).indices } ?? reshape([-1]).max(dim: 0).indices }
    }

    /// Index of the smallest element along `dim` (of the flattened tensor when nil), int64.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) -> Tensor {
        noGrad { dim.map { min(dim: $0, keepdim: keepdim).indices } ?? reshape([-1]).min(dim: 0).indices }
    }

    /// `log(sum(exp(x)))` along `dims`, computed stably by subtracting the maximum first.
    public func logsumexp(dim: Int, keepdim: Bool = false) -> Tensor {
        let m = noGrad { () -> Tensor in
            let v = max(dim: dim, keepdim: true).values
            // An all -inf (or inf) row must not produce inf - inf = NaN.
            return Tensor.where(v.abs().eq(.infinity), Tensor.zeros(like: v), v)
        }
        let s = (self - m).exp().sum(dim: dim, keepdim: true).log() + m
        return keepdim ? s : s.squeeze(dim)
    }
}
