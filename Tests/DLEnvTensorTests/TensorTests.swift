import Testing

@testable import DLEnvTensor

/// Shapes, views, broadcasting, dtypes and reading values.
@Suite struct TensorTests {
    @Test func creationAndReading() {
        let t = Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(t.dtype == .float32 && t.shape == [2, 3] && t.count == 6 && t.ndim == 2)
        #expect(Tensor([1, 2, 3]).dtype == .int64)
        #expect(Tensor([true, false]).dtype == .bool)
        #expect(Tensor(scalar: 2.5).shape == [] && Tensor(scalar: 2.5).item() == 2.5)
        #expect(Tensor.arange(5).toInt64Array() == [0, 1, 2, 3, 4])
        #expect(Tensor.arange(0, 1, step: 0.25).toArray() == [0, 0.25, 0.5, 0.75])
        #expect(Tensor.linspace(0, 1, steps: 5).toArray() == [0, 0.25, 0.5, 0.75, 1])
        #expect(Tensor.eye(2, 3).toArray() == [1, 0, 0, 0, 1, 0])
    }

    @Test func viewsShareStorage() {
        let t = Tensor([0.0, 1, 2, 3, 4, 5], shape: [2, 3])
        let tt = t.T
        #expect(tt.shape == [3, 2] && tt.toArray() == [0, 3, 1, 4, 2, 5] && !tt.isContiguous)
        let row = t[1]
        #expect(row.toArray() == [3, 4, 5])
        noGrad { row.fill_(9) }
        #expect(t.toArray() == [0, 1, 2, 9, 9, 9])
        #expect(t.slice(dim: 1, start: 0, end: 3, step: 2).toArray() == [0, 2, 9, 9])
        #expect(t.reshape([3, -1]).shape == [3, 2])
        #expect(t.unsqueeze(0).shape == [1, 2, 3] && t.unsqueeze(-1).shape == [2, 3, 1])
        #expect(t.unsqueeze(1).squeeze().shape == [2, 3])
        #expect(t.permute([1, 0]).contiguous().toArray() == [0, 9, 1, 9, 2, 9])
        #expect(t.flatten().shape == [6])
        #expect(t.split(2, dim: 1).map(\.shape) == [[2, 2], [2, 1]])
    }

    @Test func catStackExpand() {
        let a = Tensor([1.0, 2], shape: [1, 2]), b = Tensor([3.0, 4, 5, 6], shape: [2, 2])
        #expect(Tensor.cat([a, b]).toArray() == [1, 2, 3, 4, 5, 6])
        #expect(Tensor.stack([a, a]).shape == [2, 1, 2])
        #expect(a.expand([3, 2]).toArray() == [1, 2, 1, 2, 1, 2])
        #expect(Tensor.cat([b, b], dim: 1).toArray() == [3, 4, 3, 4, 5, 6, 5, 6])
    }

    @Test func broadcastingArithmetic() {
        let m = Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect((m + Tensor([10.0, 20, 30])).toArray() == [11, 22, 33, 14, 25, 36])
        #expect((m * Tensor([2.0, 3], shape: [2, 1])).toArray() == [2, 4, 6, 12, 15, 18])
        #expect((1.0 - m).toArray() == [0, -1, -2, -3, -4, -5])
        #expect((m / 2).toArray() == [0.5, 1, 1.5, 2, 2.5, 3])
        #expect(Tensor.where(m.gt(3), m, Tensor(scalar: 0)).toArray() == [0, 0, 0, 4, 5, 6])
    }

    @Test func typePromotion() {
        let f = Tensor([1.5]), i = Tensor([2]), h = Tensor([1.0], dtype: .float16)
        #expect((f + i).dtype == .float32)
        #expect((i + 2.5).dtype == .float32)
        #expect((i * 2).dtype == .int64)
        #expect((i / i).dtype == .float32)
        #expect((h + Tensor([1.0], dtype: .bfloat16)).dtype == .float32)
        #expect((h + Tensor(scalar: 1, dtype: .float64)).dtype == .float16)
        #expect((h + 2.5).dtype == .float16)
        #expect((Tensor([true]) + Tensor([true])).dtype == .bool)
    }

    @Test func float16RoundingAndOverflow() {
        let t = Tensor([65504, 65519.99, 65520, 1 + 1.0 / 2048, 1 + 3.0 / 2048])
        #expect(t.to(.float16).toArray() == [65504, 65504, .infinity, 1, 1 + 2.0 / 1024])
        #expect(Tensor([0.1]).to(.bfloat16).bits16() == [0x3DCD])
        #expect((Tensor([1.0], dtype: .float16) + Tensor([0.0004], dtype: .float16)).toArray() == [1])
    }

    @Test func reductionsAlongDims() {
        let x = Tensor([1.0, 5, 3, 4, 2, 6], shape: [2, 3])
        #expect(x.sum(dim: 1).toArray() == [9, 12])
        #expect(x.sum(dims: [0], keepdim: true).shape == [1, 3])
        #expect(x.mean().item() == 3.5)
        #expect(x.max(dim: 1).indices.toInt64Array() == [1, 2])
        #expect(x.min(dim: 0).values.toArray() == [1, 2, 3])
        #expect(x.argmax().item() == 5)
        #expect(Tensor([1, 2, 3]).sum().dtype == .int64)
    }

    /// Summing every dimension is one pass however it is asked for: `sum()`, every dim in any order, with or
    /// without keepdim give the same bits, and the gradient flows back through each form.
    @Test func sumOverEveryDimensionIsOnePath() {
        let x = Tensor((0..<60).map { Double($0) * 0.1 + 1e-3 }, shape: [3, 4, 5], dtype: .float32).requiresGrad_()
        let whole = x.sum()
        let named = x.sum(dims: [2, 0, 1])
        let kept = x.sum(dims: [0, 1, 2], keepdim: true)
        #expect(named.shape == [] && kept.shape == [1, 1, 1])
        #expect(whole.item().bitPattern == named.item().bitPattern && whole.item().bitPattern == kept.item().bitPattern)
        (whole + named + kept.reshape([])).backward()
        #expect(x.grad!.toArray() == [Double](repeating: 3, count: 60))
    }
}
