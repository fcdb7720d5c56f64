/// The one CPU model dlenv reasons with (probe, doctor, bench, history, report): which microarchitecture a CPU is,
/// how many FP32 FLOP per cycle a core retires, the clock, and so the nominal peak, each number with its source.
/// DLEnvProbe fills it from /proc/cpuinfo and cpufreq; `bench` adds the measured FMA throughput beside it.
public struct CPUModel: Sendable, Hashable, Codable {
    /// "AMD EPYC 9654 96-Core Processor", as /proc/cpuinfo prints it.
    public var name: String
    public var vendor: String?
    public var family: Int?
    public var model: Int?
    /// Physical cores (logical CPUs when the file does not say).
    public var cores: Int
    public var logicalCores: Int
    /// The microarchitecture and its FP32 FLOP per cycle per core.
    public var core: CoreThroughput
    /// The clock the peak assumes, in GHz (nil when unknown), and where it came from.
    public var clockGHz: Double?
    public var clockSource: String
    /// The core `OPENBLAS_CORETYPE` dlenv sets before OpenBLAS loads (nil: none, OpenBLAS detects).
    public var openBLASCore: OpenBLASCoreChoice?

    public init(
        name: String, vendor: String?, family: Int?, model: Int?, cores: Int, logicalCores: Int, flags: Set<String>,
        clockGHz: Double?, clockSource: String
    ) {
        self.name = name
        self.vendor = vendor
        self.family = family
        self.model = model
        self.cores = max(cores, 1)
        self.logicalCores = max(logicalCores, 1)
        self.core = CoreThroughput.identify(vendor: vendor, family: family, model: model, flags: flags)
        self.clockGHz = clockGHz
        self.clockSource = clockSource
        self.openBLASCore = OpenBLASCoreChoice.choose(vendor: vendor, flags: flags)
    }

    /// cores × FP32 FLOP/cycle × clock, in GFLOP/s (nil without a clock); float64 is half.
    public var nominalPeakGFLOPS: Double? {
        clockGHz.map { (Double(cores * core.fp32FlopsPerCycle) * $0 * 10).rounded() / 10 }
    }

    /// "2 cores × 32 FLOP/cycle (Zen 4: AVX-512 on 256-bit FMA units) × 2.6 GHz (cpu MHz)".
    public var peakMethod: String? {
        guard let clockGHz else { return nil }
        let ghz = (clockGHz * 100).rounded() / 100
        return
            "\(cores) cores × \(core.fp32FlopsPerCycle) FLOP/cycle (\(core.description)) × \(ghz) GHz (\(clockSource))"
    }

    enum CodingKeys: String, CodingKey {
        case name, vendor, family, model, cores, core
        case logicalCores = "logical_cores"
        case clockGHz = "clock_ghz"
        case clockSource = "clock_source"
        case openBLASCore = "openblas_core"
        case nominalPeakGFLOPS = "nominal_peak_gflops"
        case peakMethod = "peak_method"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(family, forKey: .family)
        try c.encode(model, forKey: .model)
        try c.encode(cores, forKey: .cores)
        try c.encode(logicalCores, forKey: .logicalCores)
        try c.encode(core, forKey: .core)
        try c.encode(clockGHz, forKey: .clockGHz)
        try c.encode(clockSource, forKey: .clockSource)
        try c.encode(openBLASCore, forKey: .openBLASCore)
        try c.encode(nominalPeakGFLOPS, forKey: .nominalPeakGFLOPS)
        try c.encode(peakMethod, forKey: .peakMethod)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
        family = try c.decodeIfPresent(Int.self, forKey: .family)
        model = try c.decodeIfPresent(Int.self, forKey: .model)
        cores = try c.decode(Int.self, forKey: .cores)
        logicalCores = try c.decode(Int.self, forKey: .logicalCores)
        core = try c.decode(CoreThroughput.self, forKey: .core)
        clockGHz = try c.decodeIfPresent(Double.self, forKey: .clockGHz)
        clockSource = try c.decode(String.self, forKey: .clockSource)
        openBLASCore = try c.decodeIfPresent(OpenBLASCoreChoice.self, forKey: .openBLASCore)
    }
}

/// A core's microarchitecture and the FP32 FLOP per cycle it retires with its widest FMA, with the source.
public struct CoreThroughput: Sendable, Hashable, Codable, CustomStringConvertible {
    /// "Zen 4", "Skylake-SP / Cascade Lake / Cooper Lake", … nil when the family/model is not in the table.
    public var microarchitecture: String?
    /// The vector unit the figure assumes ("AVX-512 on 256-bit FMA units", "AVX2+FMA, 2 FMA units").
    public var unit: String
    public var fp32FlopsPerCycle: Int
    /// Where the figure comes from (a vendor manual, or "assumed from the flags").
    public var source: String

    public var description: String { microarchitecture.map { "\($0): \(unit)" } ?? unit }

    enum CodingKeys: String, CodingKey {
        case microarchitecture, unit, source
        case fp32FlopsPerCycle = "fp32_flops_per_cycle"
    }

