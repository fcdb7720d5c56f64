/// `OneCycleLR` (Smith & Topin 2018, "Super-Convergence"): warm up from max_lr/div_factor to max_lr, then
/// anneal to max_lr/(div_factor·final_div_factor); momentum (or beta1) moves inversely. Absolute and
/// stateless in the step number; stepping past `totalSteps` raises, as in torch.
public final class OneCycleLR: LRScheduler {
    /// How the lr moves inside a phase.
    public enum Anneal: String, Sendable, CaseIterable {
        case cos, linear
    }

    struct Phase {
        var endStep: Double
        var startLR: KeyPath<ParamGroupOptions, Double?>
        var endLR: KeyPath<ParamGroupOptions, Double?>
        var startMomentum: KeyPath<ParamGroupOptions, Double?>
        var endMomentum: KeyPath<ParamGroupOptions, Double?>
    }

    public let totalSteps: Int
    public let anneal: Anneal
    public let cycleMomentum: Bool
    let phases: [Phase]

    /// Either `totalSteps`, or `epochs` and `stepsPerEpoch`.
    public init(
        _ optimizer: any ParamGroupsOwner, maxLR: [Double], totalSteps: Int? = nil, epochs: Int? = nil,
        stepsPerEpoch: Int? = nil, pctStart: Double = 0.3, annealStrategy: Anneal = .cos, cycleMomentum: Bool = true,
        baseMomentum: [Double] = [0.85], maxMomentum: [Double] = [0.95], divFactor: Double = 25.0,
        finalDivFactor: Double = 1e4, threePhase: Bool = false, lastEpoch: Int = -1
    ) throws {
        if let totalSteps {
            if totalSteps <= 0 {
                throw TorchError.value("Expected positive integer total_steps, but got \(totalSteps)")
            }
            self.totalSteps = totalSteps
        } else if let epochs, let stepsPerEpoch {
            if epochs <= 0 { throw TorchError.value("Expected positive integer epochs, but got \(epochs)") }
            if stepsPerEpoch <= 0 {
                throw TorchError.value("Expected positive integer steps_per_epoch, but got \(stepsPerEpoch)")
            }
            self.totalSteps = epochs * stepsPerEpoch
        } else {
            throw TorchError.value("You must define either total_steps OR (epochs AND steps_per_epoch)")
        }
        let total = Double(self.totalSteps)
        if threePhase {
            phases = [
                Phase(
                    endStep: pctStart * total - 1, startLR: \.initialLR, endLR: \.maxLR,
                    startMomentum: \.maxMomentum, endMomentum: \.baseMomentum),
                Phase(
                    endStep: 2 * pctStart * total - 2, startLR: \.maxLR, endLR: \.initialLR,
                    startMomentum: \.baseMomentum, endMomentum: \.maxMomentum),
                Phase(
                    endStep: total - 1, startLR: \.initialLR, endLR: \.minLR, startMomentum: \.maxMomentum,
                    endMomentum: \.maxMomentum),
            ]
        } else {
            phases = [
                Phase(
                    endStep: pctStart * total - 1, startLR: \.initialLR, endLR: \.maxLR,
                    startMomentum: \.maxMomentum, endMomentum: \.baseMomentum),
                Phase(
                    endStep: total - 1, startLR: \.maxLR, endLR: \.minLR, startMomentum: \.baseMomentum,
                    endMomentum: \.maxMomentum),
            ]
        }
        if pctStart < 0 || pctStart > 1 {
            throw TorchError.value("Expected float between 0 and 1 pct_start, but got \(Py.repr(pctStart))")
        }
        anneal = annealStrategy
        let groups = optimizer.groupOptions.count
        let maxLRs = try formatParam("max_lr", maxLR, groups: groups)
        if lastEpoch == -1 {
            for i in 0..<groups {
                let initial = try Py.div(maxLRs[i], divFactor)
                optimizer.groupOptions[i].initialLR = initial
                optimizer.groupOptions[i].maxLR = maxLRs[i]
                optimizer.groupOptions[i].minLR = try Py.div(initial, finalDivFactor)
            }
        }
        self.cycleMomentum = cycleMomentum
        if cycleMomentum {
            guard optimizer.momentumKey != nil else {
                throw TorchError.value(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            }
            let maxMomentums = try formatParam("max_momentum", maxMomentum, groups: groups)
            let baseMomentums = try formatParam("base_momentum", baseMomentum, groups: groups)
            if lastEpoch == -1 {
                for i in 0..<groups {
                    optimizer.setMomentum(maxMomentums[i], group: i)
                    optimizer.groupOptions[i].maxMomentum = maxMomentums[i]
                    optimizer.groupOptions[i].baseMomentum = baseMomentums[i]
                }
            }
        }
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    private func annealed(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        switch anneal {
        case .cos: return end + (start - end) / 2.0 * (Py.cos(Py.pi * pct) + 1)
        case .linear: return (end - start) * pct + start
        }
    }

    private func value(_ group: ParamGroupOptions, _ key: KeyPath<ParamGroupOptions, Double?>) throws -> Double {
        guard let value = group[keyPath: key] else {
            throw TorchError(.keyError, "OneCycleLR needs max_lr, min_lr and initial_lr in every param group")
        }
        return value
    }

    override func getLR() throws -> [Double] {
        let stepNum = lastEpoch
        if stepNum > totalSteps {
            throw TorchError.value(
                "Tried to step \(stepNum) times. The specified number of total steps is \(totalSteps)")
        }
        var lrs: [Double] = []
        for i in optimizer.groupOptions.indices {
            let group = optimizer.groupOptions[i]
            var startStep = 0.0
            for (p, phase) in phases.enumerated() {
                if Double(stepNum) <= phase.endStep || p == phases.count - 1 {
                    let pct = try Py.div(Double(stepNum) - startStep, phase.endStep - startStep)
                    lrs.append(annealed(try value(group, phase.startLR), try value(group, phase.endLR), pct))
                    if cycleMomentum {
                        let momentum = annealed(
                            try value(group, phase.startMomentum), try value(group, phase.endMomentum), pct)
                        optimizer.setMomentum(momentum, group: i)
                    }
                    break
                }
                startStep = phase.endStep
            }
        }
        return lrs
    }
}
