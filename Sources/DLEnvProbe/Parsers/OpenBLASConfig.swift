import DLEnvCore

/// OpenBLAS's `openblas_get_config()` string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64",
/// and what core a library would pick on a CPU (DESIGN §5: Debian's 0.3.21 runs its generic "Prescott" kernel
/// on recent Xeons, 63 instead of 299 GFLOP/s, until `OPENBLAS_CORETYPE=SkylakeX` is set).
public struct OpenBLASConfig: Sendable, Hashable {
    public var version: String?
    public var dynamicArch: Bool
    /// The kernel core named in the string (DYNAMIC_ARCH builds append the core they picked).
    public var core: String?
    public var maxThreads: Int?

    public static func parse(_ text: String) -> OpenBLASConfig? {
        let words = TextScan.words(TextScan.trim(text))
        guard words.first == "OpenBLAS" else { return nil }
        var c = OpenBLASConfig(version: nil, dynamicArch: false, core: nil, maxThreads: nil)
        for w in words.dropFirst() {
            if c.version == nil, let v = TextScan.dottedVersion(w, minParts: 2), v == w || w.hasPrefix(v + ".dev") {
                c.version = v
            } else if w == "DYNAMIC_ARCH" {
                c.dynamicArch = true
            } else if w.hasPrefix("MAX_THREADS=") {
                c.maxThreads = Int(w.dropFirst("MAX_THREADS=".count))
            } else if w.first?.isUppercase == true, w.contains(where: { $0.isLowercase }), !w.contains("=") {
                c.core = w
            }
        }
        return c
    }

    /// Generic x86 cores OpenBLAS falls back to when it does not recognise a CPU.
    public static let genericCores: Set<String> = ["Prescott", "Katmai", "Core2", "Penryn", "Dunnington", "Nehalem"]

    /// The core a CPU should use (`OPENBLAS_CORETYPE` value): the one choice dlenv's tensor core applies.
    public static func recommendedCore(for cpu: CPUInfo) -> String? {
        OpenBLASCoreChoice.choose(vendor: cpu.vendor, flags: Set(cpu.flags))?.core
    }

    /// Intel models OpenBLAS 0.3.21's `dynamic.c` maps to an AVX-512 core (Skylake-SP/Cascade/Cooper Lake 85,
    /// Cannon Lake 102, Ice Lake 106/108/125/126, Tiger Lake 140/141). Others with AVX-512 (Sapphire Rapids
    /// 143, Emerald Rapids 207, Granite Rapids 173) fall through to the generic core: a prediction from the
    /// DESIGN §5 measurement, marked as such in the report.
    static let knownAVX512Models: Set<Int> = [85, 102, 106, 108, 125, 126, 140, 141]

    /// Whether a library of this version is expected to misdetect this CPU (DESIGN §5).
    public static func predictsMisdetection(version: String?, cpu: CPUInfo) -> Bool {
        guard cpu.vendor == "GenuineIntel", cpu.has("avx512f"), cpu.family == 6, let model = cpu.modelNumber,
            let v = version.flatMap({ TextScan.dottedVersion($0, minParts: 2) })
        else { return false }
        let parts = v.split(separator: ".").compactMap { Int($0) }
        let older = parts.count >= 3 && (parts[0], parts[1], parts[2]) <= (0, 3, 21)
        return older && !knownAVX512Models.contains(model)
    }
}
