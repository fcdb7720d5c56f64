import CDLEnvKernels

// MARK: - Binary element-wise ops (broadcasting, torch type promotion)

extension Tensor {
    static func binary(_ a: Tensor, _ b: Tensor, _ op: Op) -> Tensor {
        var dtype = DType.resultType(a, b)
        if op == .div && !dtype.isFloatingPoint { dtype = .float32 }  // true division of integers
        let shape = a.shape == b.shape ? a.shape : Elementwise.broadcastShape(a.shape, b.shape)
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let x = Operand<T>(a, shape: shape), y = Operand<T>(b, shape: shape)
            return Elementwise.make(T.self, shape: shape, dtype: dtype, like: a.shape == shape ? a : b) { o, r in
                switch op {
                case .add: Elementwise.apply(x, y, o, r) { $0 + $1 }
                case .sub: Elementwise.apply(x, y, o, r) { $0 - $1 }
                case .mul: Elementwise.apply(x, y, o, r) { $0 * $1 }
                case .div: Elementwise.apply(x, y, o, r) { $0 / $1 }
                case .maximum: Elementwise.apply(x, y, o, r) { $0.isNaN || $0 > $1 ? $0 : $1 }
                default: preconditionFailure("\(op) is not a binary element-wise op")
                }
            }
        }
        let out = Elementwise.usesDouble(dtype) ? kernel(Double.self) : kernel(Float.self)
        let saved: [Tensor] = (op == .mul || op == .div || op == .maximum) ? [a, b] : []
        return out.recorded(op, [a, b], saved: saved)
    }

    /// Element-wise sum (broadcasting).
    public static func + (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .add) }
    /// Element-wise difference (broadcasting).
    public static func - (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .sub) }
    /// Element-wise product (broadcasting).
    public static func * (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .mul) }
    /// Element-wise true division (broadcasting; integers divide to float32).
    public static func / (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .div) }

    public static func + (a: Tensor, b: Double) -> Tensor { binary(a, wrapped(b, like: a), .add) }
    public static func - (a: Tensor, b: Double) -> Tensor { binary(a, wrapped(b, like: a), .sub) }
    public static func * (a: Tensor, b: Double) -> Tensor { binary(a, wrapped(b, like: a), .mul) }
    public static func / (a: Tensor, b: Double) -> Tensor { binary(a, wrapped(b, like: a), .div) }
    public static func + (a: Double, b: Tensor) -> Tensor { binary(wrapped(a, like: b), b, .add) }
    public static func - (a: Double, b: Tensor) -> Tensor { binary(wrapped(a, like: b), b, .sub) }
    public static func * (a: Double, b: Tensor) -> Tensor { binary(wrapped(a, like: b), b, .mul) }
    public static func / (a: Double, b: Tensor) -> Tensor { binary(wrapped(a, like: b), b, .div) }

    /// Element-wise negation.
    public static prefix func - (a: Tensor) -> Tensor { a.unary(.neg) }

    /// Element-wise maximum of two tensors (a tie sends half the gradient to each side, as torch).
    public func maximum(_ other: Tensor) -> Tensor { Tensor.binary(self, other, .maximum) }

    /// Element-wise minimum of two tensors.
    public func minimum(_ other: Tensor) -> Tensor { -((-self).maximum(-other)) }

    /// `condition ? self : other` element-wise (torch.where(condition, self, other)).
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let dtype = DType.resultType(a, b)
        let shape = Elementwise.broadcastShape(Elementwise.broadcastShape(condition.shape, a.shape), b.shape)
        let mask = condition.expandView(shape).converted(to: .bool)
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let x = Operand<T>(a, shape: shape), y = Operand<T>(b, shape: shape)
            let m = UnsafePointer(mask.pointer(Bool.self))
            return Elementwise.make(T.self, shape: shape, dtype: dtype) { o, r in
                for i in r { o[i] = m[i] ? x[i] : y[i] }
            }
        }
        let out = Elementwise.usesDouble(dtype) ? kernel(Double.self) : kernel(Float.self)
        return out.recorded(.whereSelect, [a, b], saved: [mask])
    }
}

// MARK: - Comparisons (bool results, never differentiable)

extension Tensor {
    private func compare(_ other: Tensor, _ test: @escaping (Double, Double) -> Bool) -> Tensor {
        let shape = Elementwise.broadcastShape(self.shape, other.shape)
        let x = Operand<Double>(self, shape: shape), y = Operand<Double>(other, shape: shape)
        let out = Tensor(uninitialized: shape, dtype: .bool)
        let p = out.pointer(Bool.self)
        for i in 0..<out.count { p[i] = test(x[i], y[i]) }
        return out
    }

