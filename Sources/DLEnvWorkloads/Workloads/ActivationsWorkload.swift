import DLEnvTensor

/// `activations`: every torch activation's value and gradient at fixed points, kinks included (torch's
/// conventions: relu'(0) = 0, hardtanh strict inside, ELU's negative branch at 0 …, numerics.md §2), in float64;
/// the saturation of sigmoid and tanh (gradient below 1e-4 at |x| = 10, float32); and dead ReLUs: the fraction of
/// hidden units that output 0 for every input after one step with a too large learning rate.
public struct ActivationsWorkload: Workload {
    public let id = "activations"
    public let summary =
        "activation values and gradients at kinks, sigmoid/tanh saturation, dead ReLUs after a bad step"
    public let headline = "dead_relu/after"
    public var tolerances: ToleranceRules {
        ToleranceRules(
            .relative(1e-12, atol: 1e-15),
            [("saturation/", .relative(1e-5, atol: 1e-9)), ("dead_relu/", .relative(0, atol: 1.0 / 64 + 1e-9))])
    }

    /// Points on both sides of every kink (0, ±0.5, ±1, ±3, 6) and deep in the saturated tails.
    let points: [Double] = [-20, -10, -6, -3, -2.5, -1, -0.5, 0, 0.5, 1, 2.5, 3, 6, 10, 20, 25]
    let deadLR = 3.0
    let deadW: [[Double]], deadX: [[Double]]

    public init() {
        var rng = SplitMix64(seed: 23)
        // Kaiming-normal weights for 10 inputs, zero bias: healthy before the step.
        deadW = rng.normalMatrix(64, 10, std: (2.0 / 10).squareRoot())
        deadX = rng.normalMatrix(128, 10)
    }

    /// The activations, by torch.nn.functional name.
    static let table: [(String, @Sendable (Tensor) -> Tensor)] = [
        ("relu", { $0.relu() }), ("relu6", { $0.relu6() }), ("leaky_relu", { $0.leakyRelu() }),
        ("elu", { $0.elu() }), ("selu", { $0.selu() }), ("celu", { $0.celu() }), ("gelu", { $0.gelu() }),
        ("gelu_tanh", { $0.gelu(approximate: .tanh) }), ("silu", { $0.silu() }), ("mish", { $0.mish() }),
        ("sigmoid", { $0.sigmoid() }), ("tanh", { $0.tanh() }), ("softplus", { $0.softplus() }),
        ("softsign", { $0.softsign() }), ("hardsigmoid", { $0.hardsigmoid() }), ("hardswish", { $0.hardswish() }),
        ("hardtanh", { $0.hardtanh() }), ("hardshrink", { $0.hardshrink() }), ("softshrink", { $0.softshrink() }),
        ("tanhshrink", { $0.tanhshrink() }), ("logsigmoid", { $0.logsigmoid() }),
    ]

    public func twinData() -> JSONValue {
        [
            "points": .numbers(points), "dead_lr": .number(deadLR), "dead_w": .matrix(deadW),
            "dead_b": .numbers(Array(repeating: 0, count: deadW.count)), "dead_x": .matrix(deadX),
        ]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        var figures = Figures()
        for (name, f) in Self.table {
            let x = Tensor.vector(points, dtype: .float64).requiresGrad_()
            let y = f(x)
            y.sum().backward()
            figures.set("value/\(name)", y.detach().toArray())
            figures.set("grad/\(name)", x.grad?.toArray() ?? [])
        }
        for (name, f) in [("sigmoid", { (t: Tensor) in t.sigmoid() }), ("tanh", { (t: Tensor) in t.tanh() })] {
            let x = Tensor.vector([-10, 10]).requiresGrad_()
            f(x).sum().backward()
            figures.set("saturation/\(name)_grad_at_10", x.grad?.abs().max().item() ?? .nan)
        }
        let w = Tensor.matrix(deadW).requiresGrad_()
        let b = Tensor.zeros([deadW.count]).requiresGrad_()
        let x = Tensor.matrix(deadX)
        let h = (x.matmul(w.T) + b).relu()
        let deadBefore = Self.deadFraction(h.detach())
        (h.sum() / Double(deadX.count)).backward()
        Tensor.sgdStep([w, b], lr: deadLR)
        let deadAfter = noGrad { Self.deadFraction((x.matmul(w.T) + b).relu()) }
        figures.set("dead_relu/before", deadBefore)
        figures.set("dead_relu/after", deadAfter)

        let kinks: [(String, Int, Double)] = [
            ("relu'(0) = 0", 7, 0), ("hardtanh'(1) = 0 (strict inside)", 9, 0), ("relu6'(6) = 0", 12, 0),
        ]
        var checks = kinks.map { (label, index, want) -> Check in
            let fig =
                label.hasPrefix("relu'") ? "grad/relu" : label.hasPrefix("hardtanh") ? "grad/hardtanh" : "grad/relu6"
            let got = figures[fig]?[index] ?? .nan
            return Check(label, got == want, "\(fig) at x = \(fmt(points[index])): \(fmt(got))")
        }
        for name in ["sigmoid", "tanh"] {
            let g = figures.scalar("saturation/\(name)_grad_at_10")
            checks.append(Check("\(name) saturates", g < 1e-4, "|gradient| at |x| = 10: \(fmt(g)) < 1e-4"))
        }
        checks.append(
            Check(
                "a bad step kills ReLUs", deadAfter >= 0.25 && deadAfter > deadBefore,
                "dead units \(fmt(deadBefore * 100)) % before, \(fmt(deadAfter * 100)) % after one step with lr \(fmt(deadLR))"
            ))
        return (figures, checks)
    }

    /// The fraction of columns (units) whose every output is 0.
    static func deadFraction(_ h: Tensor) -> Double {
        h.max(dim: 0).values.eq(0).to(.float32).mean().item()
    }
}

extension ActivationsWorkload {
    /// Values and gradients of the named activations on an even grid (float64, on the core), for plots.
    public static func curves(_ names: [String], from a: Double = -6, to b: Double = 6, count: Int = 241)
        -> [(name: String, x: [Double], value: [Double], gradient: [Double])]
    {
        let xs = (0..<count).map { a + (b - a) * Double($0) / Double(count - 1) }
        return names.compactMap { name in
            guard let f = table.first(where: { $0.0 == name })?.1 else { return nil }
            let x = Tensor.vector(xs, dtype: .float64).requiresGrad_()
            let y = f(x)
            y.sum().backward()
            return (name, xs, y.detach().toArray(), x.grad?.toArray() ?? [])
        }
    }
}
