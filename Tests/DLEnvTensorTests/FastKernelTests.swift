import CDLEnvKernels
import Foundation
import Testing

@testable import DLEnvTensor

/// The AVX2+FMA C kernels (CDLEnvKernels) against the Swift SIMD kernels they replace on capable CPUs: same
/// formulas, so they must agree to float32 rounding (FMA changes only the last bits).
@Suite struct FastKernelTests {
    typealias Unary = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias Binary = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// Inputs over the interesting range plus the edges (±0, huge, NaN, ±inf); an odd count exercises the tail.
    static let inputs: [Float] = {
        var v = (0..<20_003).map { Float(-30 + 60 * Double($0) / 20_002) }
        v += [0, -0.0, 1e-30, -1e-30, 87, -87, 89, -89, 1e6, -1e6, .infinity, -.infinity, .nan]
        return v
    }()

    static func agree(_ a: [Float], _ b: [Float]) -> Float {
        var worst: Float = 0
        for (p, q) in zip(a, b) {
            if p.isNaN || q.isNaN {
                if p.isNaN != q.isNaN { return .infinity }
                continue
            }
            if p == q { continue }
            worst = Swift.max(worst, Swift.abs(p - q) / Swift.max(1, Swift.abs(q)))
        }
        return worst
    }

    static func run(_ n: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: n) { buf, count in
            body(buf.baseAddress!)
            count = n
        }
    }

    @Test(arguments: ["relu", "sigmoid", "gelu"])
    func forwardMatchesSwiftKernel(_ name: String) throws {
        try #require(dlenv_kernels_available() != 0, "CPU without AVX2+FMA: the C kernels are never used")
        let x = Self.inputs, n = x.count
        let (c, swift): (Unary, Unary) =
            switch name {
            case "relu":
                ({ dlenv_relu_f32($0, $1, $2) }, { FastActivation.loop(FastActivation.ReLU.self, $0, $1, 0..<$2) })
            case "sigmoid":
                (
                    { dlenv_sigmoid_f32($0, $1, $2) },
                    { FastActivation.loop(FastActivation.Sigmoid.self, $0, $1, 0..<$2) }
                )
            default: ({ dlenv_gelu_f32($0, $1, $2) }, { FastActivation.loop(FastActivation.GELU.self, $0, $1, 0..<$2) })
            }
        let viaC = x.withUnsafeBufferPointer { src in Self.run(n) { c(src.baseAddress!, $0, n) } }
        let viaSwift = x.withUnsafeBufferPointer { src in Self.run(n) { swift(src.baseAddress!, $0, n) } }
        #expect(Self.agree(viaC, viaSwift) < 1e-6, "\(name)")
        // gelu(-3) as torch's AVX2 kernel gives it (A&S erf), docs/tensor.md.
        if name == "gelu" {
            let g = [Float(-3)].withUnsafeBufferPointer { src in Self.run(1) { c(src.baseAddress!, $0, 1) } }
            #expect(Swift.abs(g[0] - -0.0040498674) < 1e-9)
        }
    }

    @Test(arguments: ["relu", "sigmoid", "gelu"])
    func backwardMatchesSwiftKernel(_ name: String) throws {
        try #require(dlenv_kernels_available() != 0, "CPU without AVX2+FMA: the C kernels are never used")
        let x = Self.inputs, n = x.count
        let y = x.map { 1 / (1 + Float.exp(-$0)) }
        let g = (0..<n).map { Float(1 + ($0 % 7)) * 0.25 }
        let first = name == "gelu" ? x : name == "sigmoid" ? y : x
        let (c, swift): (Binary, Binary) =
            switch name {
            case "relu":
                (
                    { dlenv_relu_backward_f32($0, $1, $2, $3) },
                    { FastActivation.loop2(FastActivation.ReLUBackward.self, $0, $1, $2, 0..<$3) }
                )
            case "sigmoid":
                (
                    { dlenv_sigmoid_backward_f32($0, $1, $2, $3) },
                    { FastActivation.loop2(FastActivation.SigmoidBackward.self, $0, $1, $2, 0..<$3) }
                )
            default:
                (
                    { dlenv_gelu_backward_f32($0, $1, $2, $3) },
                    { FastActivation.loop2(FastActivation.GELUBackward.self, $0, $1, $2, 0..<$3) }
                )
            }
        func apply(_ k: Binary) -> [Float] {
            first.withUnsafeBufferPointer { a in
                g.withUnsafeBufferPointer { b in Self.run(n) { k(a.baseAddress!, b.baseAddress!, $0, n) } }
            }
        }
        #expect(Self.agree(apply(c), apply(swift)) < 1e-6, "\(name)")
    }

    /// tanh, silu and gelu-tanh (C only) against the float32 formulas of the generic path they replace, forward
    /// and backward; tanh also to 4 ulp of the float64 value (no cancellation near 0).
    @Test(arguments: [Op.tanh, .silu, .geluTanh])
    func avx2OnlyKernelsMatchGenericFormulas(_ op: Op) throws {
        try #require(dlenv_kernels_available() != 0, "CPU without AVX2+FMA: the C kernels are never used")
        let x = Self.inputs, n = x.count
        let forward: Unary, backward: Binary
        switch op {
        case .tanh: (forward, backward) = ({ dlenv_tanh_f32($0, $1, $2) }, { dlenv_tanh_backward_f32($0, $1, $2, $3) })
        case .silu: (forward, backward) = ({ dlenv_silu_f32($0, $1, $2) }, { dlenv_silu_backward_f32($0, $1, $2, $3) })
        default:
            (forward, backward) = (
                { dlenv_gelu_tanh_f32($0, $1, $2) }, { dlenv_gelu_tanh_backward_f32($0, $1, $2, $3) }
            )
        }
        let y = x.withUnsafeBufferPointer { src in Self.run(n) { forward(src.baseAddress!, $0, n) } }
        let want = x.map { ActivationMath.forward(op, $0, 0, 0, 0) }
        #expect(Self.agree(y, want) < 1e-6, "\(op) forward")
        let g = (0..<n).map { Float(1 + ($0 % 7)) * 0.25 }
        let first = op == .tanh ? want : x  // tanh's backward reads the output
        let dx = first.withUnsafeBufferPointer { a in
            g.withUnsafeBufferPointer { b in Self.run(n) { backward(a.baseAddress!, b.baseAddress!, $0, n) } }
        }
        let wantDx = (0..<n).map { ActivationMath.backward(op, x[$0], want[$0], g[$0], 0, 0, 0) }
        #expect(Self.agree(dx, wantDx) < 1e-5, "\(op) backward")
        if op == .tanh {
            let ulps = zip(x, y).filter { $0.0.isFinite }.map { xi, yi in
                let ulp = Double(Swift.max(yi.ulp, .leastNormalMagnitude))
                return Swift.abs(Double(yi) - Foundation.tanh(Double(xi))) / ulp
            }
            #expect((ulps.max() ?? 0) <= 4)
        }
    }

    /// Large aligned results are written with streaming stores: bit for bit what the ordinary stores give (an
    /// unaligned destination takes those), tail included.
    @Test(arguments: ["relu", "sigmoid", "gelu", "tanh"])
    func streamingStoresWriteTheSameValues(_ name: String) throws {
        try #require(dlenv_kernels_available() != 0, "CPU without AVX2+FMA: the C kernels are never used")
        let n = (1 << 20) + 13
        let f: Unary =
            switch name {
            case "relu": { dlenv_relu_f32($0, $1, $2) }
            case "sigmoid": { dlenv_sigmoid_f32($0, $1, $2) }
            case "gelu": { dlenv_gelu_f32($0, $1, $2) }
            default: { dlenv_tanh_f32($0, $1, $2) }
            }
        let src = (0..<n).map { Self.inputs[$0 % Self.inputs.count] }
        let aligned = UnsafeMutableRawPointer.allocate(byteCount: (n + 8) * 4, alignment: 64)
        defer { aligned.deallocate() }
        let streamed = aligned.bindMemory(to: Float.self, capacity: n + 8)
        let unaligned = streamed + 1  // 4-byte offset: ordinary stores
        src.withUnsafeBufferPointer { f($0.baseAddress!, streamed, n) }
        let first = Array(UnsafeBufferPointer(start: streamed, count: n))
        src.withUnsafeBufferPointer { f($0.baseAddress!, unaligned, n) }
        let second = Array(UnsafeBufferPointer(start: unaligned, count: n))
        let same = zip(first, second).allSatisfy { $0.bitPattern == $1.bitPattern }
        #expect(same, "\(name)")
    }

    /// exp and log: within 2 ulp of libm on the polynomial's range, libm's own results on the edges (±0,
    /// negative, subnormal, ±inf, NaN, under- and overflow), tails of every length.
    @Test(arguments: ["exp", "log"])
    func expAndLogFollowLibm(_ name: String) throws {
        try #require(dlenv_kernels_available() != 0, "CPU without AVX2+FMA: the C kernels are never used")
        var x: [Float] = name == "exp" ? Self.inputs.map { $0 * 3.5 } : Self.inputs.map { Swift.abs($0) * 1e3 }
        x += [0, -0.0, -1, 1e-40, -1e-40, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 87.2, 87.4, -87.4, -103]
        x += [-104, 88.7, 88.8, 1, 2, .ulpOfOne, 1 - .ulpOfOne / 2, 0.70710677, 0.7071068, 1.17549435e-38]
        for n in [x.count, x.count - 1, x.count - 5, 7, 1] {
            let src = Array(x.prefix(n))
            let kernel: Unary = name == "exp" ? { dlenv_exp_f32($0, $1, $2) } : { dlenv_log_f32($0, $1, $2) }
            let got = src.withUnsafeBufferPointer { p in Self.run(n) { kernel(p.baseAddress!, $0, n) } }
            let want = src.map { name == "exp" ? Foundation.exp($0) : Foundation.log($0) }
            var worst = 0.0
            for (g, w) in zip(got, want) {
                if w.isNaN || w.isInfinite || w == 0 || !w.isNormal {
                    #expect(g.bitPattern == w.bitPattern || (g.isNaN && w.isNaN), "\(name): \(g) vs \(w)")
                    continue
                }
                worst = Swift.max(worst, Double(Swift.abs(g - w)) / Double(w.ulp))
            }
            #expect(worst <= 2, "\(name), \(n) elements: \(worst) ulp")
        }
        // Through the tensor API (autograd included): exp'(x) = exp(x), log'(x) = 1/x.
        let t = Tensor.linspace(0.5, 4, steps: 50_001).requiresGrad_()
        (name == "exp" ? t.exp() : t.log()).sum().backward()
        let g = t.grad!.toArray(), v = t.detach().toArray()
        let bad = zip(g, v).contains { gi, vi in
            let want = name == "exp" ? Foundation.exp(vi) : 1 / vi
            return Swift.abs(gi - want) > 1e-6 * Swift.max(1, Swift.abs(want))
        }
        #expect(!bad)
    }

    /// The optimizer's axpy: one FMA rounding per element, exactly `Float.addingProduct` (fmaf).
    @Test func axpyIsOneFusedMultiplyAdd() throws {
        try #require(dlenv_kernels_available() != 0, "CPU without AVX2+FMA: the C kernels are never used")
        let x = Self.inputs.map { $0 * 1.000_1 }
        for alpha: Float in [-0.01, 1e-5, 3.5] {
            var y = Self.inputs.reversed().map { $0 }
            let want = zip(x, y).map { $1.addingProduct($0, alpha) }
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    dlenv_axpy_f32(px.baseAddress!, alpha, py.baseAddress!, px.count)
                }
            }
            let same = zip(y, want).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            #expect(same, "alpha \(alpha)")
        }
    }

    @Test func tailsOfEveryLengthMatch() throws {
        try #require(dlenv_kernels_available() != 0, "CPU without AVX2+FMA: the C kernels are never used")
        // Lengths 1...17 cover the masked tail; values past n must stay untouched.
        let x: [Float] = (0..<17).map { Float($0) * 0.7 - 5 }
        for n in 1...17 {
            var out = [Float](repeating: 42, count: 20)
            x.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dlenv_gelu_f32(src.baseAddress!, $0.baseAddress!, n) }
            }
            var ref = [Float](repeating: 42, count: 20)
            x.withUnsafeBufferPointer { src in
                ref.withUnsafeMutableBufferPointer {
                    FastActivation.loop(FastActivation.GELU.self, src.baseAddress!, $0.baseAddress!, 0..<n)
                }
            }
            #expect(Self.agree(out, ref) < 1e-6, "n = \(n)")
            #expect(out[n...].allSatisfy { $0 == 42 }, "n = \(n)")
        }
    }
}