    public func gt(_ o: Tensor) -> Tensor { compare(o, >) }
    public func lt(_ o: Tensor) -> Tensor { compare(o, <) }
    public func ge(_ o: Tensor) -> Tensor { compare(o, >=) }
    public func le(_ o: Tensor) -> Tensor { compare(o, <=) }
    public func eq(_ o: Tensor) -> Tensor { compare(o, ==) }
    public func ne(_ o: Tensor) -> Tensor { compare(o, !=) }
    public func gt(_ v: Double) -> Tensor { compare(Tensor(scalar: v, dtype: .float64), >) }
    public func lt(_ v: Double) -> Tensor { compare(Tensor(scalar: v, dtype: .float64), <) }
    public func ge(_ v: Double) -> Tensor { compare(Tensor(scalar: v, dtype: .float64), >=) }
    public func le(_ v: Double) -> Tensor { compare(Tensor(scalar: v, dtype: .float64), <=) }
    public func eq(_ v: Double) -> Tensor { compare(Tensor(scalar: v, dtype: .float64), ==) }
}

// MARK: - Unary element-wise math

extension Tensor {
    func unary(_ op: Op, _ args: OpArgs = OpArgs()) -> Tensor {
        let keepsInt = op == .neg || op == .abs || op == .clamp
        let dtype = dtype.isFloatingPoint || keepsInt ? self.dtype : .float32
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let x = Operand<T>(self, shape: shape)
            let a = T(args.a), b = T(args.b)
            return Elementwise.make(T.self, shape: shape, dtype: dtype, like: self) { o, r in
                switch op {
                case .neg: for i in r { o[i] = -x[i] }
                case .exp: for i in r { o[i] = T.exp(x[i]) }
                case .log: for i in r { o[i] = T.log(x[i]) }
                case .sqrt: for i in r { o[i] = x[i].squareRoot() }
                case .abs: for i in r { o[i] = Swift.abs(x[i]) }
                case .sin: for i in r { o[i] = T.sin(x[i]) }
                case .cos: for i in r { o[i] = T.cos(x[i]) }
                case .powScalar:
                    if args.a == 2 { for i in r { o[i] = x[i] * x[i] } } else { for i in r { o[i] = T.pow(x[i], a) } }
                case .clamp: for i in r { o[i] = x[i].isNaN ? x[i] : Swift.min(Swift.max(x[i], a), b) }
                default: preconditionFailure("\(op) is not a unary element-wise op")
                }
            }
        }
        let out: Tensor
        if (op == .exp || op == .log) && dtype == .float32 && self.dtype == .float32 && isContiguous
            && FastActivation.useAVX2
        {
            // AVX2+FMA exp/log (Cephes polynomials, libm for the edge lanes), split across cores.
            out =
                op == .exp
                ? FastActivation.map(self) { dlenv_exp_f32($0, $1, $2) }
                : FastActivation.map(self) { dlenv_log_f32($0, $1, $2) }
        } else {
            out = Elementwise.usesDouble(dtype) ? kernel(Double.self) : kernel(Float.self)
        }
        let saved: [Tensor]
        switch op {
        case .exp, .sqrt: saved = [out]
        default: saved = [self]
        }
        return out.recorded(op, [self], saved: saved, args: args)
    }

    public func exp() -> Tensor { unary(.exp) }
    public func log() -> Tensor { unary(.log) }
    public func sqrt() -> Tensor { unary(.sqrt) }
    public func abs() -> Tensor { unary(.abs) }
    public func sin() -> Tensor { unary(.sin) }
    public func cos() -> Tensor { unary(.cos) }
    /// `self ** exponent` for a scalar exponent.
    public func pow(_ exponent: Double) -> Tensor { unary(.powScalar, OpArgs(a: exponent)) }
    /// Clamps into `[min, max]`; the gradient passes at the bounds (inclusive, as torch.clamp).
    public func clamp(min: Double = -.infinity, max: Double = .infinity) -> Tensor {
        unary(.clamp, OpArgs(a: min, b: max))
    }
    /// `1 / self`.
    public func reciprocal() -> Tensor { 1.0 / self }
    /// `self * self`.
    public func square() -> Tensor { pow(2) }
}
