/// The base of torch's epoch-based lr schedulers (`torch.optim.lr_scheduler.LRScheduler`, 2.13).
///
/// Mechanics reproduced exactly (see `shared/reference/numerics.md` §4.1):
/// - construction with `lastEpoch == -1` sets each group's `initialLR` if absent (an existing one is kept,
///   so a second scheduler on the same optimizer starts from the first one's base), and `baseLRs` from it;
/// - construction ends with the *initial step*: `lastEpoch` becomes 0 and `getLR()` is written into the
///   groups, so right after construction the lr is already the epoch-0 value;
/// - `step()` increments `lastEpoch` and applies the recursive ("chainable") `getLR()`, which reads the
///   groups' current lr, so schedulers compose multiplicatively as in torch;
/// - `step(epoch:)` (deprecated in torch) jumps to `epoch` and uses the closed form where one exists.
///
/// Values are Python floats (Double) throughout; the recursive forms keep torch's operation order so
/// results agree bit for bit with torch on the same libm.
public class LRScheduler {
    /// The optimizer (or parameter-group table) whose groups this scheduler drives.
    public let optimizer: any ParamGroupsOwner
    /// Each group's `initial_lr` at construction (CyclicLR: its `base_lr`).
    public internal(set) var baseLRs: [Double] = []
    /// Number of `step()` calls since construction (torch's `last_epoch`).
    public internal(set) var lastEpoch: Int
    /// torch's `_step_count` (1 after construction).
    var stepCount = 0
    /// True only while the construction-time step runs (torch's `_is_initial`).
    var isInitial = false
    /// The lrs written by the latest step (torch's `get_last_lr()`).
    public internal(set) var lastLR: [Double] = []

    /// torch's `LRScheduler.__init__`: subclasses set their own fields first, then call this.
    init(optimizer: any ParamGroupsOwner, lastEpoch: Int) throws {
        self.optimizer = optimizer
        self.lastEpoch = lastEpoch
        if lastEpoch == -1 {
            for i in optimizer.groupOptions.indices where optimizer.groupOptions[i].initialLR == nil {
                optimizer.groupOptions[i].initialLR = optimizer.groupOptions[i].lr
            }
        } else {
            for (i, group) in optimizer.groupOptions.enumerated() where group.initialLR == nil {
                throw TorchError(
                    .keyError,
                    "param 'initial_lr' is not specified in param_groups[\(i)] when resuming scheduler with last_epoch >= 0."
                )
            }
        }
        baseLRs = optimizer.groupOptions.map { $0.initialLR! }
        try initialStep()
    }

    /// For containers (SequentialLR, ChainedScheduler) that, like torch, skip the base initializer.
    init(containerOf optimizer: any ParamGroupsOwner, lastEpoch: Int) {
        self.optimizer = optimizer
        self.lastEpoch = lastEpoch
    }

    /// torch's `_initial_step`: reset the step count and take one step in "initial" mode.
    func initialStep() throws {
        stepCount = 0
        isInitial = true
        defer { isInitial = false }
        try step()
    }

    /// Advances one epoch and writes the new lr into every group.
    public func step() throws {
        stepCount += 1
        try updateLR(epoch: nil)
    }

    /// torch's deprecated `step(epoch)`: jump to `epoch`, using the closed form where the class has one.
    public func step(epoch: Int) throws {
        stepCount += 1
        try updateLR(epoch: epoch)
    }

    /// torch's `_update_lr`; SequentialLR calls it with epoch 0 at a milestone.
    func updateLR(epoch: Int?) throws {
        let values: [Double]
        if let epoch {
            lastEpoch = epoch
            values = try closedFormLR() ?? getLR()
        } else {
            lastEpoch += 1
            values = try getLR()
        }
        for (i, lr) in values.enumerated() { optimizer.groupOptions[i].lr = lr }
        lastLR = optimizer.groupOptions.map(\.lr)
    }

    /// The next lr of every group (the chainable form; may also set momentum as a side effect).
    func getLR() throws -> [Double] {
        throw TorchError(.notImplementedError, "\(Self.self) does not define get_lr()")
    }

    /// The closed form at `lastEpoch`, or nil when the class has none (torch: no `_get_closed_form_lr`).
    func closedFormLR() throws -> [Double]? { nil }

    /// Decrements `lastEpoch` of this scheduler, or of every nested one for containers (SequentialLR's
    /// `recursive_undo`).
    func recursiveUndo() { lastEpoch -= 1 }

    /// The groups' current lrs (torch's `_param_groups_val_list(optimizer, "lr")`).
    var currentLRs: [Double] { optimizer.groupOptions.map(\.lr) }
}

/// torch's `_format_param`: one value for every group, or a list with one value per group.
func formatParam(_ name: String, _ values: [Double], groups: Int) throws -> [Double] {
    if values.count == 1 && groups != 1 { return Array(repeating: values[0], count: groups) }
    guard values.count == groups else {
        throw TorchError.value(
            "\(name) must have the same length as optimizer.param_groups. \(name) has \(values.count) values, param_groups has \(groups)."
        )
    }
    return values
}
