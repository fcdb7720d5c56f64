/// `CyclicLR` (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"): the lr cycles between
/// `baseLR` and `maxLR`, and (with `cycleMomentum`) momentum or Adam's beta1 cycles inversely between
/// `maxMomentum` and `baseMomentum`. Absolute: a function of the step number only.
public final class CyclicLR: LRScheduler {
    public let maxLRs: [Double]
    public let totalSize: Double
    public let stepRatio: Double
    public let mode: String
    public let gamma: Double
    public let scaleMode: String
    public let cycleMomentum: Bool
    let customScale: LRLambda?
    let baseMomentums: [Double]
    let maxMomentums: [Double]

    /// - Parameters mirror torch; `mode` is "triangular", "triangular2" or "exp_range" (or anything when a
    ///   `scaleFn` is given); single-element lists apply to every group.
    public init(
        _ optimizer: any ParamGroupsOwner, baseLR: [Double], maxLR: [Double], stepSizeUp: Double = 2000,
        stepSizeDown: Double? = nil, mode: String = "triangular", gamma: Double = 1.0, scaleFn: LRLambda? = nil,
        scaleMode: String = "cycle", cycleMomentum: Bool = true, baseMomentum: [Double] = [0.8],
        maxMomentum: [Double] = [0.9], lastEpoch: Int = -1
    ) throws {
        let groups = optimizer.groupOptions.count
        let bases = try formatParam("base_lr", baseLR, groups: groups)
        if lastEpoch == -1 {
            for (i, lr) in bases.enumerated() { optimizer.groupOptions[i].lr = lr }
        }
        maxLRs = try formatParam("max_lr", maxLR, groups: groups)
        let down = stepSizeDown ?? stepSizeUp
        totalSize = stepSizeUp + down
        stepRatio = try Py.div(stepSizeUp, totalSize)
        if !["triangular", "triangular2", "exp_range"].contains(mode) && scaleFn == nil {
            throw TorchError.value("mode is invalid and scale_fn is None")
        }
        self.mode = mode
        self.gamma = gamma
        customScale = scaleFn
        if scaleFn == nil {
            switch mode {
            case "exp_range": self.scaleMode = "iterations"
            default: self.scaleMode = "cycle"
            }
        } else {
            self.scaleMode = scaleMode
        }
        self.cycleMomentum = cycleMomentum
        if cycleMomentum {
            guard optimizer.momentumKey != nil else {
                throw TorchError.value(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            }
            baseMomentums = try formatParam("base_momentum", baseMomentum, groups: groups)
            maxMomentums = try formatParam("max_momentum", maxMomentum, groups: groups)
            if lastEpoch == -1 {
                for i in 0..<groups {
                    optimizer.setMomentum(maxMomentums[i], group: i)
                    optimizer.groupOptions[i].maxMomentum = maxMomentums[i]
                    optimizer.groupOptions[i].baseMomentum = baseMomentums[i]
                }
            }
        } else {
            baseMomentums = []
            maxMomentums = []
        }
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
        baseLRs = bases
    }

    private func scale(_ x: Int) throws -> Double {
        if let customScale { return try customScale(x) }
        switch mode {
        case "triangular2": return 1 / Py.pow(2.0, Double(x - 1))
        case "exp_range": return Py.pow(gamma, Double(x))
        default: return 1.0
        }
    }

    override func getLR() throws -> [Double] {
        let t = Double(lastEpoch)
        let cycle = Int((1 + (try Py.div(t, totalSize))).rounded(.down))
        let x = 1.0 + (try Py.div(t, totalSize)) - Double(cycle)
        let scaleFactor = x <= stepRatio ? try Py.div(x, stepRatio) : try Py.div(x - 1, stepRatio - 1)
        let f = try scale(scaleMode == "cycle" ? cycle : lastEpoch)
        let lrs = zip(baseLRs, maxLRs).map { base, top in base + (top - base) * scaleFactor * f }
        if cycleMomentum {
            for i in optimizer.groupOptions.indices {
                let height = (maxMomentums[i] - baseMomentums[i]) * scaleFactor
                optimizer.setMomentum(maxMomentums[i] - height * f, group: i)
            }
        }
        return lrs
    }
}
