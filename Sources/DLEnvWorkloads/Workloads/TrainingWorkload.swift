import DLEnvNN
import DLEnvTensor

/// `training`: a small classifier (2 → 32 tanh → 3, three interleaved spiral arms, 150 points, full batch,
/// cross-entropy) trained from the same start with SGD (momentum), Adam, AdamW, RMSprop and Adagrad; each must
/// reach the target loss within the step budget. Core and twin start from identical weights (handed over in the
/// data), so their loss curves agree closely.
public struct TrainingWorkload: Workload {
    public let id = "training"
    public let summary = "a small classifier reaches the target loss within N steps with each optimizer"
    public let headline = "final_loss/adam"
    public var tolerances: ToleranceRules {
        ToleranceRules(.relative(2e-3, atol: 1e-5), [("steps_to_target/", .relative(0.05, atol: 2))])
    }

    let hidden = 32, steps = 200, quickSteps = 120, target = 0.3, curveEvery = 10
    let x: [[Double]], labels: [Int], w1: [[Double]], b1: [Double], w2: [[Double]], b2: [Double]

    /// (id, torch class, torch keyword arguments, builder)
    static let optimizers: [(id: String, cls: String, kwargs: JSONValue)] = [
        ("sgd", "SGD", ["lr": 0.5, "momentum": 0.9]), ("adam", "Adam", ["lr": 0.05]),
        ("adamw", "AdamW", ["lr": 0.05, "weight_decay": 0.01]), ("rmsprop", "RMSprop", ["lr": 0.01]),
        ("adagrad", "Adagrad", ["lr": 0.5]),
    ]

    public init() {
        var rng = SplitMix64(seed: 41)
        var xs: [[Double]] = [], ys: [Int] = []
        for c in 0..<3 {
            for i in 0..<50 {
                let t = Double(i) / 50, angle = Double(c) * 2.1 + t * 3 + 0.25 * rng.normal()
                xs.append([t * _cos(angle), t * _sin(angle)])
                ys.append(c)
            }
        }
        x = xs
        labels = ys
        // torch.nn.Linear's default init: U(−1/sqrt(fan_in), 1/sqrt(fan_in)).
        let a1 = 1 / 2.0.squareRoot(), a2 = 1 / Double(hidden).squareRoot()
        w1 = rng.uniformMatrix(hidden, 2, -a1, a1)
        b1 = rng.uniformMatrix(1, hidden, -a1, a1)[0]
        w2 = rng.uniformMatrix(3, hidden, -a2, a2)
        b2 = rng.uniformMatrix(1, 3, -a2, a2)[0]
    }

    public func twinData() -> JSONValue {
        [
            "x": .matrix(x), "y": .numbers(labels.map(Double.init)), "steps": .number(Double(steps)),
            "quick_steps": .number(Double(quickSteps)), "target": .number(target),
            "curve_every": .number(Double(curveEvery)),
            "w1": .matrix(w1), "b1": .numbers(b1), "w2": .matrix(w2), "b2": .numbers(b2),
            "optimizers": .array(
                Self.optimizers.map { ["id": .string($0.id), "class": .string($0.cls), "kwargs": $0.kwargs] }),
        ]
    }

    func makeOptimizer(_ id: String, _ params: [Tensor]) throws -> Optimizer {
        let g = [ParamGroup(params)]
        switch id {
        case "sgd": return try SGD(g, lr: 0.5, momentum: 0.9)
        case "adam": return try Adam(g, lr: 0.05)
        case "adamw": return try AdamW(g, lr: 0.05, weightDecay: 0.01)
        case "rmsprop": return try RMSprop(g, lr: 0.01)
        default: return try Adagrad(g, lr: 0.5)
        }
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        let n = quick ? quickSteps : steps
        let xs = Tensor.matrix(x)
        let index = Tensor(labels, shape: [labels.count, 1])
        var figures = Figures()
        var checks: [Check] = []
        for o in Self.optimizers {
            let params = [Tensor.matrix(w1), Tensor.vector(b1), Tensor.matrix(w2), Tensor.vector(b2)].map {
                $0.requiresGrad_()
            }
            guard let opt = try? makeOptimizer(o.id, params) else { continue }
            var curve: [Double] = []
            var reached = n + 1
            for step in 0..<n {
                opt.zeroGrad()
                let logits = (xs.matmul(params[0].T) + params[1]).tanh().matmul(params[2].T) + params[3]
                let loss = -logits.logSoftmax(dim: 1).gather(1, index).mean()
                curve.append(loss.item())
                if curve[step] <= target && reached > n { reached = step }
                loss.backward()
                opt.step()
            }
            figures.set("final_loss/\(o.id)", curve.last ?? .nan)
            figures.set("steps_to_target/\(o.id)", Double(reached))
            figures.set("curve/\(o.id)", stride(from: 0, to: curve.count, by: curveEvery).map { curve[$0] })
            checks.append(
                Check(
                    "\(o.cls) reaches loss \(fmt(target))", reached <= n,
                    reached <= n
                        ? "loss \(fmt(target)) at step \(reached) of \(n); final \(fmt(curve.last ?? .nan))"
                        : "final loss \(fmt(curve.last ?? .nan)) after \(n) steps"))
        }
        return (figures, checks)
    }
}
