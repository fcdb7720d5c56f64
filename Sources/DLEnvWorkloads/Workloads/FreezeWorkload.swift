import DLEnvNN
import DLEnvTensor

/// `freeze`: what stops learning. Under `noGrad` nothing records a graph (the output has no gradient function and
/// does not require grad); a layer with `requiresGrad_(false)` is bit-for-bit unchanged after training steps while
/// the next layer learns; `eval()` turns dropout into the identity and makes batch norm normalise with its running
/// statistics instead of the batch's.
public struct FreezeWorkload: Workload {
    public let id = "freeze"
    public let summary =
        "no_grad records nothing; a frozen layer stays unchanged; eval() disables dropout, uses running stats"
    public let headline = "frozen/max_change"
    public var tolerances: ToleranceRules {
        ToleranceRules(
            .relative(1e-5, atol: 1e-7),
            [
                ("dropout/train_zero_fraction", .relative(0, atol: 0.03)),
                ("batchnorm/eval_max_error", .relative(0, atol: 1e-5)),
            ])
    }

    let lr = 0.1, steps = 5, dropoutP = 0.5, dropoutN = 10_000
    let w1: [[Double]], b1: [Double], w2: [[Double]], x: [[Double]], y: [[Double]], bnX: [[Double]]

    public init() {
        var rng = SplitMix64(seed: 31)
        w1 = rng.uniformMatrix(8, 4, -0.5, 0.5)
        b1 = rng.uniformMatrix(1, 8, -0.5, 0.5)[0]
        w2 = rng.uniformMatrix(2, 8, -0.3, 0.3)
        x = rng.uniformMatrix(16, 4, -1, 1)
        y = rng.uniformMatrix(16, 2, -1, 1)
        bnX = rng.normalMatrix(8, 3, std: 2, mean: 1)
    }

    public func twinData() -> JSONValue {
        [
            "lr": .number(lr), "steps": .number(Double(steps)), "dropout_p": .number(dropoutP),
            "dropout_n": .number(Double(dropoutN)), "w1": .matrix(w1), "b1": .numbers(b1), "w2": .matrix(w2),
            "b2": .numbers([0, 0]), "x": .matrix(x), "y": .matrix(y), "bn_x": .matrix(bnX),
        ]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        var figures = Figures()
        let first = Linear(4, 8), second = Linear(8, 2)
        noGrad {
            _ = first.weight.copy_(Tensor.matrix(w1))
            _ = first.bias!.copy_(Tensor.vector(b1))
            _ = second.weight.copy_(Tensor.matrix(w2))
            _ = second.bias!.zero_()
        }
        let xs = Tensor.matrix(x), ys = Tensor.matrix(y)
        func forward() -> Tensor { second(first(xs).relu()) }
        let out = noGrad { forward() }
        figures.set("no_grad/output_requires_grad", out.requiresGrad)
        figures.set("no_grad/has_grad_fn", !out.isLeaf)
        _ = first.requiresGrad_(false)
        let before1 = first.weight.clone(), before2 = second.weight.detach().clone()
        var loss = 0.0
        if let opt = try? SGD([ParamGroup(second.parameters())], lr: lr) {
            for _ in 0..<steps {
                opt.zeroGrad()
                let l = forward().mse(ys)
                loss = l.item()
                l.backward()
                opt.step()
            }
        }
        figures.set("frozen/max_change", (first.weight - before1).abs().max().item())
        figures.set("frozen/has_grad", first.weight.grad != nil)
        figures.set("trained/max_change", (second.weight.detach() - before2).abs().max().item())
        figures.set("trained/loss", loss)

        let drop = Dropout(p: dropoutP, generator: Generator(seed: 0))
        let ones = Tensor.ones([dropoutN])
        _ = drop.eval()
        let evalOut = drop(ones)
        figures.set("dropout/eval_is_identity", evalOut.toArray() == ones.toArray())
        _ = drop.train()
        let z = drop(ones)
        figures.set("dropout/train_zero_fraction", z.eq(0).to(.float32).mean().item())
        figures.set("dropout/train_kept_value", z.max().item())

        let bn = BatchNorm1d(3)
        let bx = Tensor.matrix(bnX)
        let trainOut = noGrad { bn(bx) }
        figures.set("batchnorm/running_mean", bn.runningMean!.toArray())
        figures.set("batchnorm/running_var", bn.runningVar!.toArray())
        _ = bn.eval()
        let evalBN = noGrad { bn(bx) }
        let expect = (bx - bn.runningMean!) / (bn.runningVar! + bn.eps).sqrt()
        figures.set("batchnorm/eval_max_error", (evalBN - expect).abs().max().item())
        figures.set("batchnorm/train_eval_differ", (trainOut - evalBN).abs().max().item() > 1e-3)

        let f = { (name: String) in figures.scalar(name) }
        let checks = [
            Check(
                "no_grad records no graph", f("no_grad/output_requires_grad") == 0 && f("no_grad/has_grad_fn") == 0,
                "output under noGrad: requires_grad false, no grad_fn"),
            Check(
                "frozen layer unchanged", f("frozen/max_change") == 0 && f("frozen/has_grad") == 0,
                "max change \(fmt(f("frozen/max_change"))) after \(steps) steps; next layer moved \(fmt(f("trained/max_change")))"
            ),
            Check("unfrozen layer learns", f("trained/max_change") > 0, "max change \(fmt(f("trained/max_change")))"),
            Check(
                "eval() disables dropout", f("dropout/eval_is_identity") == 1, "dropout in eval mode is the identity"),
            Check(
                "train() drops and rescales",
                Swift.abs(f("dropout/train_zero_fraction") - dropoutP) < 0.03 && f("dropout/train_kept_value") == 2,
                "\(fmt(f("dropout/train_zero_fraction") * 100)) % zeros (p = \(dropoutP)), kept values ×\(fmt(f("dropout/train_kept_value")))"
            ),
            Check(
                "eval() batch norm uses running stats",
                f("batchnorm/eval_max_error") < 1e-5 && f("batchnorm/train_eval_differ") == 1,
                "eval output = (x − running_mean)/sqrt(running_var + eps) within \(fmt(f("batchnorm/eval_max_error")))"),
        ]
        return (figures, checks)
    }
}
