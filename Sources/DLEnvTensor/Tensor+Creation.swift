// MARK: - Creation from Swift values

extension Tensor {
    /// A float tensor from values (float32 unless `dtype` says otherwise), reshaped to `shape` when given.
    public convenience init(_ values: [Double], shape: [Int]? = nil, dtype: DType = .float32) {
        let s = shape ?? [values.count]
        precondition(s.reduce(1, *) == values.count, "\(values.count) values do not fill shape \(s)")
        self.init(uninitialized: s, dtype: dtype)
        values.withUnsafeBufferPointer { writeConverted(from: $0.baseAddress!, count: values.count) }
    }

    /// A float32 tensor from Float values.
    public convenience init(_ values: [Float], shape: [Int]? = nil) {
        let s = shape ?? [values.count]
        precondition(s.reduce(1, *) == values.count, "\(values.count) values do not fill shape \(s)")
        self.init(uninitialized: s, dtype: .float32)
        let p = pointer(Float.self)
        for (i, v) in values.enumerated() { p[i] = v }
    }

    /// An int64 tensor (or `dtype`) from integers, as `torch.tensor([1, 2, 3])`.
    public convenience init(_ values: [Int], shape: [Int]? = nil, dtype: DType = .int64) {
        if dtype == .int64 {
            let s = shape ?? [values.count]
            precondition(s.reduce(1, *) == values.count, "\(values.count) values do not fill shape \(s)")
            self.init(uninitialized: s, dtype: .int64)
            let p = pointer(Int64.self)
            for (i, v) in values.enumerated() { p[i] = Int64(v) }
        } else {
            self.init(values.map(Double.init), shape: shape, dtype: dtype)
        }
    }

    /// A bool tensor.
    public convenience init(_ values: [Bool], shape: [Int]? = nil) {
        let s = shape ?? [values.count]
        precondition(s.reduce(1, *) == values.count, "\(values.count) values do not fill shape \(s)")
        self.init(uninitialized: s, dtype: .bool)
        let p = pointer(Bool.self)
        for (i, v) in values.enumerated() { p[i] = v }
    }

    /// A zero-dimensional tensor holding one value.
    public convenience init(scalar: Double, dtype: DType = .float32) {
        self.init([scalar], shape: [], dtype: dtype)
    }

    /// A Swift number taking part in an operation (torch's "wrapped number": it does not widen the dtype).
    static func wrapped(_ v: Double, like t: Tensor) -> Tensor {
        let isInt = v == v.rounded() && !t.dtype.isFloatingPoint && Swift.abs(v) < 9.0e15
        let s = Tensor(scalar: v, dtype: isInt ? .int64 : (t.dtype.isFloatingPoint ? t.dtype : .float32))
        s.isWrappedNumber = true
        return s
    }

    /// Writes `count` doubles into this (contiguous, fresh) tensor, converting to its dtype.
    func writeConverted(from src: UnsafePointer<Double>, count: Int) {
        switch dtype {
        case .float32:
            let p = pointer(Float.self)
            for i in 0..<count { p[i] = Float(src[i]) }
        case .float64:
            let p = pointer(Double.self)
            for i in 0..<count { p[i] = src[i] }
        case .float16:
            let p = pointer(UInt16.self)
            // torch converts double → float → half (two roundings), c10/util/Half.h.
            for i in 0..<count { p[i] = HalfPrecision.float16Bits(Float(src[i])) }
        case .bfloat16:
            let p = pointer(UInt16.self)
            for i in 0..<count { p[i] = HalfPrecision.bfloat16Bits(Float(src[i])) }
        case .int64:
            let p = pointer(Int64.self)
            for i in 0..<count { p[i] = src[i].isFinite ? Int64(src[i]) : 0 }
        case .bool:
            let p = pointer(Bool.self)
            for i in 0..<count { p[i] = src[i] != 0 }
        }
    }
}

// MARK: - Factories

extension Tensor {
    /// A tensor filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32) -> Tensor {
        let t = Tensor(uninitialized: shape, dtype: dtype)
        t.fill_(value)
        return t
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        let t = Tensor(uninitialized: shape, dtype: dtype)
        t.storage.data.initializeMemory(as: UInt8.self, repeating: 0, count: t.storage.byteCount)
        return t
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor { full(shape, 1, dtype: dtype) }

    /// Zeros with the shape and dtype of `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape, dtype: other.dtype) }

    /// Ones with the shape and dtype of `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(other.shape, dtype: other.dtype) }

