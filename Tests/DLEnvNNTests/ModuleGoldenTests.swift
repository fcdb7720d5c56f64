import DLEnvTensor
import Testing

@testable import DLEnvNN

struct ModuleGoldenFile: Decodable, Sendable {
    struct Record: Decodable, Sendable {
        var module: String
        var seed: UInt64?
        var input: [Double]?
        var inputs: [[Double]]?
        var input_shape: [Int]
        var target: [Int]?
        var output: [Double]?
        var outputs: [[Double]]?
        var loss: Double?
        var grads: [String: [Double]]?
        var params: [String: [Double]]?
        var output_shape: [Int]?
        var input_grad: [Double]?
        var running_mean: [Double]?
        var running_var: [Double]?
        var num_batches_tracked: Int?
    }
    var records: [Record]
    var named_parameters: [String]
    var named_buffers: [String]
}

let moduleGoldens: ModuleGoldenFile = GoldenFile.load("modules.json")

@Suite("Modules against torch goldens (float32 to 1e-5: reductions and GEMM order differ)")
struct ModuleGoldenTests {
    func record(_ name: String) -> ModuleGoldenFile.Record { moduleGoldens.records.first { $0.module == name }! }

    @Test func mlpForwardBackwardWithTorchsDefaultInit() {
        let r = record("mlp")
        let g = Generator(seed: r.seed!)
        let mlp = Sequential(
            Linear(6, 8, generator: g), ReLU(), Linear(8, 8, generator: g), Tanh(), Linear(8, 3, generator: g))
        for (name, tensor) in mlp.namedParameters() {
            // Default init is bit-exact, layer after layer, from one seeded generator.
            expectValues(tensor.toArray(), r.params![name]!, exact: true, rtol: 0, float32: true, name)
        }
        let x = Tensor(r.input!, shape: r.input_shape)
        let out = mlp(x)
        expectValues(out.toArray(), r.output!, exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "output")
        let loss = Loss.crossEntropy(out, Tensor(r.target!, shape: [r.target!.count]))
        #expect(isClose(loss.item(), r.loss!, rtol: 1e-5))
        loss.backward()
        for (name, tensor) in mlp.namedParameters() {
            expectValues(
                tensor.grad?.toArray() ?? [], r.grads![name]!, exact: false, rtol: 1e-4, atol: 1e-6, float32: true,
                "grad \(name)")
        }
    }

    @Test func cnnWithBatchNormTrainThenEval() {
        let r = record("cnn")
        let g = Generator(seed: r.seed!)
        let bn = BatchNorm2d(3)
        let cnn = Sequential(
            Conv2d(2, 3, kernelSize: 3, padding: 1, generator: g), bn, ReLU(), Flatten(), Linear(48, 2, generator: g))
        #expect(cnn.namedParameters().map(\.name) == moduleGoldens.named_parameters)
        #expect(cnn.namedBuffers().map(\.name) == moduleGoldens.named_buffers)
        let x1 = Tensor(r.inputs![0], shape: r.input_shape), x2 = Tensor(r.inputs![1], shape: r.input_shape)
        let out1 = cnn(x1)
        expectValues(out1.toArray(), r.outputs![0], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "train 1")
        out1.sum().backward()
        for (name, tensor) in cnn.namedParameters() {
            expectValues(
                tensor.grad?.toArray() ?? [], r.grads![name]!, exact: false, rtol: 1e-4, atol: 1e-5, float32: true,
                "grad \(name)")
        }
        let out2 = cnn(x2)
        expectValues(out2.toArray(), r.outputs![1], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "train 2")
        cnn.eval()
        #expect(!bn.training)
        let out3 = cnn(x1)
        expectValues(out3.toArray(), r.outputs![2], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "eval")
        expectValues(
            bn.runningMean!.toArray(), r.running_mean!, exact: false, rtol: 1e-5, float32: true, "running_mean")
        expectValues(bn.runningVar!.toArray(), r.running_var!, exact: false, rtol: 1e-5, float32: true, "running_var")
        #expect(bn.numBatchesTracked == r.num_batches_tracked)
    }

