/// A Python `lr_lambda`: a function of the epoch (an int) returning a factor. It may throw (a
/// `ZeroDivisionError` inside the lambda, say).
public typealias LRLambda = (Int) throws -> Double

/// `LambdaLR`: lr = base_lr · λ(epoch), absolute (it overwrites whatever other schedulers did).
public final class LambdaLR: LRScheduler {
    let lambdas: [LRLambda]

    /// One lambda for every group, or one per group.
    public init(_ optimizer: any ParamGroupsOwner, lrLambda: [LRLambda], lastEpoch: Int = -1) throws {
        let groups = optimizer.groupOptions.count
        if lrLambda.count == 1 {
            lambdas = Array(repeating: lrLambda[0], count: groups)
        } else if lrLambda.count != groups {
            throw TorchError.value("Expected \(groups) lr_lambdas, but got \(lrLambda.count)")
        } else {
            lambdas = lrLambda
        }
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    /// One lambda for every group.
    public convenience init(_ optimizer: any ParamGroupsOwner, lrLambda: @escaping LRLambda, lastEpoch: Int = -1)
        throws
    {
        try self.init(optimizer, lrLambda: [lrLambda], lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        try zip(lambdas, baseLRs).map { lambda, base in base * (try lambda(lastEpoch)) }
    }
}

/// `MultiplicativeLR`: lr ← lr · λ(epoch) on every step after construction (construction leaves the lr).
public final class MultiplicativeLR: LRScheduler {
    let lambdas: [LRLambda]

    /// One lambda for every group, or one per group.
    public init(_ optimizer: any ParamGroupsOwner, lrLambda: [LRLambda], lastEpoch: Int = -1) throws {
        let groups = optimizer.groupOptions.count
        if lrLambda.count == 1 {
            lambdas = Array(repeating: lrLambda[0], count: groups)
        } else if lrLambda.count != groups {
            throw TorchError.value("Expected \(groups) lr_lambdas, but got \(lrLambda.count)")
        } else {
            lambdas = lrLambda
        }
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    /// One lambda for every group.
    public convenience init(_ optimizer: any ParamGroupsOwner, lrLambda: @escaping LRLambda, lastEpoch: Int = -1)
        throws
    {
        try self.init(optimizer, lrLambda: [lrLambda], lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        if isInitial { return currentLRs }
        return try zip(lambdas, currentLRs).map { lambda, lr in lr * (try lambda(lastEpoch)) }
    }
}
