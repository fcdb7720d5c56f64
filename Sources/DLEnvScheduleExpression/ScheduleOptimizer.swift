import DLEnvNN

/// The optimizer a schedule drives in `dlenv schedule`: one parameter group with the given lr and a momentum that
/// schedulers such as OneCycleLR and CyclicLR cycle: SGD's `momentum` (0.9) or Adam's `beta1` (0.9).
public enum ScheduleOptimizer: String, Sendable, CaseIterable {
    case sgd, adam

    /// What the cycled value is called: "momentum" or "beta1".
    public var momentumLabel: String { self == .adam ? "beta1" : "momentum" }

    /// The parameter groups a schedule is traced on.
    public func groups(lr: Double) -> ParamGroupTable {
        var options = ParamGroupOptions(lr: lr)
        switch self {
        case .sgd:
            options.momentum = 0.9
            return ParamGroupTable([options], momentumKey: .momentum)
        case .adam:
            options.beta1 = 0.9
            return ParamGroupTable([options], momentumKey: .beta1)
        }
    }
}
