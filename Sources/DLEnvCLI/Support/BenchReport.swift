import DLEnvCore
import DLEnvTensor

/// The outcome of `dlenv bench` as a value (stored by the history, printed by the command).
/// JSON keys are stable: results, blas, cpu, torch, notes, rounds, block_cache, quick.
struct BenchReport: Codable, Sendable, Equatable {
    struct Result: Codable, Sendable, Equatable {
        /// "sgemm_1024", "gelu_16m", "mlp_step", "tiny_mlp_step", …
        var name: String
        /// Higher is better: GFLOP/s, Melem/s or steps/s.
        var value: Double
        var unit: String
        /// value / the machine's peak for the operation (nil where no peak applies).
        var peakFraction: Double?
        /// dlenv's speed divided by torch's, measured in the same run (nil without --python).
        var vsTorch: Double?
        /// torch's figure in the same unit (nil without --python).
        var torchValue: Double?
        /// dlenv's figure in each round, in order; `value` is the best of them.
        var values: [Double] = []
        /// torch's figure in each round, in order (nil without --python); `torch_value` is the best of them.
        var torchValues: [Double]?

        enum CodingKeys: String, CodingKey {
            case name, value, unit, values
            case peakFraction = "peak_fraction"
            case vsTorch = "vs_torch"
            case torchValue = "torch_value"
            case torchValues = "torch_values"
        }

        // Explicit nulls: the documented keys are always present.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encode(unit, forKey: .unit)
            try c.encode(peakFraction, forKey: .peakFraction)
            try c.encode(vsTorch, forKey: .vsTorch)
            try c.encode(torchValue, forKey: .torchValue)
            try c.encode(values, forKey: .values)
            try c.encode(torchValues, forKey: .torchValues)
        }
    }

    struct BLAS: Codable, Sendable, Equatable {
        var library: String?
        var core: String?
        var threads: Int
        /// OPENBLAS_CORETYPE as the library saw it, and who set it ("user" or "dlenv").
        var coreTypeOverride: String?
        var coreTypeSetBy: String?

        enum CodingKeys: String, CodingKey {
            case library, core, threads
            case coreTypeOverride = "coretype_override"
            case coreTypeSetBy = "coretype_set_by"
        }

        // Explicit nulls: `library` is null when the built-in kernel runs.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(library, forKey: .library)
            try c.encode(core, forKey: .core)
            try c.encode(threads, forKey: .threads)
            try c.encode(coreTypeOverride, forKey: .coreTypeOverride)
            try c.encode(coreTypeSetBy, forKey: .coreTypeSetBy)
        }
    }

    struct CPU: Codable, Sendable, Equatable {
        var model: String
        var cores: Int
        var clockGHz: Double
        var flopsPerCycle: Int
        var fp32PeakGFLOPS: Double

        enum CodingKeys: String, CodingKey {
            case model, cores
            case clockGHz = "clock_ghz"
            case flopsPerCycle = "fp32_flops_per_cycle"
            case fp32PeakGFLOPS = "fp32_peak_gflops"
        }
    }

    struct Torch: Codable, Sendable, Equatable {
        var version: String
        var threads: Int
        var python: String
    }

    /// What the tensor core's large-block cache did during the run (`TensorMemory.blockCache`).
    struct BlockCache: Codable, Sendable, Equatable {
        /// Large blocks served from freed memory, over the whole run.
        var hits: Int
        /// Large blocks freshly mapped, over the whole run.
        var misses: Int
        var budgetBytes: Int
        /// The hits during the element-wise benchmarks alone (relu/gelu/sigmoid_16m).
        var elementwiseHits: Int

        enum CodingKeys: String, CodingKey {
            case hits, misses
            case budgetBytes = "budget_bytes"
            case elementwiseHits = "elementwise_hits"
        }
    }

    var results: [Result]
    var blas: BLAS
    var cpu: CPU
    /// The torch run that the ratios compare with (nil without --python).
    var torch: Torch?
    /// Explanations: a BLAS far below peak and why, missed targets.
    var notes: [String]
    /// How many interleaved rounds each side ran (dlenv, torch, dlenv, torch, …); values are the best per side.
    var rounds = 1
    /// The large-block cache's counters (nil in reports built by hand).
    var blockCache: BlockCache?
    /// Whether the run used the quick sizes (`--quick`): its figures are a series of their own in the history.
    var quick = false

    enum CodingKeys: String, CodingKey {
        case results, blas, cpu, torch, notes, rounds, quick
        case blockCache = "block_cache"
    }
}

extension BenchReport.BLAS {
    init(_ info: BLASInfo) {
        self.init(
            library: info.library, core: info.core, threads: info.threads, coreTypeOverride: info.coreTypeOverride,
            coreTypeSetBy: info.coreTypeSetBy)
    }
}

extension BenchReport.CPU {
    init(_ peak: CPUPeak) {
        self.init(
            model: peak.model, cores: peak.cores, clockGHz: peak.clockGHz, flopsPerCycle: peak.fp32FlopsPerCycle,
            fp32PeakGFLOPS: peak.fp32PeakGFLOPS)
    }
}
