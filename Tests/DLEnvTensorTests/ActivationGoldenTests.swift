import Testing

@testable import DLEnvTensor

/// Activation values and gradients against torch 2.13.0 at fixed points including every kink
/// (Goldens/activations.json): float32 within 1e-6 relative, float64 within 1e-12.
@Suite struct ActivationGoldenTests {
    nonisolated(unsafe) static let file = Golden.load("activations.json")
    nonisolated(unsafe) static let elementwise = file["elementwise"] as! [[String: Any]]
    nonisolated(unsafe) static let dimwise = file["dimwise"] as! [[String: Any]]

    nonisolated(unsafe) static let functions: [String: (Tensor) -> Tensor] = [
        "relu": { $0.relu() }, "relu6": { $0.relu6() }, "leaky_relu": { $0.leakyRelu() },
        "leaky_relu_0.2": { $0.leakyRelu(negativeSlope: 0.2) }, "rrelu_eval": { $0.rrelu() },
        "elu": { $0.elu() }, "elu_0.5": { $0.elu(alpha: 0.5) }, "selu": { $0.selu() }, "celu": { $0.celu() },
        "celu_2": { $0.celu(alpha: 2) }, "gelu": { $0.gelu() }, "gelu_tanh": { $0.gelu(approximate: .tanh) },
        "silu": { $0.silu() }, "mish": { $0.mish() }, "sigmoid": { $0.sigmoid() }, "tanh": { $0.tanh() },
        "softplus": { $0.softplus() }, "softplus_2_1": { $0.softplus(beta: 2, threshold: 1) },
        "softsign": { $0.softsign() }, "hardtanh": { $0.hardtanh() },
        "hardtanh_-2_2.5": { $0.hardtanh(minVal: -2, maxVal: 2.5) }, "hardsigmoid": { $0.hardsigmoid() },
        "hardswish": { $0.hardswish() }, "hardshrink": { $0.hardshrink() }, "softshrink": { $0.softshrink() },
        "tanhshrink": { $0.tanhshrink() }, "threshold_0.5_-1": { $0.threshold(0.5, value: -1) },
        "logsigmoid": { $0.logsigmoid() }, "prelu_0.25": { $0.prelu(Tensor([0.25], dtype: $0.dtype)) },
    ]

    @Test(arguments: elementwise.indices)
    func elementwiseMatchesTorch(_ i: Int) throws {
        let c = Self.elementwise[i]
        let name = c["name"] as! String
        let dtype = DType(rawValue: c["dtype"] as! String)!
        let f = try #require(Self.functions[name], "no Swift function for \(name)")
        let x = Tensor(Golden.doubles(c["x"]), dtype: dtype).requiresGrad_()
        let y = f(x)
        y.sum().backward()
        let rtol = dtype == .float32 ? 1e-6 : 1e-12
        // float32: 1e-6 absolute or relative. torch's vectorised float kernels are not correctly rounded near
        // zero (gelu(-3) = -0.0040498674 in torch, -0.0040496886 exactly), so tiny values differ absolutely.
        let atol = dtype == .float32 ? 1e-6 : 1e-15
        let points = Golden.doubles(c["x"])
        for (k, (got, want)) in zip(y.toArray(), Golden.doubles(c["y"])).enumerated() {
            #expect(
                Golden.close(got, want, rtol: rtol, atol: atol),
                "\(name) \(dtype) y(\(points[k])) = \(got), torch \(want)")
        }
        let grads = x.grad?.toArray() ?? []
        for (k, (got, want)) in zip(grads, Golden.doubles(c["grad"])).enumerated() {
            #expect(
                Golden.close(got, want, rtol: rtol, atol: atol),
                "\(name) \(dtype) y'(\(points[k])) = \(got), torch \(want)")
        }
    }

    nonisolated(unsafe) static let dimFunctions: [String: (Tensor) -> Tensor] = [
        "softmax": { $0.softmax(dim: 1) }, "log_softmax": { $0.logSoftmax(dim: 1) }, "softmin": { $0.softmin(dim: 1) },
        "softmax_dim0": { $0.softmax(dim: 0) }, "glu": { $0.slice(dim: 1, start: 0, end: 4).glu(dim: 1) },
    ]

    @Test(arguments: dimwise.indices)
    func dimensionwiseMatchesTorch(_ i: Int) throws {
        let c = Self.dimwise[i]
        let name = c["name"] as! String
        let f = try #require(Self.dimFunctions[name])
        let x = Tensor(Golden.doubles(c["x"]), shape: c["shape"] as! [Int]).requiresGrad_()
        let y = f(x)
        let w = Tensor(Golden.doubles(c["w"]), shape: c["y_shape"] as! [Int])
        (y * w).sum().backward()
        for (got, want) in zip(y.toArray(), Golden.doubles(c["y"])) {
            #expect(Golden.close(got, want, rtol: 1e-6, atol: 1e-7), "\(name): \(got) vs torch \(want)")
        }
        for (got, want) in zip(x.grad!.toArray(), Golden.doubles(c["grad"])) {
            #expect(Golden.close(got, want, rtol: 1e-6, atol: 1e-7), "\(name) grad: \(got) vs torch \(want)")
        }
    }
}
