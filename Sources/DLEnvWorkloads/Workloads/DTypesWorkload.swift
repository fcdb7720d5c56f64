import DLEnvTensor

/// `dtypes`: float32 → float16 and → bfloat16 conversion with round-to-nearest-even (ties, subnormals, the
/// float16 overflow to inf at 65520), the round trip back to float32, float16 sums accumulated in float, and the
/// machine epsilons as conversion sees them. Expected bit patterns are torch 2.13's, measured (numerics.md §6.2,
/// §6.3); the twin re-measures them in the environment's torch.
public struct DTypesWorkload: Workload {
    public let id = "dtypes"
    public let summary = "float16/bfloat16 rounding (ties to even, subnormals), float16 overflow to inf at 65520"
    public let headline = "float16/65520_is_inf"
    public var tolerances: ToleranceRules { ToleranceRules(.exact()) }

    /// (float32 input, expected float16 bits, expected bfloat16 bits); nil where numerics.md has no measurement.
    static let cases: [(value: Double, f16: UInt16?, bf16: UInt16?)] = [
        (1 + 0x1p-11, 0x3c00, nil), (1 + 3 * 0x1p-11, 0x3c02, nil), (65504, 0x7bff, nil), (65520, 0x7c00, nil),
        (65519.99609375, 0x7bff, nil), (0x1p-24, 0x0001, nil), (0x1p-25, 0x0000, nil), (1.5 * 0x1p-25, 0x0001, nil),
        (3 * 0x1p-25, 0x0002, nil), (-0.0, 0x8000, nil), (Double(Float(0.1)), 0x2e66, 0x3dcd), (2049, 0x6800, nil),
        (2051, 0x6802, nil), (1 + 0x1p-8, nil, 0x3f80), (1 + 3 * 0x1p-8, nil, 0x3f82),
        (Double(Float(1e-40)), nil, 0x0001),
        (Double(Float.greatestFiniteMagnitude), 0x7c00, 0x7f80), (100000, 0x7c00, nil), (-1.5, 0xbe00, 0xbfc0),
        (Double(Float(3.14159265)), nil, nil),
    ]

    public init() {}

    public func twinData() -> JSONValue {
        ["values_bits": .numbers(Self.cases.map { Double(Float($0.value).bitPattern) })]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        let v = Tensor.vector(Self.cases.map(\.value))
        let half = v.to(.float16), brain = v.to(.bfloat16)
        var figures = Figures()
        let f16 = half.bits16(), bf16 = brain.bits16()
        figures.set("float16/bits", f16.map(Double.init))
        figures.set("bfloat16/bits", bf16.map(Double.init))
        figures.set("float16/back", half.to(.float32).toArray())
        figures.set("bfloat16/back", brain.to(.float32).toArray())
        figures.set("float16/65520_is_inf", Tensor(scalar: 65520).to(.float16).item().isInfinite)
        figures.set("float16/sum_4096_ones", Tensor.ones([4096], dtype: .float16).sum().item())
        // The epsilon is the gap above 1: 1 + eps survives the conversion, 1 + eps/2 rounds back to 1.
        figures.set("float16/eps", Tensor(scalar: 1 + 0x1p-10).to(.float16).item() - 1)
        figures.set("bfloat16/eps", Tensor(scalar: 1 + 0x1p-7).to(.bfloat16).item() - 1)
        figures.set("float16/max", Tensor(scalar: 65504).to(.float16).item())
        figures.set("bfloat16/max", Tensor(scalar: 3.3895313892515355e38).to(.bfloat16).item())

        var checks: [Check] = []
        var f16Wrong: [String] = [], bf16Wrong: [String] = []
        for (i, c) in Self.cases.enumerated() {
            if let want = c.f16, f16[i] != want {
                f16Wrong.append("\(fmt(c.value)) → \(hex(f16[i])), want \(hex(want))")
            }
            if let want = c.bf16, bf16[i] != want {
                bf16Wrong.append("\(fmt(c.value)) → \(hex(bf16[i])), want \(hex(want))")
            }
        }
        let f16Count = Self.cases.filter { $0.f16 != nil }.count, bf16Count = Self.cases.filter { $0.bf16 != nil }.count
        checks.append(
            Check(
                "float16 bits as torch", f16Wrong.isEmpty,
                f16Wrong.isEmpty
                    ? "\(f16Count) measured patterns (ties to even, subnormals, overflow)"
                    : f16Wrong.joined(separator: "; ")))
        checks.append(
            Check(
                "bfloat16 bits as torch", bf16Wrong.isEmpty,
                bf16Wrong.isEmpty ? "\(bf16Count) measured patterns" : bf16Wrong.joined(separator: "; ")))
        checks.append(
            Check(
                "float16 overflows at 65520", figures.scalar("float16/65520_is_inf") == 1,
                "65520 → inf, 65519.996 → 65504"))
        checks.append(
            Check(
                "float16 sums accumulate in float", figures.scalar("float16/sum_4096_ones") == 4096,
                "sum of 4096 ones in float16 = \(fmt(figures.scalar("float16/sum_4096_ones")))"))
        return (figures, checks)
    }

    private func hex(_ b: UInt16) -> String {
        let s = String(b, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - s.count) + s
    }
}
