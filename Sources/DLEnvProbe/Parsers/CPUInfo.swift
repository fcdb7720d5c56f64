/// `/proc/cpuinfo` (x86 "model name"/"flags", Arm "Features"/"CPU part"): model, logical and physical cores,
/// SIMD flags, clock.
public struct CPUInfo: Sendable, Hashable {
    public var model: String
    public var vendor: String?
    public var family: Int?
    public var modelNumber: Int?
    public var logicalCores: Int
    /// Physical cores (distinct physical id × core id pairs), nil when the file does not say.
    public var physicalCores: Int?
    public var flags: [String]
    /// "cpu MHz" of the first processor (the current clock on most kernels).
    public var mhz: Double?

    /// The SIMD-related flags worth showing (the full list has ~100 entries).
    public static let simdFlags: Set<String> = [
        "sse", "sse2", "ssse3", "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw",
        "avx512vl", "avx512_bf16", "avx512_fp16", "avx512_vnni", "amx_bf16", "amx_tile", "amx_int8", "avx_vnni",
        "asimd", "sve", "sve2", "asimdhp", "bf16", "i8mm",
    ]

    public static func parse(_ text: String) -> CPUInfo? {
        var model: String?
        var vendor: String?
        var family: Int?
        var modelNumber: Int?
        var processors = 0
        var flags: [String] = []
        var mhz: Double?
        var physicalID = "0"
        var cores: Set<String> = []
        for line in TextScan.lines(text) {
            guard let (key, value) = TextScan.keyValue(line) else { continue }
            switch key {
            case "processor": processors += 1
            case "model name", "Model", "Hardware", "cpu model": if model == nil, !value.isEmpty { model = value }
            case "vendor_id", "CPU implementer": if vendor == nil { vendor = value }
            case "cpu family": if family == nil { family = Int(value) }
            case "model": if modelNumber == nil { modelNumber = Int(value) }
            case "flags", "Features": if flags.isEmpty { flags = TextScan.words(value) }
            case "cpu MHz": if mhz == nil, let v = Double(value), v > 0, v < 100_000 { mhz = v }
            case "physical id": physicalID = value
            case "core id": cores.insert(physicalID + "/" + value)
            default: continue
            }
        }
        guard processors > 0 else { return nil }
        return CPUInfo(
            model: model ?? "unknown CPU", vendor: vendor, family: family, modelNumber: modelNumber,
            logicalCores: processors, physicalCores: cores.isEmpty ? nil : cores.count, flags: flags, mhz: mhz)
    }

    public func has(_ flag: String) -> Bool { flags.contains(flag) }
}

/// The theoretical FP32 peak: physical cores × FP32 FLOP per cycle × clock. FLOP per cycle by SIMD level,
/// assuming two FMA pipes per core as on the server parts dlenv targets (Intel Optimization Reference Manual,
/// "Skylake server microarchitecture": two 512-bit FMA units; DESIGN §5 uses 64 for AVX-512):
/// AVX-512 64 (Zen 4 runs AVX-512 on 256-bit pipes: 32), AVX2+FMA 32, AVX 16, SSE 8, Arm NEON 16.
public struct FP32Peak: Sendable, Hashable {
    public var gflops: Double
    public var flopsPerCycle: Int
    public var cores: Int
    public var ghz: Double
    /// How the number was obtained, for the report ("2 cores × 32 FLOP/cycle (AVX2+FMA) × 2.45 GHz").
    public var method: String

    /// `maxMHz` (cpufreq `cpuinfo_max_freq`) is preferred to the current "cpu MHz" when known.
    public static func estimate(_ cpu: CPUInfo, maxMHz: Double? = nil) -> FP32Peak? {
        guard let mhz = maxMHz ?? cpu.mhz, mhz > 0 else { return nil }
        let (flops, level): (Int, String)
        if cpu.has("avx512f") {
            // Zen 4 (family 25) splits 512-bit operations over 256-bit units; Zen 5 (family 26) has full width.
            let amdHalf = cpu.vendor == "AuthenticAMD" && (cpu.family ?? 0) < 26
            (flops, level) = amdHalf ? (32, "AVX-512 on 256-bit FMA units") : (64, "AVX-512, 2 FMA units")
        } else if cpu.has("avx2") && cpu.has("fma") {
            (flops, level) = (32, "AVX2+FMA, 2 FMA units")
        } else if cpu.has("avx") {
            (flops, level) = (16, "AVX")
        } else if cpu.has("asimd") {
            (flops, level) = (16, "NEON, 2 FMA pipes")
        } else if cpu.has("sse") || cpu.has("sse2") {
            (flops, level) = (8, "SSE")
        } else {
            (flops, level) = (2, "scalar")
        }
        let cores = cpu.physicalCores ?? cpu.logicalCores
        let ghz = mhz / 1000
        let gflops = (Double(cores * flops) * ghz * 10).rounded() / 10
        let clock = maxMHz != nil ? "max clock" : "cpu MHz"
        let text = "\(cores) cores × \(flops) FLOP/cycle (\(level)) × \(formatted(ghz)) GHz (\(clock))"
        return FP32Peak(gflops: gflops, flopsPerCycle: flops, cores: cores, ghz: ghz, method: text)
    }

    static func formatted(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return String(r)
    }
}
