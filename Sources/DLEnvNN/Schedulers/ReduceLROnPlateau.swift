/// `ReduceLROnPlateau`: multiply the lr by `factor` once the metric has not improved for more than
/// `patience` steps; then wait `cooldown` steps. Driven by `step(metric:)`, not by a step count; no
/// construction-time step (the lr stays as it is until the first reduction).
public final class ReduceLROnPlateau {
    public enum Mode: String, Sendable, CaseIterable { case min, max }
    public enum ThresholdMode: String, Sendable, CaseIterable { case rel, abs }

    public let optimizer: any ParamGroupsOwner
    public let mode: Mode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let eps: Double
    public private(set) var minLRs: [Double]
    let defaultMinLR: Double?
    public private(set) var best: Double
    public private(set) var numBadEpochs = 0
    public private(set) var cooldownCounter = 0
    public private(set) var lastEpoch = 0
    public private(set) var lastLR: [Double]

    /// `minLR` is one value for every group or one per group.
    public init(
        _ optimizer: any ParamGroupsOwner, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLR: [Double] = [0],
        minLRIsList: Bool = false, eps: Double = 1e-8
    ) throws {
        if factor >= 1.0 { throw TorchError.value("Factor should be < 1.0.") }
        let groups = optimizer.groupOptions.count
        if minLRIsList || minLR.count != 1 {
            if minLR.count != groups { throw TorchError.value("expected \(groups) min_lrs, got \(minLR.count)") }
            defaultMinLR = nil
            minLRs = minLR
        } else {
            defaultMinLR = minLR[0]
            minLRs = Array(repeating: minLR[0], count: groups)
        }
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.eps = eps
        self.best = mode == .min ? .infinity : -.infinity
        self.lastLR = optimizer.groupOptions.map(\.lr)
    }

    /// Whether `a` improves on `best` (note torch's rel mode is wrong-signed for negative metrics).
    func isBetter(_ a: Double, than best: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): return a < best * (1.0 - threshold)
        case (.min, .abs): return a < best - threshold
        case (.max, .rel): return a > best * (threshold + 1.0)
        case (.max, .abs): return a > best + threshold
        }
    }

    /// One epoch's metric.
    public func step(metric current: Double) throws {
        lastEpoch += 1
        if isBetter(current, than: best) {
            best = current
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            try reduceLR()
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLR = optimizer.groupOptions.map(\.lr)
    }

    private func reduceLR() throws {
        let groups = optimizer.groupOptions.count
        if groups != minLRs.count {
            guard let defaultMinLR else {
                throw TorchError(
                    .runtimeError,
                    "The number of param groups in the `optimizer` (\(groups)) differs from when `ReduceLROnPlateau` was initialized (\(minLRs.count)), usually due to a new param group being added to the optimizer. Please modify the `min_lrs` field to match the length of the `optimizer` param groups."
                )
            }
            minLRs = Array(repeating: defaultMinLR, count: groups)
        }
        for i in 0..<groups {
            let old = optimizer.groupOptions[i].lr
            let new = max(old * factor, minLRs[i])
            if old - new > eps { optimizer.groupOptions[i].lr = new }
        }
    }
}
