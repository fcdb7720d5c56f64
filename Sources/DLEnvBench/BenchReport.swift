import DLEnvCore
import DLEnvTensor
import Foundation

/// The outcome of `dlenv bench` as a value (stored by the history, printed by the command).
/// JSON keys are stable: results, blas, cpu, measured_peak, torch, notes, rounds, quick, block_cache.
public struct BenchReport: Codable, Sendable, Equatable {
    public struct Result: Codable, Sendable, Equatable {
        /// "sgemm_1024", "gelu_16m", "mlp_step", "tiny_mlp_step", …
        public var name: String
        /// Higher is better: GFLOP/s, Melem/s or steps/s. The best round that is not an outlier.
        public var value: Double
        public var unit: String
        /// value / the FMA throughput measured in the same run (nil where no peak applies).
        public var peakFraction: Double?
        /// value / the nominal peak (cores × FLOP/cycle × clock; nil without a clock or where no peak applies).
        public var nominalPeakFraction: Double?
        /// dlenv's speed divided by torch's, measured in the same run (nil without --python, or when either side
        /// is noisy: see `noisy`).
        public var vsTorch: Double?
        /// torch's figure in the same unit (nil without --python).
        public var torchValue: Double?
        /// dlenv's figure in each round, in order (re-runs of outliers included); `value` is the best kept one.
        public var values: [Double] = []
        /// torch's figure in each round, in order (nil without --python); `torch_value` is the best kept one.
        public var torchValues: [Double]?
        /// Every round of each side with its median, spread, outliers and stability.
        public var rounds: BenchRounds?
        public var torchRounds: BenchRounds?
        /// Why `vs_torch` is null although both sides ran ("torch's rounds spread 98 %").
        public var noisy: String?

        public init(
            name: String, value: Double, unit: String, peakFraction: Double?, nominalPeakFraction: Double? = nil,
            vsTorch: Double? = nil, torchValue: Double? = nil, values: [Double] = [], torchValues: [Double]? = nil
        ) {
            self.name = name
            self.value = value
            self.unit = unit
            self.peakFraction = peakFraction
            self.nominalPeakFraction = nominalPeakFraction
            self.vsTorch = vsTorch
            self.torchValue = torchValue
            self.values = values
            self.torchValues = torchValues
        }

        enum CodingKeys: String, CodingKey {
            case name, value, unit, values, rounds, noisy
            case peakFraction = "peak_fraction"
            case nominalPeakFraction = "nominal_peak_fraction"
            case vsTorch = "vs_torch"
            case torchValue = "torch_value"
            case torchValues = "torch_values"
            case torchRounds = "torch_rounds"
        }

        // Explicit nulls: the documented keys are always present.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encode(unit, forKey: .unit)
            try c.encode(peakFraction, forKey: .peakFraction)
            try c.encode(nominalPeakFraction, forKey: .nominalPeakFraction)
            try c.encode(vsTorch, forKey: .vsTorch)
            try c.encode(torchValue, forKey: .torchValue)
            try c.encode(values, forKey: .values)
            try c.encode(torchValues, forKey: .torchValues)
            try c.encode(rounds, forKey: .rounds)
            try c.encode(torchRounds, forKey: .torchRounds)
            try c.encode(noisy, forKey: .noisy)
        }
    }

    public struct BLAS: Codable, Sendable, Equatable {
        public var library: String?
        public var core: String?
        public var threads: Int
        /// OPENBLAS_CORETYPE as the library saw it, and who set it ("user" or "dlenv").
        public var coreTypeOverride: String?
        public var coreTypeSetBy: String?

        public init(
            library: String?, core: String?, threads: Int, coreTypeOverride: String? = nil,
            coreTypeSetBy: String? = nil
        ) {
            self.library = library
            self.core = core
            self.threads = threads
            self.coreTypeOverride = coreTypeOverride
            self.coreTypeSetBy = coreTypeSetBy
        }

        enum CodingKeys: String, CodingKey {
            case library, core, threads
            case coreTypeOverride = "coretype_override"
            case coreTypeSetBy = "coretype_set_by"
        }

        // Explicit nulls: `library` is null when the built-in kernel runs.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(library, forKey: .library)
            try c.encode(core, forKey: .core)
            try c.encode(threads, forKey: .threads)
            try c.encode(coreTypeOverride, forKey: .coreTypeOverride)
            try c.encode(coreTypeSetBy, forKey: .coreTypeSetBy)
        }
    }

    public struct Torch: Codable, Sendable, Equatable {
        public var version: String
        public var threads: Int
        public var python: String

        public init(version: String, threads: Int, python: String) {
            self.version = version
            self.threads = threads
            self.python = python
        }
    }

    /// What the tensor core's large-block cache did during the run (`TensorMemory.blockCache`).
    public struct BlockCache: Codable, Sendable, Equatable {
        /// Large blocks served from freed memory, over the whole run.
        public var hits: Int
        /// Large blocks freshly mapped, over the whole run.
        public var misses: Int
        public var budgetBytes: Int
        /// The hits during the element-wise benchmarks alone (relu/gelu/sigmoid_16m).
        public var elementwiseHits: Int

        public init(hits: Int, misses: Int, budgetBytes: Int, elementwiseHits: Int) {
            self.hits = hits
            self.misses = misses
            self.budgetBytes = budgetBytes
            self.elementwiseHits = elementwiseHits
        }

        enum CodingKeys: String, CodingKey {
            case hits, misses
            case budgetBytes = "budget_bytes"
            case elementwiseHits = "elementwise_hits"
        }
    }

    public var results: [Result]
    public var blas: BLAS
    /// dlenv's CPU model (the same value `probe` and `doctor` report): nominal peak with its sources.
    public var cpu: CPUModel
    /// The FP32 FMA throughput measured on all cores in this run: what `peak_fraction` divides by.
    public var measuredPeak: FMAThroughput?
    /// The torch run that the ratios compare with (nil without --python).
    public var torch: Torch?
    /// Explanations: a BLAS far below peak and why, missed targets.
    public var notes: [String]
    /// How many interleaved rounds each side ran (dlenv, torch, dlenv, torch, …); values are the best per side.
    public var rounds = 1
    /// The large-block cache's counters (nil in reports built by hand).
    public var blockCache: BlockCache?
    /// Whether this was a `--quick` run (fewer sizes and repetitions: not comparable with a full run).
    public var quick = false

    public init(
        results: [Result], blas: BLAS, cpu: CPUModel, measuredPeak: FMAThroughput? = nil, torch: Torch? = nil,
        notes: [String], rounds: Int = 1, blockCache: BlockCache? = nil, quick: Bool = false
    ) {
        self.results = results
        self.blas = blas
        self.cpu = cpu
        self.measuredPeak = measuredPeak
        self.torch = torch
        self.notes = notes
        self.rounds = rounds
        self.blockCache = blockCache
        self.quick = quick
    }

    /// A figure as the notes and the table print it: no decimals from 100, one from 10, else two.
    public static func format(_ v: Double) -> String {
        v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
    }

    enum CodingKeys: String, CodingKey {
        case results, blas, cpu, torch, notes, rounds, quick
        case measuredPeak = "measured_peak"
        case blockCache = "block_cache"
    }
}

extension BenchReport.BLAS {
    /// The library the tensor core loaded, as `BLASInfo` reports it.
    public init(_ info: BLASInfo) {
        self.init(
            library: info.library, core: info.core, threads: info.threads, coreTypeOverride: info.coreTypeOverride,
            coreTypeSetBy: info.coreTypeSetBy)
    }
}
