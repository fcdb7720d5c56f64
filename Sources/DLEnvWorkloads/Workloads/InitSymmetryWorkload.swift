import DLEnvTensor

/// `init-symmetry`: a two-layer tanh network started from all zeros or all ones keeps every hidden unit
/// identical through training (each unit gets the same gradient), so it is no better than one unit; a random
/// start breaks the symmetry. Data and the random start come from SplitMix64 and are handed to the twin, so
/// core and torch train from identical numbers.
public struct InitSymmetryWorkload: Workload {
    public let id = "init-symmetry"
    public let summary = "zero or constant init keeps hidden units identical through training; random init breaks it"
    public let headline = "hidden_spread/random"
    public var tolerances: ToleranceRules { ToleranceRules(.relative(1e-4, atol: 1e-6)) }

    let hidden = 8, steps = 50, lr = 0.1
    let x: [[Double]], y: [[Double]], w1: [[Double]], w2: [[Double]]

    public init() {
        var rng = SplitMix64(seed: 11)
        x = rng.uniformMatrix(16, 4, -1, 1)
        y = rng.uniformMatrix(16, 1, -1, 1)
        w1 = rng.uniformMatrix(hidden, 4, -0.5, 0.5)
        w2 = rng.uniformMatrix(1, hidden, -0.5, 0.5)
    }

    public func twinData() -> JSONValue {
        [
            "hidden": .number(Double(hidden)), "lr": .number(lr), "steps": .number(Double(steps)),
            "x": .matrix(x), "y": .matrix(y), "w1": .matrix(w1), "w2": .matrix(w2),
        ]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        let xs = Tensor.matrix(x), ys = Tensor.matrix(y)
        var figures = Figures()
        for initName in ["zeros", "ones", "random"] {
            let w1t: Tensor, w2t: Tensor
            switch initName {
            case "random":
                w1t = Tensor.matrix(w1)
                w2t = Tensor.matrix(w2)
            default:
                let c = initName == "zeros" ? 0.0 : 1.0
                w1t = Tensor.full([hidden, 4], c)
                w2t = Tensor.full([1, hidden], c)
            }
            let b1 = Tensor.zeros([hidden]), b2 = Tensor.zeros([1])
            let params = [w1t, b1, w2t, b2].map { $0.requiresGrad_() }
            func forward() -> Tensor { (xs.matmul(w1t.T) + b1).tanh().matmul(w2t.T) + b2 }
            for _ in 0..<steps {
                forward().mse(ys).backward()
                Tensor.sgdStep(params, lr: lr)
            }
            let (loss, spread) = noGrad { (forward().mse(ys).item(), (w1t - w1t[0..<1]).abs().max().item()) }
            figures.set("hidden_spread/\(initName)", spread)
            figures.set("loss/\(initName)", loss)
        }
        let checks = [
            Check(
                "zeros stay symmetric", figures.scalar("hidden_spread/zeros") == 0,
                "max difference between hidden units \(fmt(figures.scalar("hidden_spread/zeros")))"),
            Check(
                "ones stay symmetric", figures.scalar("hidden_spread/ones") == 0,
                "max difference between hidden units \(fmt(figures.scalar("hidden_spread/ones")))"),
            Check(
                "random init breaks symmetry", figures.scalar("hidden_spread/random") > 0.05,
                "max difference between hidden units \(fmt(figures.scalar("hidden_spread/random"))) > 0.05"),
            Check(
                "broken symmetry fits better",
                figures.scalar("loss/random") < min(figures.scalar("loss/zeros"), figures.scalar("loss/ones")),
                "loss random \(fmt(figures.scalar("loss/random"))) < zeros \(fmt(figures.scalar("loss/zeros"))), ones \(fmt(figures.scalar("loss/ones")))"
            ),
        ]
        return (figures, checks)
    }
}
