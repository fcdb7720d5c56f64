/// A Python `lr_lambda`: a function of the epoch (an int) returning a factor. It may throw (a
/// `ZeroDivisionError` inside the lambda, say).
public typealias LRLambda = (Int) throws -> Double

/// `LambdaLR`: lr = base_lr · λ(epoch), absolute (it overwrites whatever other schedulers did).
public final class LambdaLR: LRScheduler {
    let lambdas: [LRLambda]

    /// One lambda for every group, or one per group.
    public init(_ optimizer: any ParamGroupsOwner, lrLambda: [LRLambda], lastEpoch: Int = -1) throws {
        lambdas = try perGroup(lrLambda, groups: optimizer.groupOptions.count)
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
        lambdas = try perGroup(lrLambda, groups: optimizer.groupOptions.count)
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

/// One lambda for every group (a single lambda is shared), or torch's ValueError when the counts differ; shared by
/// LambdaLR and MultiplicativeLR, which validate their `lr_lambda` lists alike.
func perGroup(_ lrLambda: [LRLambda], groups: Int) throws -> [LRLambda] {
    if lrLambda.count == 1 { return Array(repeating: lrLambda[0], count: groups) }
    guard lrLambda.count == groups else {
        throw TorchError.value("Expected \(groups) lr_lambdas, but got \(lrLambda.count)")
    }
    return lrLambda
}
