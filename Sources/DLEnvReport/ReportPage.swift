import DLEnvStore
import DLEnvWorkloads
import Foundation

/// `dlenv report --html`: one self-contained page (inline CSS and SVG, no scripts, nothing fetched) with the
/// lr curves of the schedules, the activation std per layer for each init, activation and gradient curves, the
/// loss curves of gradient descent and training, and the benchmark and verification history from the store.
/// The page is a value of its input: the CLI reads the store and picks the file; `collect` runs the workloads the
/// plots need.
public enum ReportPage {
    /// Everything the page shows.
    public struct Input: Sendable {
        public var generated: Date
        /// The host the page is generated on (its fingerprint and label head the page).
        public var host: HostIdentity
        /// dlenv's version, in the header and the footer.
        public var dlenvVersion: String
        /// The database the history came from (named in the benchmark section).
        public var database: String
        /// The regression rule in one line, as `dlenv history` prints it.
        public var regressionRule: String
        public var histories: [HostHistory]
        public var lrFigures: Figures?
        public var initScale: Figures?
        public var descent: Figures?
        public var training: Figures?

        public init(
            generated: Date, host: HostIdentity, dlenvVersion: String, database: String, regressionRule: String,
            histories: [HostHistory], lrFigures: Figures? = nil, initScale: Figures? = nil, descent: Figures? = nil,
            training: Figures? = nil
        ) {
            self.generated = generated
            self.host = host
            self.dlenvVersion = dlenvVersion
            self.database = database
            self.regressionRule = regressionRule
            self.histories = histories
            self.lrFigures = lrFigures
            self.initScale = initScale
            self.descent = descent
            self.training = training
        }
    }

    /// The input with the figures of the workloads the plots need, run on the core at quick sizes
    /// (`lr-schedules`, `init-scale`, `gradient-descent`, `training`).
    public static func collect(
        generated: Date = Date(), host: HostIdentity, dlenvVersion: String, database: String, regressionRule: String,
        histories: [HostHistory]
    ) -> Input {
        let figures = { (id: String) -> Figures? in
            Workloads.select([id]).workloads.first.map { $0.run(quick: true).figures }
        }
        return Input(
            generated: generated, host: host, dlenvVersion: dlenvVersion, database: database,
            regressionRule: regressionRule, histories: histories, lrFigures: figures("lr-schedules"),
            initScale: figures("init-scale"), descent: figures("gradient-descent"), training: figures("training"))
    }

