import DLEnvTensor
import Testing

@testable import DLEnvNN

struct InitRecord: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var shape: [Int]
    var dtype: String
    var seed: UInt64
    var params: [String: JSONScalar]
    var values: [Double]
    var bias: [Double]?
    var exact: Bool
    var rtol: Double
    var testDescription: String { "\(name)\(shape) \(dtype) seed \(seed)" }
}

/// A number, string or bool from a golden's free-form `params`.
enum JSONScalar: Decodable, Sendable {
    case number(Double), string(String), bool(Bool)
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else {
            self = .string(try c.decode(String.self))
        }
    }
    var double: Double? { if case .number(let d) = self { return d } else { return nil } }
    var int: Int? { double.map { Int($0) } }
    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}

struct InitGoldenFile: Decodable, Sendable {
    struct Sparse: Decodable, Sendable {
        var shape: [Int]
        var sparsity: Double
        var zeros_per_column: [Int]
    }
    var torch_version: String
    var records: [InitRecord]
    var gains: [String: Double]
    var sparse: Sparse
}

let initGoldens: InitGoldenFile = GoldenFile.load("init.json")

/// Compares float32 values bit for bit (exact) or to `rtol`.
func expectValues(
    _ ours: [Double], _ torch: [Double], exact: Bool, rtol: Double, atol: Double? = nil, float32: Bool, _ what: String
) {
    #expect(ours.count == torch.count, "\(what): \(ours.count) values vs torch's \(torch.count)")
    var mismatches = 0
    for (a, b) in zip(ours, torch) {
        let same = float32 ? Float(a).bitPattern == Float(b).bitPattern : a.bitPattern == b.bitPattern
        if exact ? !same : !isClose(a, b, rtol: rtol, atol: atol ?? rtol * 1e-2) { mismatches += 1 }
    }
    #expect(mismatches == 0, "\(what): \(mismatches) of \(ours.count) differ (exact: \(exact), rtol \(rtol))")
}

@Suite("torch.nn.init and default init against torch goldens")
struct InitGoldenTests {
    @Test("init matches torch for a fixed seed", arguments: initGoldens.records)
    func matches(_ r: InitRecord) {
        let g = Generator(seed: r.seed)
        let dtype: DType = r.dtype == "float64" ? .float64 : .float32
        let float32 = dtype == .float32
        let p = r.params
        switch r.name {
        case "Linear":
            let m = Linear(p["in"]!.int!, p["out"]!.int!, dtype: dtype, generator: g)
            expectValues(m.weight.toArray(), r.values, exact: true, rtol: 0, float32: float32, "weight")
            expectValues(m.bias!.toArray(), r.bias!, exact: true, rtol: 0, float32: float32, "bias")
            return
        case "Conv2d":
            let m = Conv2d(
                p["in"]!.int!, p["out"]!.int!, kernelSize: (p["kh"]!.int!, p["kw"]!.int!), groups: p["groups"]!.int!,
                bias: p["bias"]!.bool!, generator: g)
            expectValues(m.weight.toArray(), r.values, exact: true, rtol: 0, float32: true, "weight")
            if let bias = r.bias { expectValues(m.bias!.toArray(), bias, exact: true, rtol: 0, float32: true, "bias") }
            return
        default: break
        }
        let t = Tensor.zeros(r.shape, dtype: dtype)
        switch r.name {
        case "uniform_": Init.uniform_(t, a: p["a"]!.double!, b: p["b"]!.double!, generator: g)
        case "normal_": Init.normal_(t, mean: p["mean"]!.double!, std: p["std"]!.double!, generator: g)
        case "xavier_uniform_": Init.xavierUniform_(t, gain: p["gain"]?.double ?? 1, generator: g)
        case "xavier_normal_": Init.xavierNormal_(t, gain: p["gain"]?.double ?? 1, generator: g)
        case "kaiming_uniform_", "kaiming_normal_":
            let mode = Init.FanMode(rawValue: p["mode"]?.string ?? "fan_in")!
            let nonlinearity = Init.Nonlinearity(rawValue: p["nonlinearity"]?.string ?? "leaky_relu")!
            let a = p["a"]?.double ?? 0
            if r.name == "kaiming_uniform_" {
                Init.kaimingUniform_(t, a: a, mode: mode, nonlinearity: nonlinearity, generator: g)
            } else {
                let target = r.shape.count == 1 ? t.view([8, 8]) : t
                Init.kaimingNormal_(target, a: a, mode: mode, nonlinearity: nonlinearity, generator: g)
            }
        case "trunc_normal_":
            Init.truncNormal_(
                t, mean: p["mean"]?.double ?? 0, std: p["std"]?.double ?? 1, a: p["a"]?.double ?? -2,
                b: p["b"]?.double ?? 2, generator: g)
        case "constant_": Init.constant_(t, p["val"]!.double!)
        case "ones_": Init.ones_(t)
        case "zeros_": Init.zeros_(t)
        case "eye_": Init.eye_(t)
        case "dirac_": Init.dirac_(t, groups: p["groups"]?.int ?? 1)
        case "orthogonal_": Init.orthogonal_(t, gain: p["gain"]?.double ?? 1, generator: g)
        default:
            Issue.record("no Swift counterpart for \(r.name)")
            return
        }
        expectValues(t.toArray(), r.values, exact: r.exact, rtol: r.rtol, float32: float32, r.name)
    }

    @Test func gainsAreTorchs() throws {
        for (name, gain) in initGoldens.gains {
            let value: Double
            switch name {
            case "leaky_relu(0.2)": value = Init.calculateGain(.leakyRelu, param: 0.2)
            case "leaky_relu(sqrt5)": value = Init.calculateGain(.leakyRelu, param: 5.0.squareRoot())
            default: value = try Init.calculateGain(name)
            }
            #expect(value == gain, "\(name)")
        }
        #expect(throws: TorchError.self) { try Init.calculateGain("swish") }
    }

    @Test func sparseZeroesTheSameNumberPerColumn() {
        let s = initGoldens.sparse
        let t = Tensor.zeros(s.shape)
        Init.sparse_(t, sparsity: s.sparsity, generator: Generator(seed: 0))
        let v = t.toArray()
        let zeros = (0..<s.shape[1]).map { c in (0..<s.shape[0]).filter { v[$0 * s.shape[1] + c] == 0 }.count }
        #expect(zeros == s.zeros_per_column)
    }

    @Test func orthogonalRowsAreOrthonormal() {
        let t = Tensor.zeros([4, 9])
        Init.orthogonal_(t, generator: Generator(seed: 3))
        let product = t.matmul(t.T).toArray()
        for i in 0..<4 {
            for j in 0..<4 { #expect(abs(product[i * 4 + j] - (i == j ? 1 : 0)) < 1e-5) }
        }
    }
}
