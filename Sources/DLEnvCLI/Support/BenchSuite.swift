import DLEnvCore
import DLEnvTensor
import DLEnvWorkloads
import Foundation

/// Runs the benchmarks and returns a `BenchReport` value; printing is the command's job.
enum BenchSuite {
    struct Options: Sendable {
        var quick = false
        /// A Python interpreter with torch: measure the torch twin in the same run.
        var python: String?
        /// Only these benchmark names (nil: all).
        var only: Set<String>?
        /// Interleaved rounds per benchmark: dlenv, torch, dlenv, torch, … each side keeps its best (at least 1).
        var rounds = 3
        /// Seconds torch may take to start, and to answer each request.
        var torchTimeout: Double = 900
    }

    /// The element-wise benchmarks: one 64 MiB result per call, the blocks the tensor core's cache reuses.
    static let elementwiseNames: Set<String> = ["relu_16m", "gelu_16m", "sigmoid_16m"]

    struct Job {
        let name: String
        let unit: String
        /// The FP32 FLOP/s share of the peak that applies (1 for float32, 0.5 for float64; nil: no peak applies).
        let peakShare: Double?
        /// Converts the value to GFLOP/s before dividing by the peak (identity for GFLOP/s).
        let toGFLOPS: (Double) -> Double
        let run: () -> Double
    }

    static func jobs(_ options: Options) -> [Job] {
        let reps = options.quick ? 3 : 5
        var jobs: [Job] = []
        for n in options.quick ? [256, 1024] : [256, 512, 1024, 2048] {
            jobs.append(
                Job(name: "sgemm_\(n)", unit: "GFLOP/s", peakShare: 1, toGFLOPS: { $0 }) {
                    BenchWorkloads.gemm(n, dtype: .float32, reps: reps)
                })
            jobs.append(
                Job(name: "dgemm_\(n)", unit: "GFLOP/s", peakShare: 0.5, toGFLOPS: { $0 }) {
                    BenchWorkloads.gemm(n, dtype: .float64, reps: reps)
                })
        }
        let activations: [(String, (Tensor) -> Tensor)] = [
            ("relu_16m", { $0.relu() }), ("gelu_16m", { $0.gelu() }), ("sigmoid_16m", { $0.sigmoid() }),
        ]
        for (name, f) in activations {
            jobs.append(
                Job(name: name, unit: "Melem/s", peakShare: nil, toGFLOPS: { $0 }) {
                    BenchWorkloads.elementwise(f, reps: reps)
                })
        }
        let mlpFLOPs = BenchWorkloads.mlpFLOPs(sizes: [784, 256, 256, 10], batch: 128)
        jobs.append(
            Job(name: "mlp_step", unit: "steps/s", peakShare: 1, toGFLOPS: { $0 * mlpFLOPs / 1e9 }) {
                BenchWorkloads.mlpStep(reps: reps, inner: options.quick ? 5 : 20)
            })
        jobs.append(
            Job(name: "tiny_mlp_step", unit: "steps/s", peakShare: nil, toGFLOPS: { $0 }) {
                BenchWorkloads.tinyMLPStep(reps: reps, inner: options.quick ? 200 : 1000)
            })
        return jobs.filter { options.only?.contains($0.name) ?? true }
    }

