import DLEnvBench
import Foundation

/// The human-readable bench table.
enum BenchRendering {
    static func text(_ r: BenchReport) -> String {
        var lines: [String] = []
        let blas =
            r.blas.library.map { "\($0), core \(r.blas.core ?? "?"), \(r.blas.threads) threads" }
            ?? "built-in kernel"
        let nominal = r.cpu.nominalPeakGFLOPS.map { "\(Int($0)) GFLOP/s nominal FP32 peak = \(r.cpu.peakMethod ?? "")" }
        lines.append("CPU  \(r.cpu.name): " + (nominal ?? "no clock known, no nominal peak"))
        if let m = r.measuredPeak {
            lines.append(
                "     \(format(m.gflops)) GFLOP/s measured FP32 FMA throughput (\(m.unit), \(m.threads) threads): "
                    + "the peak peak_fraction divides by")
        }
        var blasLine = "BLAS \(blas)"
        if let o = r.blas.coreTypeOverride {
            blasLine += " (OPENBLAS_CORETYPE=\(o), set by \(r.blas.coreTypeSetBy ?? "?"))"
        }
        lines.append(blasLine)
        if let t = r.torch { lines.append("torch \(t.version) (\(t.threads) threads) in \(t.python)") }
        lines.append(
            r.rounds == 1
                ? "1 round" + (r.torch == nil ? "" : " (dlenv, then torch)")
                : "\(r.rounds) rounds" + (r.torch == nil ? "" : " interleaved (dlenv, torch, dlenv, …)")
                    + ", best per side; ± is the spread of the rounds")
        lines.append("")
        let header = ["benchmark", "dlenv", "±", "unit", "of peak", "of nominal", "torch", "±", "vs torch"]
        var rows = [header]
        let percent = { (v: Double?) in v.map { String(format: "%.0f %%", $0 * 100) } ?? "–" }
        for x in r.results {
            rows.append([
                x.name, format(x.value), percent(x.rounds?.spread), x.unit, percent(x.peakFraction),
                percent(x.nominalPeakFraction), x.torchValue.map(format) ?? "–", percent(x.torchRounds?.spread),
                x.vsTorch.map { String(format: "%.2f×", $0) } ?? (x.noisy == nil ? "–" : "noisy"),
            ])
        }
        lines += TextTable.lines(rows, right: Set(header.indices).subtracting([0, 3]))
        if !r.notes.isEmpty {
            lines.append("")
            lines += r.notes.map { "note: \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ v: Double) -> String { BenchReport.format(v) }
}

extension CLIFailure {
    /// A bench error as the CLI reports it: exit 2 for a request that makes no sense, 3 for a torch side that
    /// cannot be examined.
    init(_ error: BenchError) {
        self =
            error.isBadInput
            ? .badInput(error.description, remedy: error.remedy)
            : .environment(error.description, remedy: error.remedy)
    }
}
