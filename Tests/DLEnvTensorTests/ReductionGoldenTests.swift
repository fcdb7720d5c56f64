import Testing

@testable import DLEnvTensor

/// Reductions against torch 2.13.0 (Goldens/reductions.json), float32 within 1e-6.
@Suite struct ReductionGoldenTests {
    nonisolated(unsafe) static let r = Golden.load("reductions.json")["reductions"] as! [String: Any]

    static func expectClose(_ t: Tensor, _ key: String) {
        let want = Golden.doubles(r[key])
        #expect(t.count == want.count, "\(key): \(t.count) values, torch \(want.count)")
        for (got, w) in zip(t.toArray(), want) {
            #expect(Golden.close(got, w, rtol: 1e-6, atol: 1e-7), "\(key): \(got) vs torch \(w)")
        }
    }

    @Test func reductionsMatchTorch() {
        let x = Tensor(Golden.doubles(Self.r["x"]), shape: Self.r["shape"] as! [Int])
        Self.expectClose(x.sum(), "sum")
        Self.expectClose(x.sum(dim: 0), "sum_dim0")
        Self.expectClose(x.sum(dim: 1), "sum_dim1")
        Self.expectClose(x.mean(dim: 1), "mean_dim1")
        Self.expectClose(x.variance(dims: [1]), "var_dim1")
        Self.expectClose(x.variance(dims: [0], correction: 0), "var_dim0_unbiased_false")
        Self.expectClose(x.std(), "std_all")
        Self.expectClose(x.logsumexp(dim: 1), "logsumexp_dim1")
        let mx = x.max(dim: 1)
        Self.expectClose(mx.values, "max_dim1_values")
        #expect(mx.indices.toInt64Array() == (Self.r["max_dim1_indices"] as! [Int]).map(Int64.init))
        let mn = x.min(dim: 0)
        Self.expectClose(mn.values, "min_dim0_values")
        #expect(mn.indices.toInt64Array() == (Self.r["min_dim0_indices"] as! [Int]).map(Int64.init))
        #expect(x.argmax().item() == Double(Self.r["argmax"] as! Int))
        #expect(x.argmax(dim: 0).toInt64Array() == (Self.r["argmax_dim0"] as! [Int]).map(Int64.init))
        Self.expectClose(Tensor.ones([4096], dtype: .float16).sum().to(.float32), "float16_sum_4096_ones")
    }

    @Test func maxGradientGoesToTheFirstIndex() {
        let x = Tensor(Golden.doubles(Self.r["x"]), shape: Self.r["shape"] as! [Int]).requiresGrad_()
        x.max(dim: 1).values.sum().backward()
        Self.expectClose(x.grad!, "max_dim1_grad")
    }
}
