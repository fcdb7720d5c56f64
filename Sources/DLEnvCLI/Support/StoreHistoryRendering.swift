import DLEnvStore
import Foundation

/// The text form of `dlenv history`.
enum StoreHistoryRendering {
    static func text(_ hosts: [HostHistory], database: String, rule: RegressionRule = .standard) -> String {
        guard !hosts.isEmpty else {
            return "no runs stored yet in \(database)\nrun 'dlenv verify' or 'dlenv bench' to start a history"
        }
        var lines: [String] = []
        for history in hosts {
            let verify = history.runs.filter { $0.kind == .verify }
            let bench = history.runs.filter { $0.kind == .bench }
            lines.append("host \(history.host.fingerprint)  \(history.host.label)")
            lines.append("  runs: \(history.runs.count) (bench \(bench.count), verify \(verify.count))")
            if let last = verify.last {
                let verdict = last.passed == false ? "FAILED (\(last.failed.joined(separator: ", ")))" : "passed"
                let with = last.torch.map { " with torch \($0) on \(last.device ?? "cpu")" } ?? ""
                lines.append("  last verify: \(last.time) \(verdict)\(with)")
            }
            for (series, trends) in grouped(history.trends) {
                lines.append("  series: \(series.label)")
                var rows = [["figure", "unit", "runs", "latest", "median before", "change", "limit", "trend", ""]]
                for t in trends {
                    rows.append([
                        t.name, t.unit, "\(t.points.count)", format(t.latest), t.baselineMedian.map(format) ?? "–",
                        t.slowdown.map { percent(-$0) } ?? "–", t.threshold.map { percent(-$0) } ?? "–",
                        sparkline(t.points.suffix(12).map(\.value)), status(t.verdict),
                    ])
                }
                lines += TextTable.lines(rows).map { "    " + $0 }
            }
            lines.append("")
        }
        let regressions = hosts.flatMap { $0.trends.filter(\.regression) }
        lines.append(regressions.isEmpty ? "no regressions" : "\(regressions.count) regression(s)")
        lines.append("rule: \(describe(rule))")
        return lines.joined(separator: "\n")
    }

    /// The rule in one line, as the summary prints it.
    static func describe(_ rule: RegressionRule) -> String {
        "slower than the median of up to \(rule.window) runs before in the same series by more than "
            + "max(\(number(rule.floor * 100)) %, \(number(rule.spreadFactor)) × their spread); "
            + "\(rule.minimumPrevious) runs before needed"
    }

    /// Trends by series, in the order the series first appear.
    static func grouped(_ trends: [MetricTrend]) -> [(SeriesKey, [MetricTrend])] {
        var order: [SeriesKey] = []
        var groups: [SeriesKey: [MetricTrend]] = [:]
        for t in trends {
            if groups[t.series] == nil { order.append(t.series) }
            groups[t.series, default: []].append(t)
        }
        return order.map { ($0, groups[$0]!) }
    }

    static func status(_ verdict: TrendVerdict) -> String {
        switch verdict {
        case .ok: return ""
        case .regression: return "REGRESSION"
        case .notEnoughRuns: return "not enough runs"
        case .notJudged: return "not judged"
        }
    }

    /// "+1.5 %", "-20.2 %".
    static func percent(_ fraction: Double) -> String { String(format: "%+.1f %%", fraction * 100) }

    /// "5", "2.5": a rule's constant as people write it.
    static func number(_ v: Double) -> String { String(format: "%g", v) }

    static func format(_ v: Double) -> String {
        abs(v) >= 100 ? String(format: "%.1f", v) : abs(v) >= 1 ? String(format: "%.2f", v) : String(format: "%.4g", v)
    }

    /// Eight-level bar characters scaled between the series' min and max.
    static func sparkline(_ values: [Double]) -> String {
        let bars = Array("▁▂▃▄▅▆▇█")
        guard let lo = values.min(), let hi = values.max() else { return "" }
        return String(
            values.map { v in hi > lo ? bars[min(7, Int((v - lo) / (hi - lo) * 7.999))] : bars[3] })
    }
}
