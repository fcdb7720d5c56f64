import Foundation

/// The human-readable bench table.
enum BenchRendering {
    static func text(_ r: BenchReport) -> String {
        var lines: [String] = []
        let blas =
            r.blas.library.map { "\($0), core \(r.blas.core ?? "?"), \(r.blas.threads) threads" }
            ?? "built-in kernel"
        lines.append(
            "CPU  \(r.cpu.model): \(r.cpu.cores) cores × \(r.cpu.flopsPerCycle) FLOP/cycle × "
                + "\(String(format: "%.2f", r.cpu.clockGHz)) GHz = \(String(format: "%.0f", r.cpu.fp32PeakGFLOPS)) GFLOP/s FP32 peak"
        )
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
                    + ", best per side")
        lines.append("")
        let header = ["benchmark", "dlenv", "unit", "of peak", "torch", "vs torch"]
        var rows = [header]
        for x in r.results {
            rows.append([
                x.name, format(x.value), x.unit, x.peakFraction.map { String(format: "%.0f %%", $0 * 100) } ?? "–",
                x.torchValue.map(format) ?? "–", x.vsTorch.map { String(format: "%.2f×", $0) } ?? "–",
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            lines.append(
                row.enumerated().map { c, cell in
                    c == 0 || c == 2
                        ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[c] - cell.count) + cell
                }.joined(separator: "  "))
        }
        if !r.notes.isEmpty {
            lines.append("")
            lines += r.notes.map { "note: \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ v: Double) -> String {
        v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
    }
}
