/// An estimate of a CPU's peak floating-point throughput from /proc/cpuinfo: cores × FLOP per cycle × clock.
/// `dlenv probe` and `dlenv bench` both use this one function, so their figures agree.
public struct CPUPeak: Sendable, Hashable, Codable {
    /// Model name as /proc/cpuinfo prints it.
    public var model: String
    /// Logical CPUs counted ("processor" entries).
    public var cores: Int
    /// Single-precision FLOP per cycle per core assumed from the vector flags.
    public var fp32FlopsPerCycle: Int
    /// Clock in GHz ("cpu MHz" of the first processor).
    public var clockGHz: Double
    /// cores × FLOP/cycle × clock, in GFLOP/s (float32); float64 is half.
    public var fp32PeakGFLOPS: Double { Double(cores * fp32FlopsPerCycle) * clockGHz }

    /// Estimates from /proc/cpuinfo text. FLOP per cycle per core (single precision):
    /// AVX-512 with FMA: 2 FMA units × 16 lanes × 2 = 64; AVX2 with FMA: 2 × 8 × 2 = 32; AVX without FMA:
    /// 8 × 2 (one add + one mul port) = 16; SSE: 8. (Intel optimisation manual, "peak FLOPS" tables; AMD Zen 2+
    /// also has two 256-bit FMA pipes, Zen 1 splits them into 128-bit halves and is overestimated here.)
    public init(cpuinfo: String) {
        var model = "", cores = 0, mhz = 0.0
        var flags: Set<Substring> = []
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: " \t")
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            switch key {
            case "processor": cores += 1
            case "model name" where model.isEmpty: model = String(value)
            case "cpu MHz" where mhz == 0: mhz = Double(value) ?? 0
            case "flags" where flags.isEmpty: flags = Set(value.split(separator: " "))
            default: break
            }
        }
        let perCycle: Int
        if flags.contains("avx512f") && flags.contains("fma") {
            perCycle = 64
        } else if flags.contains("avx2") && flags.contains("fma") {
            perCycle = 32
        } else if flags.contains("avx") {
            perCycle = 16
        } else {
            perCycle = 8
        }
        self.model = model
        self.cores = max(cores, 1)
        self.fp32FlopsPerCycle = perCycle
        self.clockGHz = mhz / 1000
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) || c == "\r" { s = s.dropLast() }
        return s
    }
}
