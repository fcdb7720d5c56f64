import DLEnvCore
import DLEnvTensor
import Foundation

/// Runs the benchmarks and returns a `BenchReport` value; printing is the command's job.
public enum BenchSuite {
    /// What to run and against what.
    public struct Options: Sendable {
        /// Fewer sizes and repetitions (seconds instead of a minute; not comparable with a full run).
        public var quick = false
        /// A Python interpreter with torch: measure the torch twin in the same run.
        public var python: String?
        /// Only these benchmark names (nil: all).
        public var only: Set<String>?
        /// Interleaved rounds per benchmark: dlenv, torch, dlenv, torch, … each side keeps its best (at least 1).
        public var rounds = 3
        /// Seconds torch may take to start, and to answer each request.
        public var torchTimeout: Double = 900

        public init(
            quick: Bool = false, python: String? = nil, only: Set<String>? = nil, rounds: Int = 3,
            torchTimeout: Double = 900
        ) {
            self.quick = quick
            self.python = python
            self.only = only
            self.rounds = rounds
            self.torchTimeout = torchTimeout
        }
    }

    /// The element-wise benchmarks: one 64 MiB result per call, the blocks the tensor core's cache reuses.
    public static let elementwiseNames: Set<String> = ["relu_16m", "gelu_16m", "sigmoid_16m"]

    /// Every benchmark name of a full run, in the order they run ("sgemm_256", "dgemm_256", …, "tiny_mlp_step").
    public static var names: [String] { jobs(Options()).map(\.name) }

    /// Checks the options before anything runs: at least one round, and only known benchmark names.
    public static func validate(_ options: Options) throws(BenchError) {
        guard options.rounds >= 1 else { throw .roundsBelowOne(options.rounds) }
        let known = names
        for name in options.only ?? [] where !known.contains(name) {
            throw .unknownBenchmark(name, suggestion: closest(to: name, in: known).first, known: known)
        }
    }

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
    /// called before each step. Throws `BenchError` for invalid options and for a torch side that cannot run.
    public static func run(
        _ options: Options, cpu: CPUModel, progress: (Int, Int, String) -> Void = { _, _, _ in }
    ) throws(BenchError) -> BenchReport {
        try validate(options)
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
            let measureTheirs = { (server: BenchTorch) throws(BenchError) -> Void in
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
}
