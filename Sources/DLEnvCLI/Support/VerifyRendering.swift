import DLEnvWorkloads
import Foundation

/// The text form of `dlenv verify`: one row per workload (workload, core, torch, difference, tolerance, pass),
/// then the failing checks and figures.
enum VerifyRendering {
    static func table(_ run: VerifyRun, verbose: Bool) -> String {
        var lines: [String] = []
        let env = run.environment
        if let torch = env.torch {
            lines.append(
                "torch \(torch) (Python \(env.python ?? "?")) on \(env.device ?? "cpu")"
                    + (env.cuda.map { ", CUDA \($0)" } ?? "") + (env.cudnn.map { ", cuDNN \($0)" } ?? ""))
        } else {
            lines.append("dlenv core only (pass --python PY to compare with torch)")
        }
        var rows = [["workload", "core", "torch", "difference", "tolerance", "pass"]]
        for r in run.results {
            let core = r.figures[r.headline].map(show) ?? "–"
            var torch = "–", difference = "–", tolerance = "–"
            if let c = r.comparison {
                if let f = c.figures.first(where: { $0.name == r.headline }) { torch = show(f.torch) }
                if let worst = c.worst {
                    difference = "\(short(worst.maxDifference)) (\(worst.name))"
                    tolerance = worst.tolerance.description
                } else if let e = c.error {
                    difference = String(e.prefix(40))
                }
            }
            rows.append([r.id, core, torch, difference, tolerance, r.passed ? "ok" : "FAIL"])
        }
        lines += TextTable.lines(rows)
        lines.append(
            "core and torch: the headline figure (its last value for a list); difference: the largest, in the figure nearest its tolerance"
        )
        for r in run.results {
            let failing = r.checks.filter { !$0.passed || verbose }
            let figures = r.comparison?.figures.filter { !$0.passed } ?? []
            if failing.isEmpty && figures.isEmpty && r.comparison?.error == nil { continue }
            lines.append("")
            lines.append("\(r.id): \(r.summary)")
            for c in failing { lines.append("  \(c.passed ? "ok  " : "FAIL") \(c.name): \(c.detail)") }
            for f in figures.prefix(5) {
                lines.append(
                    "  FAIL \(f.name) differs from torch: core \(show(f.core)), torch \(show(f.torch)), max |Δ| \(short(f.maxDifference)) > \(f.tolerance)"
                )
            }
            if let e = r.comparison?.error { lines.append("  FAIL \(e)") }
            if let missing = r.comparison?.missingInTorch, !missing.isEmpty, verbose {
                lines.append("  not compared (torch did not report them): \(missing.joined(separator: ", "))")
            }
        }
        let failed = run.results.filter { !$0.passed }.map(\.id)
        lines.append("")
        lines.append(
            failed.isEmpty
                ? "all \(run.results.count) workloads passed (core \(String(format: "%.2f", run.coreSeconds)) s)"
                : "\(failed.count) of \(run.results.count) workloads failed: \(failed.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }

    static func show(_ values: [Double]) -> String {
        guard let last = values.last else { return "–" }
        return short(last)
    }

    static func short(_ v: Double) -> String {
        if v == 0 { return "0" }
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let a = abs(v)
        return a >= 1e5 || a < 1e-3 ? String(format: "%.3e", v) : String(format: "%.5g", v)
    }
}
