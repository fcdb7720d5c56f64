/// Loops over contiguous buffers in a compute type, writing results in the tensor's storage type.
enum Elementwise {
    /// A fresh tensor of `shape` and `dtype` whose elements are computed in `T` by `body(out, range)`.
    /// float16/bfloat16/int64/bool results are computed in a float buffer and rounded once.
    @inline(__always)
    static func make<T: Real>(
        _: T.Type, shape: [Int], dtype: DType, like: Tensor? = nil,
        _ body: (UnsafeMutablePointer<T>, Range<Int>) -> Void
    ) -> Tensor {
        let n = shape.reduce(1, *)
        if dtype == T.dtype {
            let out = Tensor(uninitialized: shape, dtype: dtype, layoutOf: like)
            let p = out.pointer(T.self)
            Parallel.forRanges(n) { body(p, $0) }
            return out
        }
        let tmp = Tensor(uninitialized: shape, dtype: T.dtype)
        let p = tmp.pointer(T.self)
        Parallel.forRanges(n) { body(p, $0) }
        return tmp.converted(to: dtype)
    }

    /// `o[i] = f(x[i], y[i])` over `r` with the scalar/full layout decided once, outside the loop, so each
    /// case is a plain pointer loop the compiler vectorises.
    @inline(__always)
    static func apply<T: Real>(
        _ x: Operand<T>, _ y: Operand<T>, _ o: UnsafeMutablePointer<T>, _ r: Range<Int>, _ f: (T, T) -> T
    ) {
        let px = x.pointer, py = y.pointer
        switch (x.isScalar, y.isScalar) {
        case (false, false): for i in r { o[i] = f(px[i], py[i]) }
        case (false, true):
            let v = py[0]
            for i in r { o[i] = f(px[i], v) }
        case (true, false):
            let v = px[0]
            for i in r { o[i] = f(v, py[i]) }
        case (true, true):
            let v = f(px[0], py[0])
            for i in r { o[i] = v }
        }
    }

    /// The compute type for a result dtype: float64 and int64 in Double, everything else in Float.
    static func usesDouble(_ dtype: DType) -> Bool { dtype == .float64 || dtype == .int64 }

    /// Broadcast shape of two shapes (numpy rules); a precondition names both shapes on mismatch.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let r = max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            precondition(
                da == db || da == 1 || db == 1, "shapes \(a) and \(b) cannot be broadcast together (dimension \(i))")
            out[i] = da == 1 ? db : da
        }
        return out
    }
}

/// A contiguous operand in compute type `T`, either full-size or a single broadcast scalar.
struct Operand<T: Real> {
    let base: Tensor
    let pointer: UnsafePointer<T>
    let isScalar: Bool

    init(_ t: Tensor, shape: [Int]) {
        if t.count == 1 && shape.reduce(1, *) != 1 {
            base = t.converted(to: T.dtype)
            isScalar = true
        } else if t.rank > 0 && t.shape == shape && zip(t.shape, t.strides).allSatisfy({ $0 == 1 || $1 == 0 }) {
            // A scalar broadcast to the shape (the gradient of a full sum): read its one element, no copy.
            base = Tensor(storage: t.storage, dtype: t.dtype, shape: [], strides: [], offset: t.offset)
                .converted(to: T.dtype)
            isScalar = true
        } else {
            base = (t.shape == shape ? t : t.expandView(shape)).converted(to: T.dtype)
            isScalar = false
        }
        pointer = UnsafePointer(base.pointer(T.self))
    }

    @inline(__always) subscript(i: Int) -> T { isScalar ? pointer[0] : pointer[i] }
}
