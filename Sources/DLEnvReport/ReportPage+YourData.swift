import DLEnvStore
import Foundation

// The user's own data: the summary, their environments, their benchmark history, their verification runs.
extension ReportPage {
    static func summary(_ input: Input, _ environments: [ReportEnvironment]) -> String {
        let verifies = input.runs.filter { $0.kind == .verify }.sorted { $0.startedAt < $1.startedAt }
        let benches = input.runs.count - verifies.count
        let regressions = input.histories.flatMap { h in h.trends.filter(\.regression).map { (h.host, $0) } }
        var tiles = [
            tile("stored runs", "\(input.runs.count)", detail: "\(verifies.count) verify · \(benches) bench"),
            tile("hosts", "\(input.histories.count)", detail: nil),
            tile("environments", "\(environments.count)", detail: "interpreter · torch · device"),
        ]
        if let last = verifies.last {
            let failed = last.results.filter { $0.passed == false }.map(\.name)
            tiles.append(
                tile(
                    "latest verification", last.passed == false ? "FAILED" : "passed",
                    detail: TimeAxis.format(last.startedAt)
                        + (failed.isEmpty ? "" : " · " + failed.joined(separator: ", ")),
                    bad: last.passed == false))
        } else {
            tiles.append(tile("latest verification", "none", detail: "run dlenv verify"))
        }
        tiles.append(
            tile(
                "regressions", "\(regressions.count)",
                detail: regressions.isEmpty
                    ? "in the latest benchmark runs"
                    : regressions.map { "\($0.1.name) on \($0.0.fingerprint.prefix(8))" }.joined(separator: ", "),
                bad: !regressions.isEmpty))
        return "<div class=\"tiles\">\(tiles.joined())</div>"
    }

    static func tile(_ label: String, _ value: String, detail: String?, bad: Bool = false) -> String {
        "<div class=\"tile\"><div class=\"tl\">\(esc(label))</div><div class=\"tv\(bad ? " bad" : "")\">\(esc(value))</div>"
            + (detail.map { "<div class=\"td\">\(esc($0))</div>" } ?? "") + "</div>"
    }

    static func environmentTable(_ input: Input, _ environments: [ReportEnvironment]) -> String {
        guard !environments.isEmpty else {
            return
                "<p class=\"empty\">No runs stored yet: run <code>dlenv verify</code> (add <code>--python PY</code> to check an environment's torch) and <code>dlenv bench</code>.</p>"
        }
        var rows = [
            "<tr><th>host</th><th>python</th><th>torch</th><th>CUDA</th><th>device</th><th>runs</th><th>last run</th><th>latest verification</th><th>benchmarks</th></tr>"
        ]
        for e in environments {
            let here = e.host.fingerprint == input.host.fingerprint ? " <span class=\"tag\">this host</span>" : ""
            let verify: (String, String)
            if let v = e.latestVerify {
                verify =
                    v.passed == false
                    ? ("bad", "FAILED \(TimeAxis.format(v.time)): \(v.failed.joined(separator: ", "))")
                    : ("ok", "passed \(TimeAxis.format(v.time))")
            } else {
                verify = ("none", "never verified")
            }
            let bench: (String, String)
            if e.trends.isEmpty {
                bench = ("none", "no benchmark")
            } else if !e.regressions.isEmpty {
                bench = ("bad", "REGRESSION: \(e.regressions.joined(separator: ", "))")
            } else if e.judged == 0 {
                bench = ("none", "\(figures(e.trends.count)), not enough runs to judge yet")
            } else {
                bench = ("ok", "\(figures(e.trends.count)), no regression (\(e.judged) judged)")
            }
            rows.append(
                "<tr><td><code>\(esc(e.host.fingerprint.prefix(8)))</code> \(esc(e.host.label))\(here)</td><td>\(esc(e.python ?? "–"))</td><td>\(esc(e.torch ?? "none (core only)"))</td><td>\(esc(e.cuda ?? "–"))</td><td>\(esc(e.device ?? "–"))</td><td>\(e.verifyRuns) verify · \(e.benchRuns) bench</td><td>\(esc(TimeAxis.format(e.lastRun)))</td><td class=\"\(verify.0)\">\(esc(verify.1))</td><td class=\"\(bench.0)\">\(esc(bench.1))</td></tr>"
            )
        }
        return "<div class=\"scroll\"><table>\(rows.joined())</table></div>"
    }

    static func figures(_ n: Int) -> String { n == 1 ? "1 figure" : "\(n) figures" }

    /// How many verification runs the table shows, newest first.
    static let verificationRows = 12