    /// The page: an HTML5 document, UTF-8.
    public static func html(_ input: Input) -> String {
        var body: [String] = []
        body.append("<h1>dlenv report</h1>")
        body.append(
            "<p class=\"meta\">\(esc(RunRecord.formatTime(input.generated))) · dlenv \(esc(input.dlenvVersion)) · host \(esc(input.host.fingerprint)): \(esc(input.host.label))</p>"
        )
        body.append(
            section(
                "Benchmark history", benchmarks(input),
                note:
                    "From the history database \(esc(input.database)), one chart per figure and series (host, dlenv and torch builds, quick or full, threads). A ringed point is a regression: \(esc(input.regressionRule)) (see <code>dlenv history --help</code>)."
            ))
        body.append(section("Verification runs", verifications(input), note: nil))
        body.append(
            section(
                "Learning-rate schedules", lrCharts(input),
                note:
                    "The lr in force at each step, SGD(lr=0.1, momentum=0.9), computed by dlenv's schedulers as torch computes them (checked against torch by <code>dlenv verify --python</code>)."
            ))
        body.append(
            section(
                "Initialisation: activation std per layer", initCharts(input),
                note:
                    "A 10-layer, 512-wide MLP. N(0,1) weights explode, tiny weights vanish; Xavier (tanh) and Kaiming (ReLU) keep the scale."
            ))
        body.append(
            section(
                "Activations and their gradients", activationCharts(),
                note:
                    "Solid: the function; dashed: its derivative, from the core's autograd. Saturating functions have vanishing gradients in the tails; ReLU's gradient is 0 for x &lt; 0 (dead units)."
            ))
        body.append(
            section(
                "Gradient descent and training", lossCharts(input),
                note:
                    "Father/son IQ pairs: lr 1e-5 converges, 1e-3 diverges. A small classifier trained with each optimizer from the same start."
            ))
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>dlenv report</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>\(css)</style></head>
            <body>\(body.joined(separator: "\n"))
            <footer>Generated by dlenv \(esc(input.dlenvVersion)). Self-contained: no scripts, no external resources.</footer>
            </body></html>
            """
    }

    static func section(_ title: String, _ content: String, note: String?) -> String {
        "<section><h2>\(esc(title))</h2>" + (note.map { "<p class=\"note\">\($0)</p>" } ?? "")
            + "<div class=\"grid\">\(content)</div></section>"
    }

    static func figure(_ chart: ReportChart) -> String { "<figure>\(chart.svg())</figure>" }

    static func benchmarks(_ input: Input) -> String {
        var out: [String] = []
        for h in input.histories where !h.trends.isEmpty {
            for t in h.trends where !t.name.hasPrefix("torch/") {
                let times = t.points.compactMap { RunRecord.parseTime($0.time)?.timeIntervalSince1970 }
                let t0 = times.first ?? 0
                let points = zip(times, t.points).map { (x: ($0 - t0) / 3600, y: $1.value) }
                var series = [ReportChart.Series(name: "dlenv", points: points, markers: true)]
                // torch's figure of the same runs: the same series apart from the thread count (torch's own).
                if let torch = h.trends.first(where: { $0.name == "torch/\(t.name)" && sameRuns($0.series, t.series) })
                {
                    let tt = torch.points.compactMap { RunRecord.parseTime($0.time)?.timeIntervalSince1970 }
                    series.append(
                        .init(
                            name: "torch", points: zip(tt, torch.points).map { (x: ($0 - t0) / 3600, y: $1.value) },
                            dashed: true, markers: true))
                }
                out.append(
                    figure(
                        ReportChart(
                            title: "\(t.name) · \(h.host.fingerprint.prefix(8))"
                                + (t.regression ? " · REGRESSION" : ""),
                            xLabel: "hours since the first run · \(t.series.label)", yLabel: t.unit, series: series,
                            flagged: t.regression ? [points.count - 1] : [])))
            }
        }
        return out.isEmpty
            ? "<p class=\"empty\">No benchmark runs stored yet: run <code>dlenv bench</code>.</p>" : out.joined()
    }

    /// Whether two series keys describe the same runs (everything but the thread count agrees).
    static func sameRuns(_ a: SeriesKey, _ b: SeriesKey) -> Bool {
        var a = a
        a.threads = b.threads
        return a == b
    }

    static func verifications(_ input: Input) -> String {
        let runs = input.histories.flatMap { h in h.runs.filter { $0.kind == .verify }.map { (h.host, $0) } }
        guard !runs.isEmpty else {
            return "<p class=\"empty\">No verification runs stored yet: run <code>dlenv verify</code>.</p>"
        }
        var rows = runs.suffix(15).reversed().map { (host, r) in
            "<tr><td>\(esc(r.time))</td><td>\(esc(String(host.fingerprint.prefix(8))))</td><td>\(esc(r.torch ?? "core only"))</td><td>\(esc(r.device ?? ""))</td><td class=\"\(r.passed == false ? "bad" : "ok")\">\(r.passed == false ? "FAILED: " + esc(r.failed.joined(separator: ", ")) : "passed")</td></tr>"
        }
        rows.insert("<tr><th>time</th><th>host</th><th>torch</th><th>device</th><th>result</th></tr>", at: 0)
        return "<table>\(rows.joined())</table>"
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
            ReportChart(
                title: "std of activations (log scale)", xLabel: "layer", yLabel: "std", logY: true, width: 560,
                height: 320, series: series))
            + figure(
                ReportChart(
                    title: "Xavier and Kaiming (linear scale)", xLabel: "layer", yLabel: "std",
                    series: Array(series.suffix(2))))
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
                    title: "y = w·x on IQ pairs: loss per step", xLabel: "step", yLabel: "MSE (log)", logY: true,
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

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1400px;padding:0 16px;color:#1b1b1b;background:#fff}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .meta,.note,footer{color:#555}.note{margin:4px 0 10px;max-width:900px}footer{margin-top:32px;font-size:12px}
        .grid{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #e3e3e3;border-radius:6px;padding:6px;background:#fcfcfc}
        svg text{font-family:inherit;fill:#333}.t{font-size:13px;font-weight:600}.xl{font-size:10.5px;text-anchor:middle}
        .yl{font-size:10.5px;text-anchor:end}.lt{font-size:10.5px}.g{stroke:#e6e6e6;stroke-width:1}
        .frame{fill:none;stroke:#999;stroke-width:1}.lg{fill:#fff;fill-opacity:.85;stroke:#ddd}
        .flag{fill:none;stroke:#d00;stroke-width:2}table{border-collapse:collapse;font-size:13px}
        td,th{border-bottom:1px solid #eee;padding:4px 10px;text-align:left}.ok{color:#07603a}.bad{color:#b00020;font-weight:600}
        .empty{color:#777;font-style:italic}code{background:#f2f2f2;padding:1px 4px;border-radius:3px}
        """
}
