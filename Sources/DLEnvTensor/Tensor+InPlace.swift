import CDLEnvKernels

// MARK: - In-place updates (optimizers): the same roundings as torch's CPU kernels (numerics.md §3.1)

extension Tensor {
    /// torch's rule: a leaf that requires grad may be updated in place only with grad mode off.
    private func checkInPlaceAllowed() {
        precondition(
            !requiresGrad || !GradMode.isEnabled,
            "a leaf Variable that requires grad is being used in an in-place operation (wrap it in noGrad)")
    }

    private func inPlace<T: Real>(
        _: T.Type, _ others: [Tensor], _ body: (UnsafeMutablePointer<T>, [Operand<T>], Range<Int>) -> Void
    ) {
        checkInPlaceAllowed()
        precondition(dtype.isFloatingPoint, "in-place arithmetic needs a floating point tensor, not \(dtype)")
        let ops = others.map { Operand<T>($0, shape: shape) }
        if isContiguous && dtype == T.dtype {
            let p = pointer(T.self)
            Parallel.forRanges(count) { body(p, ops, $0) }
        } else {
            let tmp = converted(to: T.dtype).contiguousCopy()
            let p = tmp.pointer(T.self)
            body(p, ops, 0..<count)
            noGrad { _ = copy_(tmp) }
        }
    }

    private func run(
        _ others: [Tensor], _ f32: (UnsafeMutablePointer<Float>, [Operand<Float>], Range<Int>) -> Void,
        _ f64: (UnsafeMutablePointer<Double>, [Operand<Double>], Range<Int>) -> Void
    ) -> Tensor {
        if dtype == .float64 { inPlace(Double.self, others, f64) } else { inPlace(Float.self, others, f32) }
        return self
    }

    /// `self += alpha * other` with one rounding (torch's `add_(other, alpha=)` is an FMA on AVX2/512).
    @discardableResult
    public func add_(_ other: Tensor, alpha: Double = 1) -> Tensor {
        if dtype == .float32 && other.dtype == .float32 && other.shape == shape && isContiguous && other.isContiguous {
            // The optimizer's case (a parameter and its gradient): no operand machinery; AVX2 FMA where the CPU
            // has it (torch's exact kernel), split across cores when large.
            checkInPlaceAllowed()
            let p = pointer(Float.self), o = UnsafePointer(other.pointer(Float.self)), a = Float(alpha)
            if FastActivation.useAVX2 {
                Parallel.forRanges(count) { r in dlenv_axpy_f32(o + r.lowerBound, a, p + r.lowerBound, r.count) }
            } else {
                Parallel.forRanges(count) { r in for i in r { p[i] = fusedMultiplyAdd(o[i], a, p[i]) } }
            }
            return withExtendedLifetime(other) { self }
        }
        return run(
            [other],
            { p, o, r in
                let a = Float(alpha); for i in r { p[i] = fusedMultiplyAdd(o[0][i], a, p[i]) }
            },
            { p, o, r in for i in r { p[i] = Double.fma(o[0][i], alpha, p[i]) } })
    }

    /// `self += value`.
    @discardableResult
    public func add_(_ value: Double) -> Tensor { add_(Tensor(scalar: value, dtype: .float64)) }

    /// `self *= other` (broadcast).
    @discardableResult
    public func mul_(_ other: Tensor) -> Tensor {
        run([other], { p, o, r in for i in r { p[i] *= o[0][i] } }, { p, o, r in for i in r { p[i] *= o[0][i] } })
    }

    /// `self *= value` (value rounded to the dtype first, as torch does).
    @discardableResult
    public func mul_(_ value: Double) -> Tensor {
        mul_(Tensor(scalar: value, dtype: dtype == .float64 ? .float64 : .float32))
    }

    /// `self += value * t1 * t2`, computed as `fma(value * t1, t2, self)` (torch's addcmul on AVX builds).
    @discardableResult
    public func addcmul_(_ t1: Tensor, _ t2: Tensor, value: Double = 1) -> Tensor {
        run(
            [t1, t2],
            { p, o, r in
                let v = Float(value); for i in r { p[i] = fusedMultiplyAdd(v * o[0][i], o[1][i], p[i]) }
            },
            { p, o, r in for i in r { p[i] = Double.fma(value * o[0][i], o[1][i], p[i]) } })
    }

    /// `self += (value * t1) / t2` (multiply, divide, add: torch's addcdiv).
    @discardableResult
    public func addcdiv_(_ t1: Tensor, _ t2: Tensor, value: Double = 1) -> Tensor {
        run(
            [t1, t2],
            { p, o, r in
                let v = Float(value); for i in r { p[i] = p[i] + (v * o[0][i]) / o[1][i] }
            },
            { p, o, r in for i in r { p[i] = p[i] + (value * o[0][i]) / o[1][i] } })
    }

    /// `self += weight * (end - self)` with torch's two-sided FMA form (Lerp.h): `|w| < 0.5` →
    /// `fma(w, end - self, self)`, else `fma(w - 1, end - self, end)`; `weight` is rounded to the dtype first.
    @discardableResult
    public func lerp_(_ end: Tensor, weight: Double) -> Tensor {
        run(
            [end],
            { p, o, r in
                let w = Float(weight)
                for i in r {
                    let d = o[0][i] - p[i]
                    p[i] = Swift.abs(w) < 0.5 ? fusedMultiplyAdd(w, d, p[i]) : fusedMultiplyAdd(w - 1, d, o[0][i])
                }
            },
            { p, o, r in
                for i in r {
                    let d = o[0][i] - p[i]
                    p[i] = Swift.abs(weight) < 0.5 ? Double.fma(weight, d, p[i]) : Double.fma(weight - 1, d, o[0][i])
                }
            })
    }
}

/// `a·b + c` for float32 with the FMA's single rounding, computed in double so that the loop vectorises on
/// the baseline x86-64 target (no FMA instruction; `fmaf` is a library call per element). The product of two
/// floats is exact in double; the double sum is rounded twice (to double, then to float), which differs from a
/// true FMA only when the double lands exactly on a float rounding tie: about 2^-28 of random inputs.
@inline(__always)
func fusedMultiplyAdd(_ a: Float, _ b: Float, _ c: Float) -> Float {
    Float(Double(a) * Double(b) + Double(c))
}