    /// `[start, start + step, …)` below `end` (torch.arange; int64 for whole numbers unless `dtype` is given).
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType? = nil) -> Tensor {
        precondition(step != 0, "arange step must be non-zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        let whole = start == start.rounded() && step == step.rounded()
        let values = (0..<n).map { start + Double($0) * step }
        return Tensor(values, shape: [n], dtype: dtype ?? (whole ? .int64 : .float32))
    }

    /// `0..<end` as int64 (or `dtype`).
    public static func arange(_ end: Int, dtype: DType = .int64) -> Tensor {
        arange(0, Double(end), dtype: dtype)
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive (torch.linspace).
    public static func linspace(_ start: Double, _ end: Double, steps: Int, dtype: DType = .float32) -> Tensor {
        let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
        // torch fills the first half from the start and the second half from the end.
        let half = steps / 2
        let values = (0..<steps).map { i in i < half ? start + step * Double(i) : end - step * Double(steps - i - 1) }
        return Tensor(values, shape: [steps], dtype: dtype)
    }

    /// The identity matrix (rectangular allowed).
    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) -> Tensor {
        let cols = m ?? n
        var values = [Double](repeating: 0, count: n * cols)
        for i in 0..<Swift.min(n, cols) { values[i * cols + i] = 1 }
        return Tensor(values, shape: [n, cols], dtype: dtype)
    }
}

// MARK: - Reading values

extension Tensor {
    /// The elements in row-major order, as Double (exact for every dtype except int64 beyond 2^53).
    public func toArray() -> [Double] {
        var out = [Double]()
        out.reserveCapacity(count)
        let base = storage.data
        switch dtype {
        case .float32:
            let p = base.assumingMemoryBound(to: Float.self)
            forEachOffset(shape: shape, strides: strides, offset: offset) { out.append(Double(p[$0])) }
        case .float64:
            let p = base.assumingMemoryBound(to: Double.self)
            forEachOffset(shape: shape, strides: strides, offset: offset) { out.append(p[$0]) }
        case .float16:
            let p = base.assumingMemoryBound(to: UInt16.self)
            forEachOffset(shape: shape, strides: strides, offset: offset) {
                out.append(Double(HalfPrecision.float(fromFloat16: p[$0])))
            }
        case .bfloat16:
            let p = base.assumingMemoryBound(to: UInt16.self)
            forEachOffset(shape: shape, strides: strides, offset: offset) {
                out.append(Double(HalfPrecision.float(fromBFloat16: p[$0])))
            }
        case .int64:
            let p = base.assumingMemoryBound(to: Int64.self)
            forEachOffset(shape: shape, strides: strides, offset: offset) { out.append(Double(p[$0])) }
        case .bool:
            let p = base.assumingMemoryBound(to: Bool.self)
            forEachOffset(shape: shape, strides: strides, offset: offset) { out.append(p[$0] ? 1 : 0) }
        }
        return out
    }

    /// The elements as Float (float32 round-trip; exact for float32/16/bfloat16).
    public func toFloatArray() -> [Float] { toArray().map { Float($0) } }

    /// The elements of an int64 (or any) tensor as Int64 (floats truncate toward zero).
    public func toInt64Array() -> [Int64] {
        if dtype == .int64 {
            var out = [Int64]()
            let p = storage.data.assumingMemoryBound(to: Int64.self)
            forEachOffset(shape: shape, strides: strides, offset: offset) { out.append(p[$0]) }
            return out
        }
        return toArray().map { $0.isFinite ? Int64($0) : 0 }
    }

    /// The elements as Bool (non-zero is true).
    public func toBoolArray() -> [Bool] { toArray().map { $0 != 0 } }

    /// The raw 16-bit patterns of a float16 or bfloat16 tensor.
    public func bits16() -> [UInt16] {
        precondition(dtype.itemSize == 2, "bits16() needs a float16 or bfloat16 tensor, not \(dtype)")
        var out = [UInt16]()
        let p = storage.data.assumingMemoryBound(to: UInt16.self)
        forEachOffset(shape: shape, strides: strides, offset: offset) { out.append(p[$0]) }
        return out
    }

    /// The value of a one-element tensor (torch's `item()`).
    public func item() -> Double {
        precondition(count == 1, "item() needs a tensor with one element, not shape \(shape)")
        return toArray()[0]
    }
}

// MARK: - Layout copies (no autograd)

