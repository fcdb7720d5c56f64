/// `ConstantLR`: lr · factor until `totalIters`, then back (lr ← lr · (1/factor) at `totalIters`).
public final class ConstantLR: LRScheduler {
    public let factor: Double
    public let totalIters: Int

    public init(_ optimizer: any ParamGroupsOwner, factor: Double = 1.0 / 3, totalIters: Int = 5, lastEpoch: Int = -1)
        throws
    {
        if factor > 1.0 || factor < 0 {
            throw TorchError.value("Constant multiplicative factor expected to be between 0 and 1.")
        }
        self.factor = factor
        self.totalIters = totalIters
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        if lastEpoch == 0 { return currentLRs.map { $0 * factor } }
        if lastEpoch != totalIters { return currentLRs }
        let inverse = try Py.div(1.0, factor)
        return currentLRs.map { $0 * inverse }
    }

    override func closedFormLR() throws -> [Double]? {
        let reached = lastEpoch >= totalIters ? 1.0 : 0.0
        return baseLRs.map { $0 * (factor + reached * (1 - factor)) }
    }
}

/// `LinearLR`: the factor goes linearly from `startFactor` to `endFactor` over `totalIters` epochs.
public final class LinearLR: LRScheduler {
    public let startFactor: Double
    public let endFactor: Double
    public let totalIters: Int

    public init(
        _ optimizer: any ParamGroupsOwner, startFactor: Double = 1.0 / 3, endFactor: Double = 1.0, totalIters: Int = 5,
        lastEpoch: Int = -1
    ) throws {
        if startFactor > 1.0 || startFactor <= 0 {
            throw TorchError.value(
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
        }
        if endFactor > 1.0 || endFactor < 0 {
            throw TorchError.value("Ending multiplicative factor expected to be between 0 and 1.")
        }
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalIters = totalIters
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        if lastEpoch == 0 { return currentLRs.map { $0 * startFactor } }
        if isInitial || lastEpoch > totalIters { return currentLRs }
        let denominator = Double(totalIters) * startFactor + Double(lastEpoch - 1) * (endFactor - startFactor)
        let factor = 1.0 + (try Py.div(endFactor - startFactor, denominator))
        return currentLRs.map { $0 * factor }
    }

    override func closedFormLR() throws -> [Double]? {
        let progress = try Py.div(
            (endFactor - startFactor) * Double(min(totalIters, lastEpoch)), Double(totalIters))
        return baseLRs.map { $0 * (startFactor + progress) }
    }
}
