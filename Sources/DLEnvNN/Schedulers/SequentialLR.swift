/// `SequentialLR`: run `schedulers[0]` until `milestones[0]`, then `schedulers[1]`, ... At a milestone
/// the next scheduler restarts at epoch 0 through its closed form (so a cosine restarts from its base lr).
/// Construction resets the lr to `initial_lr` and undoes the sub-schedulers' construction-time epochs,
/// exactly as torch 2.13 does (including its choice of `schedulers[bisect_right(milestones, 0)]`).
public final class SequentialLR: LRScheduler {
    public let schedulers: [LRScheduler]
    public let milestones: [Int]

    public init(
        _ optimizer: any ParamGroupsOwner, schedulers: [LRScheduler], milestones: [Int], lastEpoch: Int = -1
    ) throws {
        if schedulers.isEmpty {
            throw TorchError.value("SequentialLR expects at least one scheduler, but got no scheduler.")
        }
        for (i, s) in schedulers.enumerated() where s.optimizer !== optimizer {
            throw TorchError.value(
                "SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler \(type(of: s)) at index \(i) has a different optimizer."
            )
        }
        if milestones.count != schedulers.count - 1 {
            throw TorchError.value(
                "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers \(schedulers.count) and the number of milestones to be equal to \(milestones.count)"
            )
        }
        self.schedulers = schedulers
        self.milestones = milestones
        super.init(containerOf: optimizer, lastEpoch: lastEpoch + 1)
        for i in optimizer.groupOptions.indices {
            guard let initial = optimizer.groupOptions[i].initialLR else {
                throw TorchError(.keyError, "'initial_lr'")
            }
            optimizer.groupOptions[i].lr = initial
        }
        recursiveUndo()
        let index = bisectRight(milestones, 0)
        try schedulers[index].initialStep()
        lastLR = schedulers[index].lastLR
    }

    override func recursiveUndo() {
        for s in schedulers { s.recursiveUndo() }
    }

    public override func step() throws {
        lastEpoch += 1
        let index = bisectRight(milestones, lastEpoch)
        let scheduler = schedulers[index]
        if index > 0 && milestones[index - 1] == lastEpoch {
            try scheduler.updateLR(epoch: 0)
        } else {
            try scheduler.step()
        }
        lastLR = scheduler.lastLR
    }
}

/// `ChainedScheduler`: every `step()` steps each scheduler in list order, so multiplicative schedulers
/// compose (absolute ones such as LambdaLR or CyclicLR overwrite what came before them).
public final class ChainedScheduler: LRScheduler {
    public let schedulers: [LRScheduler]

    public init(schedulers: [LRScheduler], optimizer: (any ParamGroupsOwner)? = nil) throws {
        guard let first = schedulers.first else {
            throw TorchError.value(
                "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.")
        }
        let owner = optimizer ?? first.optimizer
        for (i, s) in schedulers.enumerated() where s.optimizer !== owner {
            throw TorchError.value(
                "ChainedScheduler expects all schedulers to belong to the same optimizer, but got scheduler \(type(of: s)) at index \(i) has a different optimizer."
            )
        }
        self.schedulers = schedulers
        super.init(containerOf: owner, lastEpoch: 0)
        lastLR = schedulers[schedulers.count - 1].optimizer.groupOptions.map(\.lr)
    }

    override func recursiveUndo() {
        for s in schedulers { s.recursiveUndo() }
    }

    public override func step() throws {
        for s in schedulers { try s.step() }
        lastLR = schedulers[schedulers.count - 1].optimizer.groupOptions.map(\.lr)
    }
}

/// Python's `bisect.bisect_right` (on the list as given, sorted or not, as torch calls it).
func bisectRight(_ a: [Int], _ x: Int) -> Int {
    var lo = 0, hi = a.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if x < a[mid] { hi = mid } else { lo = mid + 1 }
    }
    return lo
}