    @Test func batchNorm1dCumulativeAverage() {
        let r = record("batchnorm1d")
        let bn = BatchNorm1d(3, momentum: nil)
        let a = Tensor(r.inputs![0], shape: r.input_shape), b = Tensor(r.inputs![1], shape: r.input_shape)
        expectValues(bn(a).toArray(), r.outputs![0], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "batch 1")
        expectValues(bn(b).toArray(), r.outputs![1], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "batch 2")
        bn.eval()
        expectValues(bn(a).toArray(), r.outputs![2], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "eval")
        expectValues(bn.runningMean!.toArray(), r.running_mean!, exact: false, rtol: 1e-5, float32: true, "mean")
        expectValues(bn.runningVar!.toArray(), r.running_var!, exact: false, rtol: 1e-5, float32: true, "var")
    }
}

extension ModuleGoldenTests {
    @Test func convWithStrideDilationPaddingGroups() {
        let r = record("conv_variants")
        let conv = Conv2d(
            4, 6, kernelSize: (3, 2), stride: (2, 1), padding: (1, 0), dilation: (1, 2), groups: 2,
            generator: Generator(seed: r.seed!))
        let x = Tensor(r.input!, shape: r.input_shape).requiresGrad_()
        let out = conv(x)
        #expect(out.shape == r.output_shape!)
        expectValues(out.toArray(), r.output!, exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "output")
        (out * out).sum().backward()
        expectValues(x.grad?.toArray() ?? [], r.input_grad!, exact: false, rtol: 1e-4, atol: 1e-5, float32: true, "dx")
        for (name, p) in conv.namedParameters() {
            expectValues(
                p.grad?.toArray() ?? [], r.grads![name]!, exact: false, rtol: 1e-4, atol: 1e-5, float32: true, name)
        }
    }

    @Test func batchNormWithoutAffineAndWithoutRunningStats() {
        let r = record("batchnorm1d_nc_l")
        let bn = BatchNorm1d(3, affine: false)
        #expect(bn.parameters().isEmpty)
        let x = Tensor(r.inputs![0], shape: r.input_shape)
        expectValues(bn(x).toArray(), r.outputs![0], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "train")
        bn.eval()
        expectValues(bn(x).toArray(), r.outputs![1], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "eval")
        expectValues(bn.runningMean!.toArray(), r.running_mean!, exact: false, rtol: 1e-5, float32: true, "mean")
        expectValues(bn.runningVar!.toArray(), r.running_var!, exact: false, rtol: 1e-5, float32: true, "var")

        let s = record("batchnorm2d_no_stats")
        let bn2 = BatchNorm2d(2, trackRunningStats: false)
        #expect(bn2.namedBuffers().isEmpty)
        let y = Tensor(s.inputs![0], shape: s.input_shape)
        expectValues(bn2(y).toArray(), s.outputs![0], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "train")
        bn2.eval()
        expectValues(bn2(y).toArray(), s.outputs![1], exact: false, rtol: 1e-5, atol: 1e-6, float32: true, "eval")
    }
}

@Suite struct ModuleBehaviourTests {
    @Test func freezingSkipsParametersInTheOptimizer() throws {
        let g = Generator(seed: 0)
        let backbone = Linear(3, 4, generator: g), head = Linear(4, 2, generator: g)
        let model = Sequential(backbone, ReLU(), head)
        backbone.requiresGrad_(false)
        #expect(model.parameterCount(trainableOnly: true) == 4 * 2 + 2)
        #expect(model.parameterCount() == 3 * 4 + 4 + 4 * 2 + 2)
        let frozenBefore = backbone.weight.toArray(), headBefore = head.weight.toArray()
        let opt = try SGD(model.parameters(), lr: 0.5)
        let loss = Loss.mse(model(Tensor.ones([5, 3])), Tensor.zeros([5, 2]))
        loss.backward()
        #expect(backbone.weight.grad == nil)
        opt.step()
        #expect(backbone.weight.toArray() == frozenBefore)
        #expect(head.weight.toArray() != headBefore)
    }

    @Test func noGradRecordsNothing() {
        let layer = Linear(2, 2, generator: Generator(seed: 1))
        let y = noGrad { layer(Tensor.ones([1, 2])) }
        #expect(y.isLeaf)
        #expect(!y.requiresGrad)
    }

    @Test func dropoutIsIdentityInEvalAndScalesInTraining() {
        let dropout = Dropout(p: 0.5, generator: Generator(seed: 2))
        let x = Tensor.ones([1000])
        let trained = dropout(x).toArray()
        #expect(Set(trained).isSubset(of: [0, 2]))
        let kept = trained.filter { $0 == 2 }.count
        #expect(kept > 400 && kept < 600)
        dropout.eval()
        #expect(dropout(x).toArray() == x.toArray())
    }

