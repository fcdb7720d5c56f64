import DLEnvCore
import DLEnvTensor
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
        /// GFLOP/s the value is divided by for `peak_fraction` (nil: none applies).
        let peak: Double?
        /// Converts the value to GFLOP/s before dividing by the peak (identity for GFLOP/s).
        let toGFLOPS: (Double) -> Double
        let run: () -> Double
    }

    static func jobs(_ options: Options, cpu: CPUPeak) -> [Job] {
        let reps = options.quick ? 3 : 5
        let peak32 = cpu.fp32PeakGFLOPS
        var jobs: [Job] = []
        for n in options.quick ? [256, 1024] : [256, 512, 1024, 2048] {
            jobs.append(
                Job(name: "sgemm_\(n)", unit: "GFLOP/s", peak: peak32, toGFLOPS: { $0 }) {
                    BenchWorkloads.gemm(n, dtype: .float32, reps: reps)
                })
            jobs.append(
                Job(name: "dgemm_\(n)", unit: "GFLOP/s", peak: peak32 / 2, toGFLOPS: { $0 }) {
                    BenchWorkloads.gemm(n, dtype: .float64, reps: reps)
                })
        }
        let activations: [(String, (Tensor) -> Tensor)] = [
            ("relu_16m", { $0.relu() }), ("gelu_16m", { $0.gelu() }), ("sigmoid_16m", { $0.sigmoid() }),
        ]
        for (name, f) in activations {
            jobs.append(
                Job(name: name, unit: "Melem/s", peak: nil, toGFLOPS: { $0 }) {
                    BenchWorkloads.elementwise(f, reps: reps)
                })
        }
        let mlpFLOPs = BenchWorkloads.mlpFLOPs(sizes: [784, 256, 256, 10], batch: 128)
        jobs.append(
            Job(name: "mlp_step", unit: "steps/s", peak: peak32, toGFLOPS: { $0 * mlpFLOPs / 1e9 }) {
                BenchWorkloads.mlpStep(reps: reps, inner: options.quick ? 5 : 20)
            })
        jobs.append(
            Job(name: "tiny_mlp_step", unit: "steps/s", peak: nil, toGFLOPS: { $0 }) {
                BenchWorkloads.tinyMLPStep(reps: reps, inner: options.quick ? 200 : 1000)
            })
        return jobs.filter { options.only?.contains($0.name) ?? true }
    }

    /// Runs everything. `progress(done, total, label)` is called before each step.
    static func run(
        _ options: Options, cpuinfo: String, progress: (Int, Int, String) -> Void = { _, _, _ in }
    ) throws -> BenchReport {
        let cpu = CPUPeak(cpuinfo: cpuinfo)
        let jobs = jobs(options, cpu: cpu)
        let rounds = max(1, options.rounds)
        let total = jobs.count * rounds
        // One torch process for the whole run, started (and torch imported) before dlenv measures anything.
        var server: BenchTorch?
        if let python = options.python {
            progress(0, total, "starting torch in \(python)")
            server = try BenchTorch(python: python, quick: options.quick, timeout: options.torchTimeout)
        }
        defer { server?.close() }
        var results: [BenchReport.Result] = []
        var elementwiseHits = 0
        for (i, job) in jobs.enumerated() {
            var values: [Double] = [], torchValues: [Double] = []
            // Alternating sides round by round: a slow phase of a shared machine lands on both, not on one.
            for round in 0..<rounds {
                let label = rounds > 1 ? "\(job.name) \(round + 1)/\(rounds)" : job.name
                progress(i * rounds + round, total, label)
                let hits = TensorMemory.blockCache.hits
                values.append(job.run())
                if elementwiseNames.contains(job.name) { elementwiseHits += TensorMemory.blockCache.hits - hits }
                if let server {
                    progress(i * rounds + round, total, "\(label) (torch)")
                    if let t = try server.measure(job.name) { torchValues.append(t) }
                }
            }
            let value = values.max() ?? 0
            let fraction = job.peak.flatMap { $0 > 0 ? job.toGFLOPS(value) / $0 : nil }
            var result = BenchReport.Result(
                name: job.name, value: value, unit: job.unit, peakFraction: fraction, values: values)
            if server != nil {
                result.torchValues = torchValues
                if let t = torchValues.max() {
                    result.torchValue = t
                    result.vsTorch = value / t
                }
            }
            results.append(result)
        }
        progress(total, total, "done")
        let blas = BLASInfo.current
        let cache = TensorMemory.blockCache
        let blockCache = BenchReport.BlockCache(
            hits: cache.hits, misses: cache.misses, budgetBytes: cache.budgetBytes, elementwiseHits: elementwiseHits)
        return BenchReport(
            results: results, blas: BenchReport.BLAS(blas), cpu: BenchReport.CPU(cpu),
            torch: server.map { BenchReport.Torch(version: $0.version, threads: $0.threads, python: $0.python) },
            notes: notes(results, blas: blas, cpu: cpu, blockCache: blockCache), rounds: rounds,
            blockCache: blockCache, quick: options.quick)
    }

    /// Explanations for figures far from the targets (issue #4), naming the cause where it is known.
    static func notes(
        _ results: [BenchReport.Result], blas: BLASInfo, cpu: CPUPeak, blockCache: BenchReport.BlockCache? = nil
    ) -> [String] {
        var notes: [String] = []
        let gemm = results.filter { $0.name.hasPrefix("sgemm_") && $0.name != "sgemm_256" }
        if let worst = gemm.min(by: { ($0.peakFraction ?? 1) < ($1.peakFraction ?? 1) }),
            let f = worst.peakFraction, f < 0.5
        {
            let who =
                blas.library.map { "\($0) (core \(blas.core ?? "unknown"), \(blas.threads) threads)" }
                ?? "the built-in kernel (no OpenBLAS found; install libopenblas0)"
            var why =
                "\(worst.name) runs at \(Int((f * 100).rounded())) % of the \(Int(cpu.fp32PeakGFLOPS)) GFLOP/s FP32 peak on \(who)."
            let generic = ["Prescott", "Core2", "Katmai", "Coppermine", "Northwood", "Banias", "Atom", "Nehalem"]
            if let core = blas.core, generic.contains(where: { core.localizedCaseInsensitiveContains($0) }) {
                why += " OpenBLAS chose the generic '\(core)' kernel, which does not use AVX2/AVX-512"
                why += "; set OPENBLAS_CORETYPE=\(CPUFeatures.current.openBLASCoreType ?? "Haswell") before running."
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
        for r in results where (r.vsTorch ?? 1) < 1 {
            notes.append("\(r.name): \(String(format: "%.2f", r.vsTorch ?? 0))× torch in this run.")
        }
        return notes
    }
}
