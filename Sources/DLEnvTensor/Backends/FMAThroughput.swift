import CDLEnvKernels
import Dispatch

/// The FP32 FMA throughput this machine attains now, on all cores: the peak `bench` judges its GEMM figures
/// against. The nominal peak (cores × FLOP/cycle × clock) needs the clock the cores run at, which /proc/cpuinfo
/// does not give (DESIGN §5: "cpu MHz" read 2.6 GHz while an FMA loop ran at ≈ 3.5 GHz); a shared host, a power
/// cap or a wrong clock shows as the two disagreeing.
public struct FMAThroughput: Sendable, Hashable, Codable {
    /// GFLOP/s over all threads (the best of a few short runs).
    public var gflops: Double
    /// The vector unit the loop used: "AVX-512", "AVX2+FMA", "SSE" or "scalar".
    public var unit: String
    public var threads: Int
    /// Wall time of the measurement(s), seconds.
    public var seconds: Double

    public init(gflops: Double, unit: String, threads: Int, seconds: Double) {
        self.gflops = gflops
        self.unit = unit
        self.threads = threads
        self.seconds = seconds
    }

    /// Measures for about `budget` seconds in total (calibration included): one run per core at once, best of 3.
    public static func measure(budget: Double = 0.08, threads: Int? = nil) -> FMAThroughput {
        let isa = dlenv_fma_peak_isa()
        let perIteration = dlenv_fma_peak_flops_per_iteration(isa)
        let workers = max(1, threads ?? Parallel.workers)
        let clock = ContinuousClock()
        let start = clock.now
        // Calibrate on one core: iterations for about a fifth of the budget / 3 runs.
        var iterations = 1 << 14
        while true {
            let t = seconds(clock.measure { sink(dlenv_fma_peak_run(isa, iterations)) })
            if t >= 0.002 || iterations >= 1 << 30 {
                iterations = max(1 << 12, Int(Double(iterations) * (budget / 4) / 3 / max(t, 1e-9)))
                break
            }
            iterations *= 4
        }
        var best = 0.0
        let n = iterations
        for _ in 0..<3 {
            let t = seconds(
                clock.measure {
                    DispatchQueue.concurrentPerform(iterations: workers) { _ in
                        sink(dlenv_fma_peak_run(isa, n))
                    }
                })
            best = max(best, Double(workers) * Double(n) * perIteration / t / 1e9)
        }
        let unit = ["scalar", "SSE", "AVX2+FMA", "AVX-512"][Int(max(0, min(3, isa)))]
        return FMAThroughput(
            gflops: (best * 10).rounded() / 10, unit: unit, threads: workers, seconds: seconds(clock.now - start))
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    @inline(never) private static func sink(_ x: Float) {
        if x.isNaN { print("", terminator: "") }
    }
}
