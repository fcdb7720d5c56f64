import DLEnvTensor

/// The benchmarked workloads on dlenv's tensor core. Each returns seconds per call (best of `reps`).
enum BenchWorkloads {
    static func best(reps: Int, inner: Int = 1, _ body: () -> Void) -> Double {
        for _ in 0..<inner { body() }
        var bestSeconds = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<reps {
            let elapsed = clock.measure { for _ in 0..<inner { body() } }
            let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bestSeconds = min(bestSeconds, s / Double(inner))
        }
        return bestSeconds
    }

    /// GFLOP/s of an n×n×n matrix product.
    static func gemm(_ n: Int, dtype: DType, reps: Int) -> Double {
        let g = Generator(seed: 0)
        let a = Tensor.rand([n, n], dtype: dtype, generator: g), b = Tensor.rand([n, n], dtype: dtype, generator: g)
        let s = best(reps: reps) { _ = a.matmul(b) }
        return 2 * Double(n * n * n) / s / 1e9
    }

    /// Million elements per second of an activation over 16 Mi float32 values.
    static func elementwise(_ f: (Tensor) -> Tensor, reps: Int) -> Double {
        let x = Tensor.randn([16 * 1024 * 1024], generator: Generator(seed: 0))
        let s = best(reps: reps) { _ = f(x) }
        return Double(x.count) / s / 1e6
    }

    /// A multi-layer perceptron trained by plain SGD on a fixed batch, written with tensor ops (the
    /// torch twin uses nn.Linear, F.cross_entropy and optim.SGD).
    final class MLP {
        let params: [Tensor]
        let x: Tensor, y: Tensor
        let classification: Bool
        let lr: Double

        init(sizes: [Int], batch: Int, classification: Bool, lr: Double) {
            let g = Generator(seed: 0)
            var params: [Tensor] = []
            for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
                // torch's default Linear init: U(±1/sqrt(fan_in)) for weight and bias.
                let bound = 1 / Double(fanIn).squareRoot()
                params.append(Tensor.zeros([fanOut, fanIn]).uniform_(from: -bound, to: bound, generator: g))
                params.append(Tensor.zeros([fanOut]).uniform_(from: -bound, to: bound, generator: g))
            }
            for p in params { p.requiresGrad = true }
            self.params = params
            x = Tensor.randn([batch, sizes[0]], generator: g)
            if classification {
                let labels = Tensor.rand([batch], generator: g).toArray().map { Int($0 * Double(sizes.last!)) }
                y = Tensor(labels, shape: [batch, 1])
            } else {
                y = Tensor.randn([batch, sizes.last!], generator: g)
            }
            self.classification = classification
            self.lr = lr
        }

        /// One forward + backward + SGD step; returns the loss.
        @discardableResult
        func step() -> Double {
            var h = x
            let layers = params.count / 2
            for l in 0..<layers {
                h = h.linear(weight: params[2 * l], bias: params[2 * l + 1])
                if l < layers - 1 { h = classification ? h.relu() : h.tanh() }
            }
            let loss: Tensor
            if classification {
                loss = -(h.logSoftmax(dim: 1).gather(1, y)).mean()
            } else {
                let d = h - y
                loss = (d * d).mean()
            }
            loss.backward()
            noGrad {
                for p in params {
                    if let g = p.grad { p.add_(g, alpha: -lr) }
                    p.grad = nil
                }
            }
            return loss.item()
        }
    }

    /// Steps per second of the 784-256-256-10 MLP, batch 128.
    static func mlpStep(reps: Int, inner: Int) -> Double {
        let mlp = MLP(sizes: [784, 256, 256, 10], batch: 128, classification: true, lr: 0.01)
        return 1 / best(reps: reps, inner: inner) { mlp.step() }
    }

    /// Steps per second of the 2-8-1 MLP, batch 4.
    static func tinyMLPStep(reps: Int, inner: Int) -> Double {
        let mlp = MLP(sizes: [2, 8, 1], batch: 4, classification: false, lr: 0.1)
        return 1 / best(reps: reps, inner: inner) { mlp.step() }
    }

    /// FLOPs of one training step of a dense MLP: forward 2·B·Σ(in·out), backward twice that.
    static func mlpFLOPs(sizes: [Int], batch: Int) -> Double {
        6 * Double(batch) * zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0 * $1.1) }
    }
}
