import Testing

@testable import DLEnvTensor

/// Every primitive's backward rule against central finite differences in Float64.
@Suite struct GradientTests {
    typealias Case = (inputs: [Tensor], f: ([Tensor]) -> Tensor, tolerance: Double)

    static func leaf(_ shape: [Int], _ seed: UInt64, lo: Double = -2, hi: Double = 2) -> Tensor {
        GradientCheck.leaf(shape, seed: seed, lo: lo, hi: hi)
    }

    /// Values bounded away from an activation's kinks (kinks are covered by the torch goldens).
    static func awayFromKinks(_ shape: [Int], _ seed: UInt64, kinks: [Double]) -> Tensor {
        let raw = GradientCheck.values(shape.reduce(1, *), seed: seed, lo: -4, hi: 4)
        let nudged = raw.map { v in kinks.contains { Swift.abs(v - $0) < 0.05 } ? v + 0.1 : v }
        return Tensor(nudged, shape: shape, dtype: .float64).requiresGrad_()
    }

    static func testCase(_ op: Op) -> Case {
        switch op {
        case .add: return ([leaf([2, 3], 1), leaf([3], 2)], { $0[0] + $0[1] }, 1e-7)
        case .sub: return ([leaf([2, 3], 1), leaf([2, 1], 2)], { $0[0] - $0[1] }, 1e-7)
        case .mul: return ([leaf([2, 3], 1), leaf([2, 3], 2)], { $0[0] * $0[1] }, 1e-7)
        case .div: return ([leaf([2, 3], 1), leaf([3], 2, lo: 1, hi: 2)], { $0[0] / $0[1] }, 1e-7)
        case .neg: return ([leaf([4], 1)], { -$0[0] }, 1e-7)
        case .powScalar: return ([leaf([5], 1, lo: 0.5, hi: 2)], { $0[0].pow(2.5) }, 1e-7)
        case .exp: return ([leaf([5], 1)], { $0[0].exp() }, 1e-7)
        case .log: return ([leaf([5], 1, lo: 0.5, hi: 3)], { $0[0].log() }, 1e-7)
        case .sqrt: return ([leaf([5], 1, lo: 0.5, hi: 3)], { $0[0].sqrt() }, 1e-7)
        case .abs: return ([awayFromKinks([6], 1, kinks: [0])], { $0[0].abs() }, 1e-7)
        case .sin: return ([leaf([5], 1)], { $0[0].sin() }, 1e-7)
        case .cos: return ([leaf([5], 1)], { $0[0].cos() }, 1e-7)
        case .clamp: return ([awayFromKinks([8], 1, kinks: [-1, 1.5])], { $0[0].clamp(min: -1, max: 1.5) }, 1e-7)
        case .maximum: return ([leaf([6], 1), leaf([6], 2)], { $0[0].maximum($0[1]) }, 1e-7)
        case .whereSelect:
            let cond = Tensor([true, false, true, false, false, true])
            return ([leaf([6], 1), leaf([6], 2)], { Tensor.where(cond, $0[0], $0[1]) }, 1e-7)
        case .sum: return ([leaf([2, 3, 4], 1)], { $0[0].sum(dims: [0, 2]) }, 1e-7)
        case .maxDim: return ([leaf([3, 4], 1)], { $0[0].max(dim: 1).values }, 1e-7)
        case .matmul: return ([leaf([2, 3, 4], 1), leaf([4, 5], 2)], { $0[0].matmul($0[1]) }, 1e-7)
        case .linear:
            // A rank-3 input (rows folded), a transposed-view weight, a bias; and the bias-free form.
            return (
                [leaf([2, 3, 4], 1), leaf([4, 5], 2), leaf([5], 3)],
                { $0[0].linear(weight: $0[1].T, bias: $0[2]) + $0[0].linear(weight: $0[1].T).exp() }, 1e-7
            )
        case .unfold:
            return (
                [leaf([1, 2, 4, 4], 1)], { $0[0].unfold(kernelSize: (2, 3), stride: (2, 1), padding: (1, 1)) }, 1e-7
            )
        case .reshape: return ([leaf([2, 6], 1)], { $0[0].reshape([3, 4]) * $0[0].reshape([3, 4]) }, 1e-7)
        case .permute: return ([leaf([2, 3, 4], 1)], { $0[0].permute([2, 0, 1]) }, 1e-7)
        case .expand: return ([leaf([3, 1], 1)], { $0[0].expand([2, 3, 4]) }, 1e-7)
        case .slice: return ([leaf([5, 4], 1)], { $0[0].slice(dim: 0, start: 1, end: 5, step: 2) }, 1e-7)
        case .cat: return ([leaf([2, 3], 1), leaf([1, 3], 2)], { Tensor.cat([$0[0], $0[1]], dim: 0) }, 1e-7)
        case .cast:
            // Through float32 and back: the finite difference itself carries float32 rounding.
            return ([leaf([4], 1)], { $0[0].to(.float32).to(.float64) }, 1e-3)
        case .clone: return ([leaf([2, 3], 1)], { $0[0].T.clone() }, 1e-7)
        case .gather:
            let index = Tensor([0, 2, 1, 1, 0, 0], shape: [2, 3])
            return ([leaf([2, 3], 1)], { $0[0].gather(1, index) }, 1e-7)
        case .relu: return ([awayFromKinks([8], 1, kinks: [0])], { $0[0].relu() }, 1e-7)
        case .hardtanh: return ([awayFromKinks([8], 1, kinks: [-1, 1])], { $0[0].hardtanh() }, 1e-7)
        case .leakyRelu: return ([awayFromKinks([8], 1, kinks: [0])], { $0[0].leakyRelu(negativeSlope: 0.2) }, 1e-7)
        case .prelu:
            return (
                [awayFromKinks([2, 3, 2], 1, kinks: [0]), leaf([3], 2, lo: 0.1, hi: 0.5)], { $0[0].prelu($0[1]) }, 1e-7
            )
        case .elu:
            return (
                [awayFromKinks([8], 1, kinks: [0])], { $0[0].elu(alpha: 1.3) + $0[0].selu() + $0[0].celu(alpha: 0.7) },
                1e-7
            )
        case .gelu: return ([leaf([8], 1, lo: -4, hi: 4)], { $0[0].gelu() }, 1e-7)
        case .geluTanh: return ([leaf([8], 1, lo: -4, hi: 4)], { $0[0].gelu(approximate: .tanh) }, 1e-7)
        case .silu: return ([leaf([8], 1, lo: -4, hi: 4)], { $0[0].silu() }, 1e-7)
        case .mish: return ([leaf([8], 1, lo: -4, hi: 4)], { $0[0].mish() }, 1e-7)
        case .sigmoid: return ([leaf([8], 1, lo: -4, hi: 4)], { $0[0].sigmoid() }, 1e-7)
        case .tanh: return ([leaf([8], 1, lo: -4, hi: 4)], { $0[0].tanh() }, 1e-7)
        case .softplus:
            return (
                [awayFromKinks([8], 1, kinks: [0.5])], { $0[0].softplus(beta: 2, threshold: 1) + $0[0].softplus() },
                1e-7
            )
        case .softsign: return ([awayFromKinks([8], 1, kinks: [0])], { $0[0].softsign() }, 1e-7)
        case .hardsigmoid:
            // torch's 1/6 is a float constant even in float64 (numerics.md §2.2), so agreement is ~1e-8.
            return ([awayFromKinks([8], 1, kinks: [-3, 3])], { $0[0].hardsigmoid() }, 1e-6)
        case .hardswish: return ([awayFromKinks([8], 1, kinks: [-3, 3])], { $0[0].hardswish() }, 1e-7)
        case .hardshrink: return ([awayFromKinks([8], 1, kinks: [-0.5, 0.5])], { $0[0].hardshrink() }, 1e-7)
        case .softshrink: return ([awayFromKinks([8], 1, kinks: [-0.5, 0.5])], { $0[0].softshrink() }, 1e-7)
        case .threshold: return ([awayFromKinks([8], 1, kinks: [0.1])], { $0[0].threshold(0.1, value: 20) }, 1e-7)
        case .logsigmoid: return ([leaf([8], 1, lo: -4, hi: 4)], { $0[0].logsigmoid() }, 1e-7)
        case .softmax: return ([leaf([2, 4], 1)], { $0[0].softmax(dim: 1) }, 1e-7)
        case .logSoftmax: return ([leaf([2, 4], 1)], { $0[0].logSoftmax(dim: 0) }, 1e-7)
        }
    }

    /// The ops recorded in a graph (to prove each case exercises its primitive).
    static func recordedOps(_ t: Tensor) -> Set<Op> {
        var seen = Set<Op>(), stack = [t]
        while let x = stack.popLast() {
            guard let node = x.gradFn else { continue }
            seen.insert(node.op)
            stack.append(contentsOf: node.inputs)
        }
        return seen
    }

    @Test(arguments: Op.allCases)
    func finiteDifferences(_ op: Op) {
        let c = Self.testCase(op)
        #expect(Self.recordedOps(c.f(c.inputs)).contains(op), "the \(op) case does not record \(op)")
        // float32 round trips need a step far above float32 rounding.
        let err = GradientCheck.maxError(c.inputs, eps: op == .cast ? 1e-2 : 1e-6, c.f)
        #expect(err < c.tolerance, "\(op): max relative error \(err)")
    }
}
