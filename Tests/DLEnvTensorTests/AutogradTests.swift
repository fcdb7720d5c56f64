import Testing

@testable import DLEnvTensor

/// Autograd semantics: accumulation, zero-grad, noGrad, detach, leaves.
@Suite struct AutogradTests {
    @Test func gradientsAccumulateAcrossBackwardCalls() {
        let w = Tensor([2.0, -1]).requiresGrad_()
        (w * w).sum().backward()
        #expect(w.grad?.toArray() == [4, -2])
        (w * 3).sum().backward()
        #expect(w.grad?.toArray() == [7, 1])
        w.zeroGrad()
        #expect(w.grad == nil)
    }

    @Test func sharedSubexpressionsSumTheirGradients() throws {
        let x = Tensor([3.0], dtype: .float64).requiresGrad_()
        let y = x * x
        (y + y * x).sum().backward()  // d/dx (x² + x³) = 2x + 3x²
        let g = try #require(x.grad).item()
        #expect(g == 33, "got \(g)")
    }

    @Test func aSharedSubgraphServesSeveralBackwardCalls() {
        let w = Tensor([1.5], dtype: .float64).requiresGrad_()
        let shared = w * w
        for k in 1...5 {
            (shared * Double(k)).sum().backward()
            #expect(w.grad?.item() == 3.0 * Double(k * (k + 1) / 2), "call \(k)")
        }
    }

    @Test func noGradRecordsNothing() {
        let x = Tensor([1.0]).requiresGrad_()
        let y = noGrad { x * 2 }
        #expect(!y.requiresGrad && y.isLeaf)
        #expect(!GradMode.isEnabled == false)
        let z = noGrad { enableGrad { x * 2 } }
        #expect(z.requiresGrad)
    }

    @Test func detachCutsTheGraph() {
        let x = Tensor([2.0]).requiresGrad_()
        let y = (x.detach() * x).sum()
        y.backward()
        #expect(x.grad?.item() == 2)
    }

    @Test func leavesWithoutRequiresGradGetNothing() {
        let a = Tensor([1.0, 2]), b = Tensor([3.0, 4]).requiresGrad_()
        (a * b).sum().backward()
        #expect(a.grad == nil && b.grad?.toArray() == [1, 2])
        #expect(b.isLeaf && !(a * b).isLeaf)
    }

    @Test func kinkConventions() {
        // numerics.md §2.2 / §8.5: relu'(0) = 0, clamp passes at the bounds, hardtanh does not,
        // maximum splits ties, max(dim) sends the gradient to the first index.
        let x = Tensor([0.0, 1, -1]).requiresGrad_()
        x.relu().sum().backward()
        #expect(x.grad?.toArray() == [0, 1, 0])
        x.zeroGrad()
        x.clamp(min: -1, max: 1).sum().backward()
        #expect(x.grad?.toArray() == [1, 1, 1])
        x.zeroGrad()
        x.hardtanh().sum().backward()
        #expect(x.grad?.toArray() == [1, 0, 0])
        x.zeroGrad()
        x.maximum(Tensor([0.0, 0, 0])).sum().backward()
        #expect(x.grad?.toArray() == [0.5, 1, 0])
        let t = Tensor([2.0, 2, 1]).requiresGrad_()
        t.max(dim: 0).values.backward()
        #expect(t.grad?.toArray() == [1, 0, 0])
    }

    @Test func inPlaceUpdatesUseOneRounding() {
        let p = Tensor([Float(0.1), 1e8, -3])
        let g = Tensor([Float(0.3), 1, 7])
        noGrad { p.add_(g, alpha: -0.01) }
        let alpha = Float(-0.01)
        #expect(p.toFloatArray() == [Float.fma(0.3, alpha, 0.1), Float.fma(1, alpha, 1e8), Float.fma(7, alpha, -3)])
        let m = Tensor([Float(1), 2])
        m.lerp_(Tensor([Float(3), 6]), weight: 0.1)
        #expect(m.toFloatArray() == [Float.fma(0.1, 2, 1), Float.fma(0.1, 4, 2)])
    }

    @Test func uniformFillsInMemoryOrder() {
        // torch fills a transposed tensor in storage order, not logical order.
        let base = Tensor.zeros([3, 2])
        noGrad { base.T.uniform_(generator: Generator(seed: 5)) }
        let dense = Tensor.zeros([3, 2]).uniform_(generator: Generator(seed: 5))
        #expect(base.toArray() == dense.toArray())
    }

    @Test func fastKernelsAgreeWithScalarFormulas() {
        // Large contiguous float32 tensors take the SIMD kernels; compare with the float64 reference.
        let x = Tensor.linspace(-12, 12, steps: 100_003)
        for (name, f): (String, (Tensor) -> Tensor) in [
            ("relu", { $0.relu() }), ("sigmoid", { $0.sigmoid() }), ("gelu", { $0.gelu() }),
        ] {
            let fast = f(x).toArray(), reference = f(x.to(.float64)).toArray()
            let worst = zip(fast, reference).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
            #expect(worst < 1e-6, "\(name): \(worst)")
        }
        let withNaN = Tensor.full([50_000], .nan)
        #expect(withNaN.sigmoid().toArray().allSatisfy(\.isNaN) && withNaN.gelu().toArray().allSatisfy(\.isNaN))
        let xg = Tensor.linspace(-6, 6, steps: 70_001).requiresGrad_()
        xg.gelu().sum().backward()
        let x64 = xg.detach().to(.float64).requiresGrad_()
        x64.gelu().sum().backward()
        let worst = zip(xg.grad!.toArray(), x64.grad!.toArray()).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-6)
    }

    /// backward() keeps a fresh gradient as `grad` without copying it; nothing shared may be kept that way.
    @Test func keptGradientsNeverAlias() {
        // add sends the same gradient to both inputs: each leaf must get its own tensor.
        let a = Tensor([1.0, 2, 3]).requiresGrad_(), b = Tensor([4.0, 5, 6]).requiresGrad_()
        (a + b).sum().backward()
        noGrad { _ = a.grad!.add_(Tensor([10.0, 10, 10])) }
        #expect(b.grad!.toArray() == [1, 1, 1])
        #expect(a.grad!.toArray() == [11, 11, 11])
        // A seed the caller holds, passed through clone, is copied.
        let x = Tensor([1.0, 2, 3]).requiresGrad_(), seed = Tensor([1.0, 1, 1])
        x.clone().backward(seed)
        noGrad { _ = x.grad!.mul_(3) }
        #expect(seed.toArray() == [1, 1, 1])
        // A view of a gradient (reshape) is copied too; the weight's fresh gradient accumulates on later calls.
        let w = Tensor([1.0, 2, 3, 4], shape: [2, 2]).requiresGrad_(), v = Tensor([1.0, 2, 3, 4]).requiresGrad_()
        for _ in 0..<2 { (Tensor.ones([3, 2]).linear(weight: w) + v.reshape([2, 2]).sum()).sum().backward() }
        #expect(w.grad!.toArray() == [6, 6, 6, 6])
        #expect(v.grad!.toArray() == [12, 12, 12, 12])
    }
}