    /// Runs everything against `cpu` (dlenv's CPU model, as `probe` reports it). `progress(done, total, label)` is
    /// called before each step.
    static func run(
        _ options: Options, cpu: CPUModel, progress: (Int, Int, String) -> Void = { _, _, _ in }
    ) throws -> BenchReport {
        let jobs = jobs(options)
        let rounds = max(1, options.rounds)
        let total = jobs.count * rounds
        // One torch process for the whole run, started (and torch imported) before dlenv measures anything.
        var server: BenchTorch?
        if let python = options.python {
            progress(0, total, "starting torch in \(python)")
            server = try BenchTorch(python: python, quick: options.quick, timeout: options.torchTimeout)
        }
        defer { server?.close() }
        progress(0, total, "FMA throughput")
        var measured = FMAThroughput.measure()
        var results: [BenchReport.Result] = []
        var shares: [(share: Double, gflops: Double)?] = []
        var elementwiseHits = 0
        for (i, job) in jobs.enumerated() {
            var mine = BenchRounds(), theirs = BenchRounds()
            let measureMine = {
                let hits = TensorMemory.blockCache.hits
                mine.record(job.run())
                if elementwiseNames.contains(job.name) { elementwiseHits += TensorMemory.blockCache.hits - hits }
            }
            let measureTheirs = { (server: BenchTorch) in
                if let t = try server.measure(job.name) { theirs.record(t) } else { theirs.record(.nan) }
            }
            // Alternating sides round by round: a slow phase of a shared machine lands on both, not on one.
            for round in 0..<rounds {
                let label = rounds > 1 ? "\(job.name) \(round + 1)/\(rounds)" : job.name
                progress(i * rounds + round, total, label)
                measureMine()
                if let server {
                    progress(i * rounds + round, total, "\(label) (torch)")
                    try measureTheirs(server)
                }
            }
            // A round far from the others is flagged and measured again (as many times as there were rounds at
            // most), never reported as the figure.
            for _ in 0..<min(mine.outliers.count, rounds) {
                progress(i * rounds + rounds - 1, total, "\(job.name) (re-run of an outlier)")
                measureMine()
            }
            if let server {
                for _ in 0..<min(theirs.outliers.count, rounds) {
                    progress(i * rounds + rounds - 1, total, "\(job.name) (torch, re-run of an outlier)")
                    try measureTheirs(server)
                }
            }
            let value = mine.best ?? 0
            let gflops = job.toGFLOPS(value)
            var result = BenchReport.Result(
                name: job.name, value: value, unit: job.unit, peakFraction: nil,
                nominalPeakFraction: job.peakShare.flatMap { share in
                    cpu.nominalPeakGFLOPS.flatMap { $0 > 0 ? gflops / ($0 * share) : nil }
                },
                values: mine.values)
            result.rounds = mine
            if server != nil {
                let comparison = BenchComparison(dlenv: mine, torch: theirs)
                result.torchValues = theirs.values
                result.torchRounds = theirs
                result.torchValue = theirs.best
                result.vsTorch = comparison.ratio
                result.noisy = comparison.noisy
            }
            results.append(result)
            shares.append(job.peakShare.map { (share: $0, gflops: gflops) })
        }
        // Measured again at the end, the better kept: the attainable peak, whichever phase of a shared machine
        // the start fell in.
        let again = FMAThroughput.measure()
        if again.gflops > measured.gflops { measured = again }
        measured.seconds += again.seconds
        for (i, s) in shares.enumerated() {
            guard let s, measured.gflops > 0 else { continue }
            results[i].peakFraction = s.gflops / (measured.gflops * s.share)
        }
        progress(total, total, "done")
        let blas = BLASInfo.current
        let cache = TensorMemory.blockCache
        let blockCache = BenchReport.BlockCache(
            hits: cache.hits, misses: cache.misses, budgetBytes: cache.budgetBytes, elementwiseHits: elementwiseHits)
        return BenchReport(
            results: results, blas: BenchReport.BLAS(blas), cpu: cpu, measuredPeak: measured,
            torch: server.map { BenchReport.Torch(version: $0.version, threads: $0.threads, python: $0.python) },
            notes: notes(results, blas: blas, cpu: cpu, measured: measured, blockCache: blockCache), rounds: rounds,
            blockCache: blockCache, quick: options.quick)
    }

    /// Explanations for figures far from the targets (issue #4), naming the cause where it is known.
    static func notes(
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
                let values = rounds.outliers.map(BenchRendering.format).joined(separator: ", ")
                let median = rounds.median.map { " (median of the kept rounds \(BenchRendering.format($0)))" } ?? ""
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
