import DLEnvWorkloads

// The reference plots: the same for every user (they come from dlenv's core, not from the store), so they follow
// the user's data, each folded in a <details> of its own.
extension ReportPage {
    /// The titles of the folded reference groups, in order.
    public static let referenceTitles = [
        "Learning-rate schedules", "Initialisation: activation std per layer", "Activations and their gradients",
        "Gradient descent and training",
    ]

    static func reference(_ input: Input) -> String {
        let groups = [
            (
                lrCharts(input),
                "The lr in force at each step, SGD(lr=0.1, momentum=0.9), computed by dlenv's schedulers as torch computes them (checked against torch by <code>dlenv verify --python</code>)."
            ),
            (
                initCharts(input),
                "A 10-layer, 512-wide MLP. N(0,1) weights explode, tiny weights vanish; Xavier (tanh) and Kaiming (ReLU) keep the scale."
            ),
            (
                activationCharts(),
                "Solid: the function; dashed: its derivative, from the core's autograd. Saturating functions have vanishing gradients in the tails; ReLU's gradient is 0 for x &lt; 0 (dead units)."
            ),
            (
                lossCharts(input),
                "Father/son IQ pairs: lr 1e-5 converges, 1e-3 diverges. A small classifier trained with each optimizer from the same start."
            ),
        ]
        let folded = zip(referenceTitles, groups).filter { !$1.0.isEmpty }.map { title, group in
            "<details><summary>\(esc(title))</summary><p class=\"note\">\(group.1)</p><div class=\"grid\">\(group.0)</div></details>"
        }
        return section(
            "Reference plots", folded.joined(),
            note:
                "The same for every user: how lr schedules, initialisations, activations and optimisers behave, computed by dlenv's core. Open a group to see its plots."
        )
    }

    static func lrCharts(_ input: Input) -> String {
        guard let f = input.lrFigures else { return "" }
        let groups: [(String, [String])] = [
            ("Step decays", ["step", "multistep", "exponential", "plateau"]),
            ("Warm-up and linear", ["constant", "linear", "sequential", "chained"]),
            ("Annealing", ["polynomial", "cosine", "warm_restarts", "lambda"]),
            ("Cyclic", ["cyclic", "cyclic_exp", "cyclic_triangular2"]),
            ("One cycle", ["onecycle", "onecycle_linear"]),
        ]
        return groups.map { title, ids in
            figure(
                ReportChart(
                    title: title, xLabel: "step", yLabel: "lr",
                    series: ids.compactMap { id in
                        f["lr/\(id)"].map {
                            .init(name: id, points: $0.enumerated().map { (x: Double($0.offset), y: $0.element) })
                        }
                    }))
        }.joined()
    }

    static func initCharts(_ input: Input) -> String {
        guard let f = input.initScale else { return "" }
        let names = ["normal_relu", "tiny_tanh", "xavier_tanh", "kaiming_relu"]
        let series = names.compactMap { n in
            f["std/\(n)"].map {
                ReportChart.Series(
                    name: n, points: $0.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }, markers: true)
            }
        }
        return figure(
            ReportChart(title: "std of activations", xLabel: "layer", yLabel: "std", logY: true, series: series))
            + figure(
                ReportChart(
                    title: "Xavier and Kaiming (linear scale)", xLabel: "layer", yLabel: "std",
                    series: series.suffix(2).enumerated().map { i, s in
                        var s = s
                        s.colorIndex = i + 2
                        return s
                    }))
    }

    static func activationCharts() -> String {
        let groups: [(String, [String])] = [
            ("ReLU family", ["relu", "leaky_relu", "relu6"]), ("Smooth ReLUs", ["gelu", "silu", "mish"]),
            ("Exponential", ["elu", "selu", "softplus"]), ("Saturating", ["sigmoid", "tanh", "softsign"]),
            ("Hard variants", ["hardsigmoid", "hardswish", "hardtanh"]),
        ]
        return groups.map { title, names in
            let curves = ActivationsWorkload.curves(names)
            var series: [ReportChart.Series] = []
            for (i, c) in curves.enumerated() {
                series.append(.init(name: c.name, points: zip(c.x, c.value).map { (x: $0, y: $1) }, colorIndex: i))
                series.append(
                    .init(
                        name: "\(c.name)′", points: zip(c.x, c.gradient).map { (x: $0, y: $1) }, dashed: true,
                        colorIndex: i))
            }
            return figure(ReportChart(title: title, xLabel: "x", yLabel: "f(x), f′(x)", series: series))
        }.joined()
    }

    static func lossCharts(_ input: Input) -> String {
        var out = ""
        if let d = input.descent {
            let curve = { (name: String) in (d[name] ?? []).enumerated().map { (x: Double($0.offset), y: $0.element) } }
            out += figure(
                ReportChart(
                    title: "y = w·x on IQ pairs: loss per step", xLabel: "step", yLabel: "MSE", logY: true,
                    series: [
                        .init(name: "lr 1e-5", points: curve("curve/lr_1e-5")),
                        .init(name: "lr 1e-3", points: curve("curve/lr_1e-3")),
                    ]))
        }
        if let t = input.training {
            let ids = ["sgd", "adam", "adamw", "rmsprop", "adagrad"]
            out += figure(
                ReportChart(
                    title: "training loss (every 10 steps)", xLabel: "step", yLabel: "cross-entropy",
                    series: ids.compactMap { id in
                        t["curve/\(id)"].map {
                            .init(name: id, points: $0.enumerated().map { (x: Double($0.offset * 10), y: $0.element) })
                        }
                    }))
        }
        return out
    }
}
