/// `StepLR`: lr ← lr · γ every `stepSize` epochs.
public final class StepLR: LRScheduler {
    public let stepSize: Int
    public let gamma: Double

    public init(_ optimizer: any ParamGroupsOwner, stepSize: Int, gamma: Double = 0.1, lastEpoch: Int = -1) throws {
        self.stepSize = stepSize
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        // Python evaluates `last_epoch == 0 or last_epoch % step_size != 0` left to right.
        if lastEpoch == 0 { return currentLRs }
        if try Py.mod(lastEpoch, stepSize) != 0 { return currentLRs }
        return currentLRs.map { $0 * gamma }
    }

    override func closedFormLR() throws -> [Double]? {
        if stepSize == 0 { throw TorchError(.zeroDivisionError, "integer division or modulo by zero") }
        let k = (lastEpoch - (try Py.mod(lastEpoch, stepSize))) / stepSize  // Python floor division
        return baseLRs.map { $0 * Py.pow(gamma, Double(k)) }
    }
}

/// `MultiStepLR`: lr ← lr · γ^(count) at each milestone (duplicates count, order does not matter).
public final class MultiStepLR: LRScheduler {
    /// Milestone → how often it was listed (torch keeps a `Counter`).
    public let milestones: [Int: Int]
    public let gamma: Double

    public init(_ optimizer: any ParamGroupsOwner, milestones: [Int], gamma: Double = 0.1, lastEpoch: Int = -1)
        throws
    {
        self.milestones = milestones.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        guard let count = milestones[lastEpoch] else { return currentLRs }
        return currentLRs.map { $0 * Py.pow(gamma, Double(count)) }
    }

    override func closedFormLR() throws -> [Double]? {
        // bisect_right(sorted(milestones), last_epoch): how many milestones are <= last_epoch.
        let passed = milestones.reduce(0) { $0 + ($1.key <= lastEpoch ? $1.value : 0) }
        return baseLRs.map { $0 * Py.pow(gamma, Double(passed)) }
    }
}