    static func verifications(_ input: Input) -> String {
        let runs = input.runs.filter { $0.kind == .verify }.sorted { $0.startedAt > $1.startedAt }
        guard !runs.isEmpty else {
            return "<p class=\"empty\">No verification runs stored yet: run <code>dlenv verify</code>.</p>"
        }
        var rows = ["<tr><th>time</th><th>host</th><th>python</th><th>torch</th><th>device</th><th>result</th></tr>"]
        for r in runs.prefix(verificationRows) {
            let failed = r.results.filter { $0.passed == false }.map(\.name)
            let result =
                r.passed == false
                ? "<td class=\"bad\">FAILED: \(esc(failed.joined(separator: ", ")))</td>"
                : "<td class=\"ok\">passed (\(r.results.count) workloads)</td>"
            rows.append(
                "<tr><td>\(esc(TimeAxis.format(r.startedAt)))</td><td><code>\(esc(r.host.fingerprint.prefix(8)))</code></td><td>\(esc(r.environment.python ?? "–"))</td><td>\(esc(r.environment.torch ?? "core only"))</td><td>\(esc(r.environment.device ?? "–"))</td>\(result)</tr>"
            )
        }
        let more =
            runs.count > verificationRows
            ? "<p class=\"note\">The newest \(verificationRows) of \(runs.count) runs (all of them: <code>dlenv history --json</code>).</p>"
            : ""
        return "<div class=\"scroll\"><table>\(rows.joined())</table></div>" + more
    }

    /// One chart per host and figure on one date axis: every series (`SeriesKey`) its own line, torch's figure
    /// of the same runs dashed in the series' colour, each series' colour the same in every chart.
    static func benchmarks(_ input: Input) -> String {
        let times = input.runs.filter { $0.kind == .bench }.map(\.startedAt.timeIntervalSince1970)
        guard let axis = TimeAxis(covering: times), input.histories.contains(where: { !$0.trends.isEmpty }) else {
            return "<p class=\"empty\">No benchmark runs stored yet: run <code>dlenv bench</code>.</p>"
        }
        let hosts = input.histories.enumerated().sorted { a, b in
            let (ca, cb) = (a.element.host == input.host, b.element.host == input.host)
            return ca != cb ? ca : a.offset < b.offset
        }.map(\.element)
        var colors: [SeriesKey: Int] = [:]
        var out: [String] = []
        for h in hosts {
            var names: [String] = []
            for t in h.trends where !t.name.hasPrefix("torch/") && !names.contains(t.name) { names.append(t.name) }
            for name in names {
                var series: [ReportChart.Series] = []
                var regressed = false
                for t in h.trends where t.name == name {
                    let color = colors[t.series] ?? colors.count
                    colors[t.series] = color
                    series.append(line(t, name: t.series.label, color: color, dashed: false))
                    regressed = regressed || t.regression
                    // torch's figure of the same runs: the same series apart from the thread count (torch's own).
                    if let torch = h.trends.first(where: { $0.name == "torch/\(name)" && sameRuns($0.series, t.series) }
                    ) {
                        let threads = torch.series.threads.map { " · \($0) thread\($0 == 1 ? "" : "s")" } ?? ""
                        series.append(line(torch, name: "torch in the same runs\(threads)", color: color, dashed: true))
                        regressed = regressed || torch.regression
                    }
                }
                let unit = h.trends.first { $0.name == name }?.unit ?? ""
                out.append(
                    figure(
                        ReportChart(
                            title: "\(name)" + (unit.isEmpty ? "" : " (\(unit))") + (regressed ? " · REGRESSION" : ""),
                            subtitle: "host \(h.host.fingerprint.prefix(8)) · \(h.host.label)", xLabel: "date (UTC)",
                            yLabel: unit, xAxis: .time(axis), series: series)))
            }
        }
        return out.joined()
    }

    static func line(_ t: MetricTrend, name: String, color: Int, dashed: Bool) -> ReportChart.Series {
        let points = t.points.compactMap { p in
            RunRecord.parseTime(p.time).map { (x: $0.timeIntervalSince1970, y: p.value) }
        }
        return ReportChart.Series(
            name: name, points: points, dashed: dashed, colorIndex: color, markers: true,
            flagged: t.regression ? [points.count - 1] : [], key: keyText(t.series))
    }

    /// A series key as one attribute value: "host=…;dlenv=…;torch=…;device=…;quick=…;threads=…" (`-`: unknown).
    public static func keyText(_ k: SeriesKey) -> String {
        [
            "host=\(k.host)", "dlenv=\(k.dlenvVersion)", "torch=\(k.torch ?? "-")", "device=\(k.device ?? "-")",
            "quick=\(k.quick.map { $0 ? "quick" : "full" } ?? "-")", "threads=\(k.threads.map(String.init) ?? "-")",
        ].joined(separator: ";")
    }

    /// Whether two series keys describe the same runs (everything but the thread count agrees).
    static func sameRuns(_ a: SeriesKey, _ b: SeriesKey) -> Bool {
        var a = a
        a.threads = b.threads
        return a == b
    }
}
