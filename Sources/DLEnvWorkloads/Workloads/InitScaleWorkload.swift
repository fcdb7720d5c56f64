import DLEnvTensor

/// `init-scale`: the standard deviation of the activations, layer by layer, through a 10-layer, 512-wide MLP.
/// N(0, 1) weights with ReLU explode (×16 per layer), a tiny N(0, 0.01) init with tanh vanishes (×0.23 per
/// layer), Xavier-normal with tanh and Kaiming-normal with ReLU keep the scale of order one. The core and torch
/// draw different normal numbers (torch's vectorised float32 normal is not reproducible bit for bit, see
/// numerics.md §0), so the comparison is on the order of magnitude of each layer's std.
public struct InitScaleWorkload: Workload {
    public let id = "init-scale"
    public let summary = "activation std per layer: N(0,1) explodes, tiny init vanishes, Xavier/Kaiming stay near 1"
    public let headline = "std/kaiming_relu"
    public var tolerances: ToleranceRules { ToleranceRules(.orderOfMagnitude(0.15)) }

    let width = 512, depth = 10, batch = 256, quickBatch = 64, seed: UInt64 = 0

    /// (name, activation is ReLU, weight std for a fan-in/fan-out of `width`)
    var configurations: [(name: String, relu: Bool, std: Double)] {
        let n = Double(width)
        return [
            ("normal_relu", true, 1),
            ("tiny_tanh", false, 0.01),
            // torch.nn.init.xavier_normal_: gain · sqrt(2 / (fan_in + fan_out)), gain 1.
            ("xavier_tanh", false, (2 / (n + n)).squareRoot()),
            // torch.nn.init.kaiming_normal_(nonlinearity="relu"): sqrt(2) / sqrt(fan_in).
            ("kaiming_relu", true, 2.0.squareRoot() / n.squareRoot()),
        ]
    }

    public init() {}

    public func twinData() -> JSONValue {
        [
            "width": .number(Double(width)), "depth": .number(Double(depth)), "batch": .number(Double(batch)),
            "quick_batch": .number(Double(quickBatch)), "seed": .number(Double(seed)),
        ]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        let generator = Generator(seed: seed)
        let x = Tensor.randn([quick ? quickBatch : batch, width], generator: generator)
        var figures = Figures()
        noGrad {
            for config in configurations {
                var h = x
                var stds: [Double] = []
                for _ in 0..<depth {
                    let w = Tensor.zeros([width, width]).normal_(mean: 0, std: config.std, generator: generator)
                    let z = h.matmul(w.T)
                    h = config.relu ? z.relu() : z.tanh()
                    stds.append(h.std().item())
                }
                figures.set("std/\(config.name)", stds)
            }
        }
        let last = { (name: String) in figures["std/\(name)"]?.last ?? .nan }
        let within = { (name: String, lo: Double, hi: Double) in
            figures["std/\(name)"]?.allSatisfy { $0 >= lo && $0 <= hi } ?? false
        }
        let checks = [
            Check("N(0,1) explodes", last("normal_relu") > 1e6, "std at layer 10: \(fmt(last("normal_relu"))) > 1e6"),
            Check("tiny init vanishes", last("tiny_tanh") < 1e-4, "std at layer 10: \(fmt(last("tiny_tanh"))) < 1e-4"),
            Check(
                "Xavier keeps tanh in range", within("xavier_tanh", 0.1, 1.5),
                "every layer's std in [0.1, 1.5] (layer 10: \(fmt(last("xavier_tanh"))))"),
            Check(
                "Kaiming keeps ReLU in range", within("kaiming_relu", 0.4, 1.5),
                "every layer's std in [0.4, 1.5] (layer 10: \(fmt(last("kaiming_relu"))))"),
        ]
        return (figures, checks)
    }
}
