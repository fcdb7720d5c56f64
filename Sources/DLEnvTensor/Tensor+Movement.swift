// MARK: - Views (share storage) and layout changes

extension Tensor {
    /// A broadcast view without recording a graph (stride 0 along expanded dimensions).
    func expandView(_ target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(target.count >= rank, "cannot expand shape \(shape) to \(target)")
        let lead = target.count - rank
        var newStrides = [Int](repeating: 0, count: target.count)
        for i in 0..<target.count {
            if i < lead { continue }
            let s = shape[i - lead]
            precondition(s == target[i] || s == 1, "cannot expand shape \(shape) to \(target)")
            newStrides[i] = s == target[i] ? strides[i - lead] : 0
        }
        return Tensor(storage: storage, dtype: dtype, shape: target, strides: newStrides, offset: offset)
    }

    /// Broadcasts to `shape` (torch's `expand`; -1 keeps a dimension).
    public func expand(_ target: [Int]) -> Tensor {
        let lead = target.count - rank
        let resolved = target.enumerated().map { i, s in s == -1 ? shape[i - lead] : s }
        if resolved == shape { return self }
        return expandView(resolved).recorded(.expand, [self], args: OpArgs(shape: shape))
    }

    /// Resolves one -1 in a requested shape against `count`.
    func inferShape(_ requested: [Int]) -> [Int] {
        var out = requested
        if let i = requested.firstIndex(of: -1) {
            let known = requested.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "shape \(requested) is invalid for input of size \(count)")
            out[i] = count / known
        }
        precondition(out.reduce(1, *) == count, "shape \(requested) is invalid for input of size \(count)")
        return out
    }

    /// The same elements in a new shape (a view when contiguous, else a copy); one dimension may be -1.
    public func reshape(_ newShape: [Int]) -> Tensor {
        let target = inferShape(newShape)
        if target == shape { return self }
        let base = contiguousData()
        let out = Tensor(
            storage: base.storage, dtype: dtype, shape: target, strides: contiguousStrides(target), offset: base.offset)
        return out.recorded(.reshape, [self], args: OpArgs(shape: shape))
    }

    /// A view in a new shape; the tensor must be contiguous (torch's `view`).
    public func view(_ newShape: [Int]) -> Tensor {
        precondition(isContiguous, "view size is not compatible with input tensor's size and stride; use reshape")
        return reshape(newShape)
    }

    /// Flattens dimensions `start...end` into one.
    public func flatten(startDim: Int = 0, endDim: Int = -1) -> Tensor {
        if rank == 0 { return reshape([1]) }
        let s = normalizeDim(startDim, rank), e = normalizeDim(endDim, rank)
        let merged = shape[s...e].reduce(1, *)
        return reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Reorders dimensions (a view).
    public func permute(_ dims: [Int]) -> Tensor {
        precondition(dims.count == rank, "permute needs \(rank) dimensions, got \(dims)")
        let d = dims.map { normalizeDim($0, rank) }
        precondition(Set(d).count == rank, "permute dimensions \(dims) repeat")
        let out = Tensor(
            storage: storage, dtype: dtype, shape: d.map { shape[$0] }, strides: d.map { strides[$0] }, offset: offset)
        return out.recorded(.permute, [self], args: OpArgs(dims: d))
    }

    /// Swaps two dimensions (a view).
    public func transpose(_ d0: Int, _ d1: Int) -> Tensor {
        var dims = Array(0..<rank)
        dims.swapAt(normalizeDim(d0, rank), normalizeDim(d1, rank))
        return permute(dims)
    }

    /// The transpose of a matrix (torch's `.T` for 2-D tensors).
    public var T: Tensor { rank < 2 ? self : permute(Array((0..<rank).reversed())) }

    /// Inserts a dimension of size 1 at `dim`.
    public func unsqueeze(_ dim: Int) -> Tensor {
        let d = dim < 0 ? dim + rank + 1 : dim
        precondition(d >= 0 && d <= rank, "unsqueeze dimension \(dim) out of range for rank \(rank)")
        var s = shape
        s.insert(1, at: d)
        return reshape(s)
    }

    /// Removes dimensions of size 1 (all of them, or only `dim`).
    public func squeeze(_ dim: Int? = nil) -> Tensor {
        if let dim {
            let d = normalizeDim(dim, rank)
            if shape[d] != 1 { return self }
            var s = shape
            s.remove(at: d)
            return reshape(s)
        }
        return reshape(shape.filter { $0 != 1 })
    }

    /// Elements `start..<end` with `step` along `dim` (a view; negative bounds count from the end).
    public func slice(dim: Int, start: Int = 0, end: Int? = nil, step: Int = 1) -> Tensor {
        precondition(step > 0, "slice step must be positive")
        let d = normalizeDim(dim, rank)
        let n = shape[d]
        func clampIndex(_ i: Int) -> Int { Swift.min(Swift.max(i < 0 ? i + n : i, 0), n) }
        let lo = clampIndex(start), hi = Swift.max(lo, clampIndex(end ?? n))
        var s = shape, st = strides
        s[d] = (hi - lo + step - 1) / step
        st[d] = strides[d] * step
        let out = Tensor(storage: storage, dtype: dtype, shape: s, strides: st, offset: offset + lo * strides[d])
        return out.recorded(.slice, [self], args: OpArgs(a: Double(lo), c: Double(step), dims: [d], shape: shape))
    }

    /// `length` elements from `start` along `dim` (torch's `narrow`).
    public func narrow(_ dim: Int, start: Int, length: Int) -> Tensor {
        slice(dim: dim, start: start, end: start + length)
    }

    /// Index `index` along `dim`, removing that dimension (torch's `select`).
    public func select(_ dim: Int, _ index: Int) -> Tensor {
        let d = normalizeDim(dim, rank)
        let i = index < 0 ? index + shape[d] : index
        precondition(i >= 0 && i < shape[d], "index \(index) out of range for dimension \(dim) of size \(shape[d])")
        return slice(dim: d, start: i, end: i + 1).squeeze(d)
    }

    /// `t[i]`: the i-th entry along the first dimension.
    public subscript(_ index: Int) -> Tensor { select(0, index) }

    /// `t[a..<b]`: a range along the first dimension.
    public subscript(_ range: Range<Int>) -> Tensor { slice(dim: 0, start: range.lowerBound, end: range.upperBound) }

    /// Splits into pieces of `size` along `dim` (the last may be smaller).
    public func split(_ size: Int, dim: Int = 0) -> [Tensor] {
        let d = normalizeDim(dim, rank)
        return stride(from: 0, to: shape[d], by: size).map { slice(dim: d, start: $0, end: $0 + size) }
    }

    /// Splits into `chunks` nearly equal pieces along `dim`.
    public func chunk(_ chunks: Int, dim: Int = 0) -> [Tensor] {
        let d = normalizeDim(dim, rank)
        return split((shape[d] + chunks - 1) / chunks, dim: d)
    }

    /// Concatenates tensors along `dim` (same dtype after promotion; other dimensions must match).
    public static func cat(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "cat needs at least one tensor")
        let first = tensors[0]
        let d = normalizeDim(dim, first.rank)
        let dtype = tensors.dropFirst().reduce(first.dtype) { DType.promote($0, $1.dtype) }
        var outShape = first.shape
        outShape[d] = tensors.map { t -> Int in
            precondition(
                t.rank == first.rank
                    && t.shape.enumerated().allSatisfy { $0.offset == d || $0.element == first.shape[$0.offset] },
                "cat: shapes \(first.shape) and \(t.shape) differ outside dimension \(dim)")
            return t.shape[d]
        }.reduce(0, +)
        let out = Tensor(uninitialized: outShape, dtype: dtype)
        var at = 0
        noGrad {
            for t in tensors {
                let n = t.shape[d]
                var s = outShape, st = out.strides
                s[d] = n
                st = out.strides
                Tensor(storage: out.storage, dtype: dtype, shape: s, strides: st, offset: at * out.strides[d]).copy_(t)
                at += n
            }
        }
        return out.recorded(.cat, tensors, args: OpArgs(dims: [d], shape: tensors.map { $0.shape[d] }))
    }

    /// Stacks same-shaped tensors along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
        cat(tensors.map { $0.unsqueeze(dim) }, dim: dim)
    }

    /// A copy converted to `dtype` (differentiable between floating types).
    public func to(_ target: DType) -> Tensor {
        if target == dtype { return self }
        return converted(to: target).recorded(
            .cast, [self], args: OpArgs(a: Double(DType.allCases.firstIndex(of: dtype)!)))
    }

    /// A contiguous copy (differentiable).
    public func clone() -> Tensor { contiguousCopy().recorded(.clone, [self]) }

    /// Self if contiguous, else a contiguous copy (differentiable).
    public func contiguous() -> Tensor { isContiguous ? self : clone() }

    /// Values gathered along `dim` at `index` (int64, same rank as self): torch.gather.
    public func gather(_ dim: Int, _ index: Tensor) -> Tensor {
        let d = normalizeDim(dim, rank)
        precondition(index.rank == rank, "gather: index rank \(index.rank) differs from input rank \(rank)")
        let idx = index.toInt64Array()
        let src = contiguousData().converted(to: Elementwise.usesDouble(dtype) ? .float64 : .float32)
        let srcStrides = contiguousStrides(shape)
        let outShape = index.shape
        let outStrides = contiguousStrides(outShape)
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let s = src.pointer(T.self)
            return Elementwise.make(T.self, shape: outShape, dtype: dtype) { o, r in
                for i in r {
                    var rem = i, off = 0
                    for k in 0..<outShape.count {
                        let c = rem / outStrides[k]
                        rem %= outStrides[k]
                        let j = k == d ? Int(idx[i]) : c
                        precondition(j >= 0 && j < shape[k], "gather index \(j) out of range for size \(shape[k])")
                        off += j * srcStrides[k]
                    }
                    o[i] = s[off]
                }
            }
        }
        let out = Elementwise.usesDouble(dtype) ? kernel(Double.self) : kernel(Float.self)
        return out.recorded(.gather, [self], saved: [index], args: OpArgs(dims: [d], shape: shape))
    }
}