extension Tensor {
    /// A row-major copy of the elements with the same dtype (never records a graph).
    func contiguousCopy() -> Tensor {
        let out = Tensor(uninitialized: shape, dtype: dtype, layoutOf: self)
        if isContiguous {
            out.storage.data.copyMemory(
                from: storage.data + offset * dtype.itemSize, byteCount: count * dtype.itemSize)
            return out
        }
        func copy<T>(_: T.Type) {
            let src = storage.data.assumingMemoryBound(to: T.self)
            let dst = out.storage.data.assumingMemoryBound(to: T.self)
            var i = 0
            forEachOffset(shape: shape, strides: strides, offset: offset) {
                dst[i] = src[$0]
                i += 1
            }
        }
        switch dtype.itemSize {
        case 1: copy(UInt8.self)
        case 2: copy(UInt16.self)
        case 4: copy(UInt32.self)
        default: copy(UInt64.self)
        }
        return out
    }

    /// Self when already contiguous, else a contiguous copy (no autograd).
    func contiguousData() -> Tensor { isContiguous ? self : contiguousCopy() }

    /// Converts to `target` without recording a graph (always a fresh contiguous tensor unless the dtype
    /// and layout already match).
    func converted(to target: DType) -> Tensor {
        if target == dtype { return contiguousData() }
        let src = contiguousData()
        let out = Tensor(uninitialized: shape, dtype: target)
        let n = count
        switch (dtype, target) {
        case (.float32, .float16):
            let s = src.pointer(Float.self), d = out.pointer(UInt16.self)
            for i in 0..<n { d[i] = HalfPrecision.float16Bits(s[i]) }
        case (.float32, .bfloat16):
            let s = src.pointer(Float.self), d = out.pointer(UInt16.self)
            for i in 0..<n { d[i] = HalfPrecision.bfloat16Bits(s[i]) }
        case (.float16, .float32):
            let s = src.pointer(UInt16.self), d = out.pointer(Float.self)
            for i in 0..<n { d[i] = HalfPrecision.float(fromFloat16: s[i]) }
        case (.bfloat16, .float32):
            let s = src.pointer(UInt16.self), d = out.pointer(Float.self)
            for i in 0..<n { d[i] = HalfPrecision.float(fromBFloat16: s[i]) }
        case (.float32, .float64):
            let s = src.pointer(Float.self), d = out.pointer(Double.self)
            for i in 0..<n { d[i] = Double(s[i]) }
        case (.float64, .float32):
            let s = src.pointer(Double.self), d = out.pointer(Float.self)
            for i in 0..<n { d[i] = Float(s[i]) }
        case (.int64, .int64):
            break
        default:
            let values = src.toArray()
            values.withUnsafeBufferPointer { out.writeConverted(from: $0.baseAddress!, count: n) }
        }
        return out
    }

    /// The elements as a contiguous buffer of the compute type `T`, borrowed when possible.
    @inline(__always)
    func withComputeBuffer<T: Real, R>(_: T.Type, _ body: (UnsafePointer<T>) -> R) -> R {
        let t = converted(to: T.dtype)
        return withExtendedLifetime(t) { body(UnsafePointer(t.pointer(T.self))) }
    }

    /// Fills every element with `value` in place (torch's `fill_`).
    @discardableResult
    public func fill_(_ value: Double) -> Tensor {
        let n = count
        let dense = isContiguous
        func fill<T>(_ v: T) {
            if dense {
                pointer(T.self).update(repeating: v, count: n)
            } else {
                let p = storage.data.assumingMemoryBound(to: T.self)
                forEachOffset(shape: shape, strides: strides, offset: offset) { p[$0] = v }
            }
        }
        switch dtype {
        case .float32: fill(Float(value))
        case .float64: fill(value)
        case .float16: fill(HalfPrecision.float16Bits(Float(value)))
        case .bfloat16: fill(HalfPrecision.bfloat16Bits(Float(value)))
        case .int64: fill(Int64(value))
        case .bool: fill(value != 0)
        }
        return self
    }

    /// Sets every element to zero in place.
    @discardableResult
    public func zero_() -> Tensor { fill_(0) }

    /// Copies `source` (broadcast to this shape, converted to this dtype) into this tensor in place.
    @discardableResult
    public func copy_(_ source: Tensor) -> Tensor {
        let src = source.expand(shape).converted(to: dtype)
        func copy<T>(_: T.Type) {
            let s = src.pointer(T.self)
            let d = storage.data.assumingMemoryBound(to: T.self)
            var i = 0
            forEachOffset(shape: shape, strides: strides, offset: offset) {
                d[$0] = s[i]
                i += 1
            }
        }
        switch dtype.itemSize {
        case 1: copy(UInt8.self)
        case 2: copy(UInt16.self)
        case 4: copy(UInt32.self)
        default: copy(UInt64.self)
        }
        return self
    }
}
