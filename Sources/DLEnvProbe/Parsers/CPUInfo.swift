import DLEnvCore

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

extension CPUInfo {
    /// dlenv's CPU model of this CPU (DLEnvCore's table: microarchitecture → FP32 FLOP/cycle; the OpenBLAS core).
    /// The clock is cpufreq's `cpuinfo_max_freq` (`maxMHz`) when the kernel exposes it, else "cpu MHz", which is
    /// the current or base clock, not the boost clock work runs at (DESIGN §5: 2.6 GHz read, ≈ 3.5 GHz run).
    public func cpuModel(maxMHz: Double? = nil) -> CPUModel {
        let mhz = maxMHz.flatMap { $0 > 0 ? $0 : nil } ?? self.mhz
        let source =
            maxMHz.flatMap { $0 > 0 ? "cpufreq cpuinfo_max_freq" : nil }
            ?? (self.mhz == nil ? "no clock in /proc/cpuinfo" : "cpu MHz")
        return CPUModel(
            name: model, vendor: vendor, family: family, model: modelNumber, cores: physicalCores ?? logicalCores,
            logicalCores: logicalCores, flags: Set(flags), clockGHz: mhz.map { $0 / 1000 }, clockSource: source)
    }
}
