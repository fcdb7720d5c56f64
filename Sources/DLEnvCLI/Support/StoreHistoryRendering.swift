import DLEnvStore
import Foundation

/// The text form of `dlenv history`.
enum StoreHistoryRendering {
    static func text(_ hosts: [HostHistory], database: String) -> String {
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
            if !history.trends.isEmpty {
                var rows = [["figure", "unit", "runs", "latest", "median of 5 before", "change", "trend", ""]]
                for t in history.trends {
                    let change = t.slowdown.map { String(format: "%+.1f %%", -$0 * 100) } ?? "–"
                    rows.append([
                        t.name, t.unit, "\(t.points.count)", format(t.latest), t.baselineMedian.map(format) ?? "–",
                        change, sparkline(t.points.suffix(12).map(\.value)), t.regression ? "REGRESSION" : "",
                    ])
                }
                lines += table(rows).map { "  " + $0 }
            }
            lines.append("")
        }
        let regressions = hosts.flatMap { $0.trends.filter(\.regression) }
        lines.append(
            regressions.isEmpty
                ? "no regressions (a regression: more than 10 % slower than the median of the 5 runs before)"
                : "\(regressions.count) regression(s): more than 10 % slower than the median of the 5 runs before")
        return lines.joined(separator: "\n")
    }

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

    /// Left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