    @Test func namesFollowTorch() {
        let model = Sequential(Linear(2, 3, generator: Generator(seed: 0)), PReLU(), Linear(3, 1, bias: false))
        #expect(model.namedParameters().map(\.name) == ["0.weight", "0.bias", "1.weight", "2.weight"])
        #expect(model.namedModules().map(\.name) == ["", "0", "1", "2"])
        model.eval()
        #expect(model.namedModules().allSatisfy { !$0.module.training })
        model.train()
        #expect(model.namedModules().allSatisfy { $0.module.training })
    }

    @Test func activationLayersWrapTheTensorFunctions() {
        let x = Tensor([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 7.0])
        let pairs: [(any Module, Tensor)] = [
            (ReLU(), x.relu()), (ReLU6(), x.relu6()), (LeakyReLU(negativeSlope: 0.2), x.leakyRelu(negativeSlope: 0.2)),
            (ELU(alpha: 0.5), x.elu(alpha: 0.5)), (SELU(), x.selu()), (CELU(alpha: 2), x.celu(alpha: 2)),
            (GELU(approximate: .tanh), x.gelu(approximate: .tanh)), (SiLU(), x.silu()), (Mish(), x.mish()),
            (Sigmoid(), x.sigmoid()), (Tanh(), x.tanh()),
            (Softplus(beta: 2, threshold: 5), x.softplus(beta: 2, threshold: 5)),
            (Softsign(), x.softsign()), (Hardtanh(minVal: -2, maxVal: 2), x.hardtanh(minVal: -2, maxVal: 2)),
            (Hardsigmoid(), x.hardsigmoid()), (Hardswish(), x.hardswish()),
            (Hardshrink(lambd: 1), x.hardshrink(lambd: 1)),
            (Softshrink(), x.softshrink()), (Tanhshrink(), x.tanhshrink()),
            (Threshold(0.5, value: -1), x.threshold(0.5, value: -1)),
            (LogSigmoid(), x.logsigmoid()), (Softmax(dim: 0), x.softmax(dim: 0)),
            (LogSoftmax(dim: 0), x.logSoftmax(dim: 0)),
            (Softmin(dim: 0), x.softmin(dim: 0)), (GLU(), x.glu()),
            (RReLU().eval(), x.leakyRelu(negativeSlope: (1.0 / 8 + 1.0 / 3) / 2)),
        ]
        for (layer, expected) in pairs {
            #expect(layer(x).toArray() == expected.toArray(), "\(type(of: layer))")
        }
        let prelu = PReLU(numParameters: 1, initialValue: 0.25)
        #expect(prelu(x).toArray() == x.leakyRelu(negativeSlope: 0.25).toArray())
    }
}

@Suite struct TrainingTests {
    /// The example in docs/nn.md, small: a backbone with a smaller lr, OneCycleLR driving both groups.
    @Test func documentedTrainingLoopLearns() throws {
        let g = Generator(seed: 0)
        let backbone = Sequential(Linear(4, 16, generator: g), ReLU())
        let head = Sequential(Linear(16, 3, generator: g))
        let model = Sequential(backbone, head)
        let opt = try SGD(
            [ParamGroup(backbone.parameters(), lr: 1e-3), ParamGroup(head.parameters())], lr: 1e-2, momentum: 0.9)
        let schedule = try OneCycleLR(opt, maxLR: [0.05, 0.5], totalSteps: 60)
        let x = Tensor.randn([30, 4], generator: g)
        let y = Tensor((0..<30).map { $0 % 3 }, shape: [30])
        let xs = x.toArray()
        // Make the classes separable: shift feature c by class c.
        var values: [Double] = []
        for i in 0..<120 {
            let feature = i % 4, label = (i / 4) % 3
            values.append(xs[i] + (feature == label ? 3.0 : 0.0))
        }
        let shifted = Tensor(values, shape: [30, 4])
        var losses: [Double] = []
        for _ in 0..<60 {
            let loss = Loss.crossEntropy(model(shifted), y, labelSmoothing: 0.1)
            losses.append(loss.item())
            opt.zeroGrad()
            loss.backward()
            opt.step()
            try schedule.step()
        }
        #expect(losses.last! < losses.first! * 0.5, "loss \(losses.first!) → \(losses.last!)")
        #expect(opt.groupOptions[0].lr < opt.groupOptions[1].lr)
    }
}
