import Testing

@testable import DLEnvTensor

/// Matrix products: the BLAS path against the built-in kernel and a naive triple loop.
@Suite struct LinearAlgebraTests {
    static func naive(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for p in 0..<k { for j in 0..<n { c[i * n + j] += a[i * k + p] * b[p * n + j] } } }
        return c
    }

    @Test(arguments: [(1, 1, 1), (3, 5, 7), (64, 33, 65), (70, 80, 90)])
    func matmulMatchesNaive(_ dims: (Int, Int, Int)) {
        let (m, k, n) = dims
        let av = GradientCheck.values(m * k, seed: 1), bv = GradientCheck.values(k * n, seed: 2)
        let want = Self.naive(av, bv, m: m, k: k, n: n)
        for dtype in [DType.float64, .float32] {
            let a = Tensor(av, shape: [m, k], dtype: dtype), b = Tensor(bv, shape: [k, n], dtype: dtype)
            let tol = dtype == .float64 ? 1e-12 : 1e-4
            let got = a.matmul(b).toArray()
            #expect(zip(got, want).allSatisfy { Swift.abs($0 - $1) <= tol * (1 + Swift.abs($1)) }, "\(dtype) \(dims)")
            // Transposed operands take the BLAS transpose flags instead of copies.
            let gotT = a.T.contiguous().T.matmul(b.T.contiguous().T).toArray()
            #expect(
                zip(gotT, want).allSatisfy { Swift.abs($0 - $1) <= tol * (1 + Swift.abs($1)) }, "\(dtype) T \(dims)")
        }
    }

    @Test func builtInKernelMatchesBLAS() {
        let m = 67, k = 129, n = 45
        let a = Tensor(GradientCheck.values(m * k, seed: 3), shape: [m, k], dtype: .float64)
        let b = Tensor(GradientCheck.values(k * n, seed: 4), shape: [n, k], dtype: .float64)
        let viaOps = a.matmul(b.T).toArray()
        var out = [Double](repeating: 0, count: m * n)
        out.withUnsafeMutableBufferPointer { c in
            GEMM.builtIn(
                transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: a.pointer(Double.self), lda: k,
                b: b.pointer(Double.self), ldb: k, beta: 0, c: c.baseAddress!, ldc: n)
        }
        #expect(zip(out, viaOps).allSatisfy { Swift.abs($0 - $1) < 1e-10 })
    }

    @Test func batchedAndBroadcastMatmul() {
        let a = Tensor(GradientCheck.values(2 * 3 * 4, seed: 5), shape: [2, 3, 4], dtype: .float64)
        let b = Tensor(GradientCheck.values(4 * 5, seed: 6), shape: [4, 5], dtype: .float64)
        let batched = a.matmul(b.expand([2, 4, 5]))
        let folded = a.matmul(b)
        #expect(batched.shape == [2, 3, 5])
        #expect(batched.toArray() == folded.toArray())
        #expect(a.bmm(b.expand([2, 4, 5])).toArray() == folded.toArray())
        #expect(Tensor([1.0, 2, 3]).matmul(Tensor([4.0, 5, 6])).item() == 32)
    }

    @Test func linearWeightGradientKeepsTheWeightLayout() {
        // linear computes x @ wᵀ; the weight's gradient is cᵀ x and must come back contiguous [out, in].
        for batchShape in [[3], [2, 3]] {
            let x = Tensor(
                GradientCheck.values(batchShape.reduce(1, *) * 4, seed: 9), shape: batchShape + [4], dtype: .float64)
            let w = GradientCheck.leaf([5, 4], seed: 10)
            let c = Tensor(
                GradientCheck.values(batchShape.reduce(1, *) * 5, seed: 11), shape: batchShape + [5], dtype: .float64)
            (x.linear(weight: w) * c).sum().backward()
            let want = c.reshape([-1, 5]).T.matmul(x.reshape([-1, 4]))
            #expect(w.grad!.isContiguous && w.grad!.shape == [5, 4])
            #expect(zip(w.grad!.toArray(), want.toArray()).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        }
    }

    @Test func blasInfoDescribesTheLibrary() {
        let info = BLASInfo.current
        if let library = info.library {
            #expect(BLAS.candidates.contains(library))
            #expect(info.threads >= 1)
        } else {
            #expect(info.isBuiltIn)
        }
    }

    @Test func coreTypeFromCPUFlags() {
        #expect(
            CPUFeatures(cpuinfo: "vendor_id\t: GenuineIntel\nflags\t\t: avx2 fma avx512f avx512bw avx512vl\n")
                .openBLASCoreType == "SkylakeX")
        // Zen 4: the same AVX-512 core (the probe reports this one choice too, DLEnvCore.OpenBLASCoreChoice).
        #expect(
            CPUFeatures(cpuinfo: "vendor_id\t: AuthenticAMD\nflags\t\t: avx2 fma avx512f avx512bw avx512vl\n")
                .openBLASCoreType == "SkylakeX")
        // AVX-512F alone (Knights Landing) lacks what OpenBLAS's SkylakeX kernels use.
        #expect(
            CPUFeatures(cpuinfo: "vendor_id\t: GenuineIntel\nflags\t\t: avx2 fma avx512f\n").openBLASCoreType
                == "Haswell")
        #expect(
            CPUFeatures(cpuinfo: "vendor_id\t: GenuineIntel\nflags\t\t: sse avx avx2 fma\n").openBLASCoreType
                == "Haswell")
        #expect(
            CPUFeatures(cpuinfo: "vendor_id\t: AuthenticAMD\nflags\t\t: sse avx avx2 fma\n").openBLASCoreType == "Zen")
        #expect(CPUFeatures(cpuinfo: "flags\t\t: sse sse2\n").openBLASCoreType == nil)
    }

    @Test func conv2dMatchesDirectConvolution() {
        let x = Tensor(GradientCheck.values(2 * 3 * 5 * 6, seed: 7), shape: [2, 3, 5, 6], dtype: .float64)
        let w = Tensor(GradientCheck.values(4 * 3 * 3 * 2, seed: 8), shape: [4, 3, 3, 2], dtype: .float64)
        let bias = Tensor([0.5, -1, 2, 0], dtype: .float64)
        let y = x.conv2d(weight: w, bias: bias, stride: (2, 1), padding: (1, 0))
        #expect(y.shape == [2, 4, 3, 5])
        let xv = x.toArray(), wv = w.toArray(), yv = y.toArray()
        var worst = 0.0
        for n in 0..<2 {
            for o in 0..<4 {
                for oy in 0..<3 {
                    for ox in 0..<5 {
                        var s = bias.toArray()[o]
                        for c in 0..<3 {
                            for ki in 0..<3 {
                                for kj in 0..<2 {
                                    let iy = oy * 2 - 1 + ki, ix = ox + kj
                                    if iy < 0 || iy >= 5 { continue }
                                    s += xv[((n * 3 + c) * 5 + iy) * 6 + ix] * wv[((o * 3 + c) * 3 + ki) * 2 + kj]
                                }
                            }
                        }
                        worst = Swift.max(worst, Swift.abs(s - yv[((n * 4 + o) * 3 + oy) * 5 + ox]))
                    }
                }
            }
        }
        #expect(worst < 1e-12)
    }

    /// The fused linear primitive against the composed `x @ wᵀ + b`: values and every gradient, over input
    /// ranks, weight layouts (contiguous, transposed view), with and without bias, float32 and float64, and
    /// sizes on both sides of the built-in/BLAS switch.
    @Test(arguments: [
        ([3], false), ([4, 3], false), ([2, 4, 3], true), ([40, 48], false), ([40, 48], true),
    ])
    func fusedLinearMatchesComposition(_ inputShape: [Int], transposedWeight: Bool) {
        for dtype in [DType.float32, .float64] {
            for withBias in [true, false] {
                let inF = inputShape.last!, outF = inF == 3 ? 5 : 36
                func make(_ shape: [Int], _ seed: UInt64) -> Tensor {
                    Tensor(GradientCheck.values(shape.reduce(1, *), seed: seed), shape: shape, dtype: dtype)
                }
                let xv = make(inputShape, 1)
                let wv = transposedWeight ? make([inF, outF], 2).T : make([outF, inF], 2)
                let bv = make([outF], 3)
                func run(_ fused: Bool) -> (y: [Double], grads: [[Double]]) {
                    let x = xv.clone().requiresGrad_(), w = wv.detach().requiresGrad_()
                    let b = bv.clone().requiresGrad_()
                    let y: Tensor
                    if fused {
                        y = x.linear(weight: w, bias: withBias ? b : nil)
                    } else {
                        let p = x.matmul(w.T)
                        y = withBias ? p + b : p
                    }
                    (y * y).sum().backward()
                    let grads = [x.grad, w.grad] + (withBias ? [b.grad] : [])
                    return (y.toArray(), grads.map { $0!.toArray() })
                }
                let fused = run(true), composed = run(false)
                let tol = dtype == .float64 ? 1e-12 : 1e-5
                // Largest difference relative to the largest magnitude (sums of products cancel).
                func error(_ a: [Double], _ b: [Double]) -> Double {
                    guard a.count == b.count else { return .infinity }
                    let scale = b.map(Swift.abs).max() ?? 1
                    return zip(a, b).map { Swift.abs($0 - $1) }.max().map { $0 / Swift.max(scale, 1) } ?? 0
                }
                let valueError = error(fused.y, composed.y)
                #expect(valueError <= tol, "values, \(dtype) bias \(withBias)")
                #expect(fused.grads.count == composed.grads.count)
                for (i, (g1, g2)) in zip(fused.grads, composed.grads).enumerated() {
                    let e = error(g1, g2)
                    #expect(e <= tol, "gradient \(i), \(dtype) bias \(withBias)")
                }
            }
        }
    }

    @Test("linear records one node, and nothing under noGrad or without grad-requiring inputs")
    func linearGraph() {
        let x = Tensor.ones([2, 3]), w = Tensor.ones([4, 3]).requiresGrad_(), b = Tensor.zeros([4]).requiresGrad_()
        let y = x.linear(weight: w, bias: b)
        #expect(y.toArray() == [Double](repeating: 3, count: 8))
        #expect(y.gradFn?.op == .linear && y.gradFn?.inputs.count == 3)
        #expect(noGrad { x.linear(weight: w, bias: b) }.isLeaf)
        #expect(x.linear(weight: w.detach()).isLeaf)
        // A float16 weight is not fused: the composed path promotes the dtypes.
        #expect(x.linear(weight: Tensor.ones([4, 3], dtype: .float16)).dtype == .float32)
    }
}

/// The FMA throughput probe `bench` divides its GEMM figures by: it runs on every core within its budget and says
/// which vector unit it used (its speed is measured by `dlenv bench`, not judged here).
@Suite struct FMAThroughputTests {
    @Test func measuresOnEveryCoreWithinItsBudget() {
        let m = FMAThroughput.measure(budget: 0.04)
        #expect(m.gflops > 0 && m.threads >= 1)
        #expect(["AVX-512", "AVX2+FMA", "SSE", "scalar"].contains(m.unit))
        #expect(m.seconds < 2)
        #expect(FMAThroughput.measure(budget: 0.02, threads: 1).threads == 1)
    }
}
