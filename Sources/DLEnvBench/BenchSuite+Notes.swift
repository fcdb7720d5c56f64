import DLEnvCore
import DLEnvTensor
import Foundation

extension BenchSuite {
    /// Explanations for figures far from the targets (issue #4), naming the cause where it is known.
    public static func notes(
        _ results: [BenchReport.Result], blas: BLASInfo, cpu: CPUModel, measured: FMAThroughput?,
        blockCache: BenchReport.BlockCache? = nil
    ) -> [String] {
        var notes: [String] = []
        if let measured, let nominal = cpu.nominalPeakGFLOPS, nominal > 0, measured.gflops > 0 {
            let ratio = measured.gflops / nominal
            let method = cpu.peakMethod ?? ""
            if ratio > 1.25, let clock = cpu.clockGHz {
                let runs = (clock * ratio * 10).rounded() / 10
                notes.append(
                    "the measured FMA throughput (\(Int(measured.gflops)) GFLOP/s, \(measured.unit)) is "
                        + "\(Int(((ratio - 1) * 100).rounded())) % above the nominal peak (\(Int(nominal)) GFLOP/s = "
                        + "\(method)): the cores run at ≈ \(runs) GHz, not the \((clock * 100).rounded() / 100) GHz of "
                        + "\(cpu.clockSource); "
                        + "peak_fraction uses the measured figure.")
            } else if ratio < 0.75 {
                notes.append(
                    "the measured FMA throughput (\(Int(measured.gflops)) GFLOP/s, \(measured.unit)) is "
                        + "\(Int(((1 - ratio) * 100).rounded())) % below the nominal peak (\(Int(nominal)) GFLOP/s = "
                        + "\(method)): a shared host, a power cap, or a core with fewer FMA units than dlenv's table "
                        + "assumes (\(cpu.core.source)); peak_fraction uses the measured figure.")
            }
        }
        let gemm = results.filter { $0.name.hasPrefix("sgemm_") && $0.name != "sgemm_256" }
        if let worst = gemm.min(by: { ($0.peakFraction ?? 1) < ($1.peakFraction ?? 1) }),
            let f = worst.peakFraction, f < 0.5
        {
            let who =
                blas.library.map { "\($0) (core \(blas.core ?? "unknown"), \(blas.threads) threads)" }
                ?? "the built-in kernel (no OpenBLAS found; install libopenblas0)"
            let peak = measured.map { "\(Int($0.gflops)) GFLOP/s measured FMA throughput" } ?? "peak"
            var why = "\(worst.name) runs at \(Int((f * 100).rounded())) % of the \(peak) on \(who)."
            let generic = ["Prescott", "Core2", "Katmai", "Coppermine", "Northwood", "Banias", "Atom", "Nehalem"]
            if let core = blas.core, generic.contains(where: { core.localizedCaseInsensitiveContains($0) }) {
                why += " OpenBLAS chose the generic '\(core)' kernel, which does not use AVX2/AVX-512"
                why += "; set OPENBLAS_CORETYPE=\(cpu.openBLASCore?.core ?? "Haswell") before running."
            } else if blas.coreTypeSetBy == "user" {
                why += " OPENBLAS_CORETYPE=\(blas.coreTypeOverride ?? "") was set by the user."
            } else {
                why += " Other processes sharing the CPU also lower this figure; rerun on an idle machine."
            }
            notes.append(why)
        }
        // The element-wise rows compare allocators as much as kernels (measured here, 2-core Zen 3: relu_16m read
        // 4-10× torch by default, 1.2-1.7× with DLENV_BLOCK_CACHE_MB=0 THP_MEM_ALLOC_ENABLE=1); say so rather
        // than let the ratio read as a faster kernel.
        let elementwise = results.map(\.name).filter(elementwiseNames.contains)
        if let cache = blockCache, cache.elementwiseHits > 0, !elementwise.isEmpty {
            let verb = elementwise.count == 1 ? "reuses" : "reuse"
            notes.append(
                "\(elementwise.joined(separator: ", ")) \(verb) freed 64 MiB result blocks (\(cache.elementwiseHits) hits), "
                    + "and dlenv's large blocks are 2 MiB huge pages; torch's allocator maps fresh 4 KiB pages for each "
                    + "result unless THP_MEM_ALLOC_ENABLE=1. With DLENV_BLOCK_CACHE_MB=0 every result is fresh memory "
                    + "as in torch; add THP_MEM_ALLOC_ENABLE=1 to compare kernels rather than allocators.")
        }
        for r in results {
            for (side, rounds) in [("dlenv", r.rounds), ("torch", r.torchRounds)] {
                guard let rounds, !rounds.outliers.isEmpty else { continue }
                let values = rounds.outliers.map(BenchReport.format).joined(separator: ", ")
                let median = rounds.median.map { " (median of the kept rounds \(BenchReport.format($0)))" } ?? ""
                notes.append(
                    "\(r.name): \(side) round(s) \(values) \(r.unit) far from the others\(median): flagged and "
                        + "re-run, not reported.")
            }
            if let why = r.noisy {
                notes.append("\(r.name): no ratio, \(why); rerun on an idle machine or with more --rounds.")
            } else if let ratio = r.vsTorch, ratio < 1 {
                notes.append("\(r.name): \(String(format: "%.2f", ratio))× torch in this run.")
            }
        }
        return notes
    }
}
