import DLEnvTensor

/// `gradient-descent`: learn w in y = w·x from father/son IQ pairs (x near 100) by plain gradient descent on the
/// mean squared error, w starting at 1.0. With lr = 1e-5 it converges (the step multiplies the error by
/// 1 − 2·lr·mean(x²) ≈ 0.8); with lr = 1e-3 that factor is ≈ −19 and w diverges. Fitting y = w·x + b as well
/// shows why inputs are normalised: raw inputs make the problem so ill-conditioned that b barely moves, while
/// standardised inputs reach the least-squares optimum in a few dozen steps.
public struct GradientDescentWorkload: Workload {
    public let id = "gradient-descent"
    public let summary =
        "w in y = w·x from father/son IQs: lr 1e-5 converges, 1e-3 diverges, normalised inputs converge fast"
    public let headline = "w/lr_1e-5"
    public var tolerances: ToleranceRules {
        ToleranceRules(
            .relative(1e-4, atol: 1e-6),
            [("steps/", .relative(0, atol: 1)), ("abs_w/", .relative(1e-3)), ("curve/lr_1e-3", .relative(1e-3))])
    }

    let lrSmall = 1e-5, stepsSmall = 60, lrLarge = 1e-3, stepsLarge = 10, cap = 300, lrNormalised = 0.1
    let within = 0.01
    let fathers = FatherSonIQ.fathers, sons = FatherSonIQ.sons

    public init() {}

    var mean: Double { fathers.reduce(0, +) / Double(fathers.count) }
    var std: Double {
        let m = mean
        return (fathers.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(fathers.count)).squareRoot()
    }
    /// Least squares through the origin: w* = Σxy / Σx² (float64).
    var wStar: Double { zip(fathers, sons).map { $0 * $1 }.reduce(0, +) / fathers.map { $0 * $0 }.reduce(0, +) }
    /// The least-squares loss of y = w·x + b (float64): the target of the fits with an intercept.
    var optimalLossWithBias: Double {
        let n = Double(fathers.count), mx = mean, my = sons.reduce(0, +) / n
        let sxy = zip(fathers, sons).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let w = sxy / fathers.map { ($0 - mx) * ($0 - mx) }.reduce(0, +), b = my - w * mx
        return zip(fathers, sons).map { (w * $0 + b - $1) * (w * $0 + b - $1) }.reduce(0, +) / n
    }

    public func twinData() -> JSONValue {
        [
            "father": .numbers(fathers), "son": .numbers(sons), "lr_small": .number(lrSmall),
            "steps_small": .number(Double(stepsSmall)), "lr_large": .number(lrLarge),
            "steps_large": .number(Double(stepsLarge)), "cap": .number(Double(cap)),
            "lr_normalised": .number(lrNormalised), "father_mean": .number(mean), "father_std": .number(std),
            "optimal_loss_with_bias": .number(optimalLossWithBias), "within": .number(within),
        ]
    }

    /// Gradient descent on w (and b); returns the final w, the final loss and the loss before each step + final.
    func fit(_ x: Tensor, _ y: Tensor, lr: Double, steps: Int, bias: Bool) -> (w: Double, loss: Double, curve: [Double])
    {
        let w = Tensor(scalar: 1.0).requiresGrad_()
        let b = Tensor(scalar: 0.0).requiresGrad_()
        func loss() -> Tensor { ((bias ? w * x + b : w * x) - y).square().mean() }
        var curve: [Double] = []
        for _ in 0..<steps {
            let l = loss()
            curve.append(l.item())
            l.backward()
            Tensor.sgdStep(bias ? [w, b] : [w], lr: lr)
            b.zeroGrad()
        }
        let final = noGrad { loss().item() }
        curve.append(final)
        return (w.item(), final, curve)
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        let x = Tensor.vector(fathers), y = Tensor.vector(sons)
        var figures = Figures()
        let small = fit(x, y, lr: lrSmall, steps: stepsSmall, bias: false)
        figures.set("w/lr_1e-5", small.w)
        figures.set("loss/lr_1e-5", small.loss)
        figures.set("curve/lr_1e-5", small.curve)
        let large = fit(x, y, lr: lrLarge, steps: stepsLarge, bias: false)
        figures.set("abs_w/lr_1e-3", Swift.abs(large.w))
        figures.set("curve/lr_1e-3", large.curve)
        let best = optimalLossWithBias
        let raw = fit(x, y, lr: lrSmall, steps: cap, bias: true)
        let normalised = fit((x - mean) / std, y, lr: lrNormalised, steps: cap, bias: true)
        let stepsTo = { (curve: [Double]) in Double(curve.firstIndex { $0 <= best * (1 + within) } ?? cap + 1) }
        figures.set("steps/raw", stepsTo(raw.curve))
        figures.set("steps/normalised", stepsTo(normalised.curve))
        figures.set("loss_ratio/raw", raw.loss / best)
        figures.set("loss_ratio/normalised", normalised.loss / best)

        let stepsRaw = figures.scalar("steps/raw"), stepsNorm = figures.scalar("steps/normalised")
        let checks = [
            Check(
                "lr 1e-5 converges", Swift.abs(small.w - wStar) < 1e-3,
                "w = \(fmt(small.w)) after \(stepsSmall) steps, least squares w* = \(fmt(wStar))"),
            Check(
                "lr 1e-3 diverges", Swift.abs(large.w) > 1e6 || !large.w.isFinite,
                "|w| = \(fmt(Swift.abs(large.w))) after \(stepsLarge) steps (each step multiplies the error by ≈ −19)"),
            Check(
                "normalised inputs converge far faster", stepsNorm * 10 <= stepsRaw,
                "with an intercept: \(Int(stepsNorm)) steps normalised vs "
                    + (stepsRaw > Double(cap) ? "not within \(cap) raw" : "\(Int(stepsRaw)) raw")),
        ]
        return (figures, checks)
    }
}