    /// The table: vendor/family/model first (the same flags mean 32 or 64 FLOP/cycle on different cores), the
    /// flags only when the model is unknown.
    public static func identify(vendor: String?, family: Int?, model: Int?, flags: Set<String>) -> CoreThroughput {
        let amdGuide = "AMD Software Optimization Guide for family \(family.map { String($0, radix: 16) } ?? "?")h"
        let intelManual = "Intel 64 and IA-32 Architectures Optimization Reference Manual"
        func entry(_ arch: String, _ unit: String, _ flops: Int, _ source: String) -> CoreThroughput {
            CoreThroughput(microarchitecture: arch, unit: unit, fp32FlopsPerCycle: flops, source: source)
        }
        if vendor == "AuthenticAMD" || vendor == "HygonGenuine", let family {
            let m = model ?? 0
            switch family {
            case 24:  // Hygon Dhyana: Zen 1
                return entry("Zen", "AVX2 on 2 × 128-bit FMA pipes", 16, amdGuide)
            case 23 where m < 0x30:
                return entry("Zen / Zen+", "AVX2 on 2 × 128-bit FMA pipes", 16, amdGuide)
            case 23:
                return entry("Zen 2", "AVX2+FMA, 2 × 256-bit FMA pipes", 32, amdGuide)
            case 25 where (0x10...0x1F).contains(m) || (0x60...0x7F).contains(m) || (0xA0...0xAF).contains(m):
                return entry("Zen 4", "AVX-512 on 256-bit FMA units", 32, amdGuide)
            case 25:
                return entry("Zen 3", "AVX2+FMA, 2 × 256-bit FMA pipes", 32, amdGuide)
            case 26 where flags.contains("avx512f"):
                return entry("Zen 5", "AVX-512, 2 × 512-bit FMA pipes (mobile parts: 256-bit, half)", 64, amdGuide)
            default: break
            }
        }
        if vendor == "GenuineIntel", family == 6, let model {
            switch model {
            case 85: return entry("Skylake-SP / Cascade Lake / Cooper Lake", Self.twoUnits, 64, intelManual)
            case 106, 108: return entry("Ice Lake-SP", Self.twoUnits, 64, intelManual)
            case 143: return entry("Sapphire Rapids", Self.twoUnits, 64, intelManual)
            case 207: return entry("Emerald Rapids", Self.twoUnits, 64, intelManual)
            case 173, 174: return entry("Granite Rapids", Self.twoUnits, 64, intelManual)
            case 102, 125, 126, 140, 141, 167:
                return entry(
                    "Ice Lake / Tiger Lake / Rocket Lake client", "AVX-512, 1 × 512-bit FMA unit", 32, intelManual)
            default: break
            }
        }
        let assumed = "assumed from the SIMD flags (microarchitecture not in dlenv's table)"
        func flagged(_ unit: String, _ flops: Int) -> CoreThroughput {
            CoreThroughput(microarchitecture: nil, unit: unit, fp32FlopsPerCycle: flops, source: assumed)
        }
        if flags.contains("avx512f") && flags.contains("fma") { return flagged("AVX-512, 2 FMA units", 64) }
        if flags.contains("avx2") && flags.contains("fma") { return flagged("AVX2+FMA, 2 FMA units", 32) }
        if flags.contains("avx") { return flagged("AVX", 16) }
        if flags.contains("asimd") { return flagged("NEON, 2 FMA pipes", 16) }
        if flags.contains("sse") || flags.contains("sse2") { return flagged("SSE", 8) }
        return flagged("scalar", 2)
    }

    static let twoUnits = "AVX-512, 2 × 512-bit FMA units (Xeon Bronze/Silver with one: half)"
}

/// The OpenBLAS kernel core dlenv forces with `OPENBLAS_CORETYPE` before the library loads, and why: OpenBLAS
/// 0.3.21 (Debian 12) runs Sapphire Rapids and later Xeons on its generic Prescott kernel (DESIGN §5: sgemm 63
/// instead of 299 GFLOP/s), and other releases misdetect other new CPUs, so dlenv names the core from the flags
/// rather than trust the library's model table. The tensor core (at dlopen) and the probe use this one choice.
public struct OpenBLASCoreChoice: Sendable, Hashable, Codable {
    public var core: String
    public var reason: String

    public static func choose(vendor: String?, flags: Set<String>) -> OpenBLASCoreChoice? {
        if flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512vl") {
            // Cooper Lake's and Sapphire Rapids' cores add bf16 kernels only: FP32/FP64 GEMM is SkylakeX's.
            return OpenBLASCoreChoice(
                core: "SkylakeX",
                reason: "AVX-512 (F/BW/VL): OpenBLAS's AVX-512 GEMM kernels, whatever its model table says")
        }
        if flags.contains("avx2") && flags.contains("fma") {
            let amd = vendor == "AuthenticAMD" || vendor == "HygonGenuine"
            return OpenBLASCoreChoice(
                core: amd ? "Zen" : "Haswell", reason: "AVX2+FMA: OpenBLAS's AVX2 GEMM kernels")
        }
        return nil
    }
}
