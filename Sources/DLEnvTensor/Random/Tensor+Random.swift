// MARK: - In-place sampling (torch's Tensor.uniform_ / normal_) and random factories

extension Tensor {
    /// Storage offsets of every element in memory order (the order torch's serial kernels fill in).
    func memoryOrderOffsets() -> [Int] {
        if isContiguous { return Array(offset..<(offset + count)) }
        let order = (0..<rank).sorted { strides[$0] > strides[$1] }
        var out = [Int]()
        out.reserveCapacity(count)
        forEachOffset(shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, offset: offset) {
            out.append($0)
        }
        return out
    }

    /// Fills with U[from, to) in place, reproducing torch bit for bit: `from`/`to` are cast to the dtype,
    /// one 32-bit draw per float element (64-bit for float64), `fma(x, to - from, from)` as torch's AVX2/512
    /// builds compute it.
    @discardableResult
    public func uniform_(from: Double = 0, to: Double = 1, generator: Generator = .default) -> Tensor {
        precondition(from <= to, "uniform_ expects to return a [from, to) range, but found from=\(from) > to=\(to)")
        precondition(
            !requiresGrad || !GradMode.isEnabled,
            "a leaf Variable that requires grad is being used in an in-place operation (use noGrad)")
        let offsets = memoryOrderOffsets()
        generator.withState { g in
            switch dtype {
            case .float32:
                let p = storage.data.assumingMemoryBound(to: Float.self)
                let f = Float(from), range = Float(to) - Float(from)
                for o in offsets { p[o] = Float.fma(g.uniformFloat(), range, f) }
            case .float64:
                let p = storage.data.assumingMemoryBound(to: Double.self)
                for o in offsets { p[o] = Double.fma(g.uniformDouble(), to - from, from) }
            case .float16, .bfloat16:
                // torch 2.13 keeps from/to in float for the reduced types (measured: rounding them to half
                // first disagrees with torch), computes as for float32, then rounds once to the storage type.
                let p = storage.data.assumingMemoryBound(to: UInt16.self)
                let half = dtype == .float16
                let f = Float(from), range = Float(to) - Float(from)
                for o in offsets {
                    let v = Float.fma(g.uniformFloat(), range, f)
                    p[o] = half ? HalfPrecision.float16Bits(v) : HalfPrecision.bfloat16Bits(v)
                }
            case .int64, .bool:
                preconditionFailure("uniform_ needs a floating point tensor, not \(dtype)")
            }
        }
        return self
    }

    /// Fills with N(mean, std²) in place following torch's CPU algorithms: Box–Muller in double with the
    /// generator's cached sample for fewer than 16 elements (bit-exact), the 16-wide `normal_fill` otherwise
    /// (bit-exact for float64; float32 torch uses vectorised approximations, so agreement is ~1e-6).
    @discardableResult
    public func normal_(mean: Double = 0, std: Double = 1, generator: Generator = .default) -> Tensor {
        precondition(std >= 0, "normal expects std >= 0.0, but found std \(std)")
        precondition(dtype.isFloatingPoint, "normal_ needs a floating point tensor, not \(dtype)")
        precondition(
            !requiresGrad || !GradMode.isEnabled,
            "a leaf Variable that requires grad is being used in an in-place operation (use noGrad)")
        let n = count
        if n >= 16 && isContiguous {
            if dtype == .float64 {
                let p = pointer(Double.self)
                generator.withState { g in Tensor.normalFill(p, n, mean, std) { g.uniformDouble() } }
            } else if dtype == .float32 {
                let p = pointer(Float.self)
                generator.withState { g in Tensor.normalFill(p, n, Float(mean), Float(std)) { g.uniformFloat() } }
            } else {
                let tmp = UnsafeMutablePointer<Float>.allocate(capacity: n)
                defer { tmp.deallocate() }
                generator.withState { g in Tensor.normalFill(tmp, n, Float(mean), Float(std)) { g.uniformFloat() } }
                let values = (0..<n).map { Double(tmp[$0]) }
                values.withUnsafeBufferPointer { writeConverted(from: $0.baseAddress!, count: n) }
            }
            return self
        }
        let offsets = memoryOrderOffsets()
        let samples = generator.withState { g in offsets.map { _ in g.normalDouble(mean: mean, std: std) } }
        let dense = Tensor(samples, shape: [samples.count], dtype: dtype)
        noGrad {
            // Scatter back in memory order.
            let order = (0..<rank).sorted { strides[$0] > strides[$1] }
            let view = Tensor(
                storage: storage, dtype: dtype, shape: order.map { shape[$0] }, strides: order.map { strides[$0] },
                offset: offset)
            view.copy_(dense.reshape(view.shape))
        }
        return self
    }

    /// torch's `normal_fill`: uniforms first, then Box–Muller over blocks of 16 (the tail block redrawn).
    static func normalFill<T: Real>(
        _ d: UnsafeMutablePointer<T>, _ n: Int, _ mean: T, _ std: T, _ uniform: () -> T
    ) {
        for i in 0..<n { d[i] = uniform() }
        func block(_ base: Int) {
            for j in 0..<8 {
                let u1 = 1 - d[base + j], u2 = d[base + j + 8]
                let radius = (-2 * T.log(u1)).squareRoot()
                let theta = T(2.0 * Double.pi * u2.double)
                d[base + j] = radius * T.cos(theta) * std + mean
                d[base + j + 8] = radius * T.sin(theta) * std + mean
            }
        }
        var i = 0
        while i < n - 15 {
            block(i)
            i += 16
        }
        if n % 16 != 0 {
            for k in (n - 16)..<n { d[k] = uniform() }
            block(n - 16)
        }
    }

    /// U[0, 1) samples (torch.rand).
    public static func rand(_ shape: [Int], dtype: DType = .float32, generator: Generator = .default) -> Tensor {
        Tensor(uninitialized: shape, dtype: dtype).uniform_(generator: generator)
    }

    /// N(0, 1) samples (torch.randn).
    public static func randn(_ shape: [Int], dtype: DType = .float32, generator: Generator = .default) -> Tensor {
        Tensor(uninitialized: shape, dtype: dtype).normal_(generator: generator)
    }
}
