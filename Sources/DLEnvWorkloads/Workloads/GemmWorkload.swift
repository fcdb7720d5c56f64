import DLEnvTensor
import Foundation

/// `gemm`: the core's matrix multiply (OpenBLAS when loaded, else its built-in kernel) against a plain float64
/// triple loop, in float32 and float64, on deterministic matrices A[i,k] = sin(0.37 i + 0.11 k),
/// B[k,j] = cos(0.23 k − 0.41 j). The twin does the same with torch (on the GPU with `--device cuda`, against
/// torch's float64 CPU product), so a broken BLAS, a wrong transpose or a TF32 surprise shows as an error jump.
public struct GemmWorkload: Workload {
    public let id = "gemm"
    public let summary = "BLAS matmul against a float64 reference kernel, float32 and float64 (twin: on its device)"
    public let headline = "max_rel_err/float32"
    public var tolerances: ToleranceRules {
        // Errors measure rounding, which depends on the BLAS kernel the CPU runs (OpenBLAS's Haswell, SkylakeX
        // and Prescott cores give different float32 errors for the same product), so they are bounds on every
        // side, the same bounds as the core's checks; checksums are values.
        ToleranceRules(
            .relative(1e-12),
            [
                ("max_rel_err/float32", .atMost(Self.float32Bound)),
                ("max_rel_err/float64", .atMost(Self.float64Bound)),
                ("checksum/float32", .relative(1e-5)),
            ])
    }

    let shape = [192, 160, 128], quickShape = [64, 48, 32]
    /// Largest accepted max |C − C_ref| / max |C_ref| (float32: a few hundred ulp at these sizes; float64 alike).
    static let float32Bound = 1e-5, float64Bound = 1e-12

    public init() {}

    public func twinData() -> JSONValue {
        ["shape": .numbers(shape.map(Double.init)), "quick_shape": .numbers(quickShape.map(Double.init))]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        let s = quick ? quickShape : shape
        let (m, k, n) = (s[0], s[1], s[2])
        var a = [Double](repeating: 0, count: m * k), b = [Double](repeating: 0, count: k * n)
        for i in 0..<m { for j in 0..<k { a[i * k + j] = sin(Double(i) * 0.37 + Double(j) * 0.11) } }
        for i in 0..<k { for j in 0..<n { b[i * n + j] = cos(Double(i) * 0.23 - Double(j) * 0.41) } }
        // The reference: a float64 triple loop, no BLAS.
        var ref = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let aip = a[i * k + p]
                for j in 0..<n { ref[i * n + j] += aip * b[p * n + j] }
            }
        }
        let scale = ref.map { Swift.abs($0) }.max() ?? 1
        var figures = Figures()
        for dtype in [DType.float32, .float64] {
            let c = Tensor(a, shape: [m, k], dtype: dtype).matmul(Tensor(b, shape: [k, n], dtype: dtype)).toArray()
            let err = zip(c, ref).map { Swift.abs($0 - $1) }.max() ?? .nan
            figures.set("max_rel_err/\(dtype.rawValue)", err / scale)
            figures.set("checksum/\(dtype.rawValue)", c.reduce(0, +))
        }
        let e32 = figures.scalar("max_rel_err/float32"), e64 = figures.scalar("max_rel_err/float64")
        let blas = BLASInfo.current
        let kernel = blas.library.map { "\($0)\(blas.core.map { " (\($0))" } ?? "")" } ?? "built-in kernel"
        let checks = [
            Check(
                "float32 GEMM accurate", e32 <= Self.float32Bound,
                "max error \(fmt(e32)) of max |C| ≤ \(fmt(Self.float32Bound)) (\(kernel), \(m)×\(k)×\(n))"),
            Check(
                "float64 GEMM accurate", e64 <= Self.float64Bound,
                "max error \(fmt(e64)) of max |C| ≤ \(fmt(Self.float64Bound))"),
        ]
        return (figures, checks)
    }
}
