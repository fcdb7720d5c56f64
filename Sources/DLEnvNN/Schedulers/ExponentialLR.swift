/// `ExponentialLR`: lr ← lr · γ on every step after construction.
public final class ExponentialLR: LRScheduler {
    public let gamma: Double

    public init(_ optimizer: any ParamGroupsOwner, gamma: Double, lastEpoch: Int = -1) throws {
        self.gamma = gamma
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        if isInitial { return currentLRs }
        return currentLRs.map { $0 * gamma }
    }

    override func closedFormLR() throws -> [Double]? {
        baseLRs.map { $0 * Py.pow(gamma, Double(lastEpoch)) }
    }
}

/// `PolynomialLR`: lr decays as (1 − t/T)^power until `totalIters`, then stays.
public final class PolynomialLR: LRScheduler {
    public let totalIters: Int
    public let power: Double

    public init(_ optimizer: any ParamGroupsOwner, totalIters: Int = 5, power: Double = 1.0, lastEpoch: Int = -1)
        throws
    {
        self.totalIters = totalIters
        self.power = power
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        if isInitial || lastEpoch > totalIters { return currentLRs }
        let t = Double(lastEpoch), total = Double(totalIters)
        let ratio = try Py.div(1.0 - (try Py.div(t, total)), 1.0 - (try Py.div(t - 1, total)))
        let decay = Py.pow(ratio, power)
        return currentLRs.map { $0 * decay }
    }

    override func closedFormLR() throws -> [Double]? {
        let left = 1.0 - (try Py.div(Double(min(totalIters, lastEpoch)), Double(totalIters)))
        return baseLRs.map { $0 * Py.pow(left, power) }
    }
}
