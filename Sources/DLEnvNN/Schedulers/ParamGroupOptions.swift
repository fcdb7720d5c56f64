/// The hyper-parameters of one optimizer parameter group: torch's `param_group` dictionary minus the
/// parameters themselves. Optimizers read them on every step; lr schedulers write them.
///
/// Field names follow torch (`lr`, `momentum`, `betas`, `weight_decay`, ...). The scheduler-owned keys
/// (`initial_lr`, `max_lr`, `min_lr`, `max_momentum`, `base_momentum`) are optional because torch adds them
/// to the dictionary only when a scheduler sets them (`setdefault('initial_lr', lr)` keeps an existing one).
public struct ParamGroupOptions: Sendable, Equatable {
    /// Learning rate in force for the next `step()`.
    public var lr: Double
    /// SGD / RMSprop momentum (the value cycled by CyclicLR and OneCycleLR for those optimizers).
    public var momentum: Double = 0
    /// SGD dampening.
    public var dampening: Double = 0
    /// L2 penalty (Adam, SGD, RMSprop, Adagrad) or decoupled decay (AdamW).
    public var weightDecay: Double = 0
    /// SGD Nesterov momentum.
    public var nesterov = false
    /// Maximise the objective: the gradient is negated before anything else.
    public var maximize = false
    /// Adam's (beta1, beta2); beta1 is what cycling schedulers drive for Adam-like optimizers.
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    /// Term added to the denominator (Adam 1e-8, RMSprop 1e-8, Adagrad 1e-10).
    public var eps: Double = 1e-8
    /// Adam / AdamW AMSGrad variant.
    public var amsgrad = false
    /// Adam with `decoupled_weight_decay=True` is AdamW.
    public var decoupledWeightDecay = false
    /// RMSprop smoothing constant.
    public var alpha: Double = 0.99
    /// Centered RMSprop.
    public var centered = false
    /// Adagrad learning-rate decay.
    public var lrDecay: Double = 0
    /// Adagrad initial accumulator value.
    public var initialAccumulatorValue: Double = 0

    /// `initial_lr`: the base lr schedulers start from (set by the first scheduler, kept by later ones).
    public var initialLR: Double?
    /// `max_lr` / `min_lr` written by OneCycleLR.
    public var maxLR: Double?
    public var minLR: Double?
    /// `max_momentum` / `base_momentum` written by CyclicLR and OneCycleLR.
    public var maxMomentum: Double?
    public var baseMomentum: Double?

    /// Options with a learning rate and torch's defaults for everything else.
    public init(lr: Double) { self.lr = lr }
}

/// Which hyper-parameter a cycling scheduler treats as "momentum" (torch checks the optimizer's defaults
/// for a `momentum` key, then for `betas`).
public enum MomentumKey: Sendable, Equatable {
    /// SGD, RMSprop: `group["momentum"]`.
    case momentum
    /// Adam, AdamW: `group["betas"][0]`.
    case beta1
}

/// Anything a scheduler can drive: an optimizer's parameter groups. Reference semantics, because several
/// schedulers (chained, sequential) share one optimizer, as in torch.
public protocol ParamGroupsOwner: AnyObject {
    /// The groups' hyper-parameters, in group order.
    var groupOptions: [ParamGroupOptions] { get set }
    /// The momentum-like hyper-parameter this optimizer has, or nil (Adagrad) when it has none.
    var momentumKey: MomentumKey? { get }
}

extension ParamGroupsOwner {
    /// The momentum (or beta1) of each group, as cycling schedulers see it.
    public var momentums: [Double] {
        groupOptions.map { momentumKey == .beta1 ? $0.beta1 : $0.momentum }
    }

    func setMomentum(_ value: Double, group i: Int) {
        switch momentumKey {
        case .beta1: groupOptions[i].beta1 = value
        case .momentum, nil: groupOptions[i].momentum = value
        }
    }
}

/// Parameter groups without parameters: what `dlenv schedule` drives to show a schedule without a model
/// (torch: an `SGD` over a dummy parameter). Also handy in tests.
public final class ParamGroupTable: ParamGroupsOwner {
    public var groupOptions: [ParamGroupOptions]
    public let momentumKey: MomentumKey?

    /// One group per options value; `momentumKey` says which hyper-parameter cycling schedulers drive.
    public init(_ groups: [ParamGroupOptions], momentumKey: MomentumKey? = .momentum) {
        self.groupOptions = groups
        self.momentumKey = momentumKey
    }

    /// A single SGD-like group with this lr and momentum.
    public convenience init(lr: Double, momentum: Double = 0) {
        var options = ParamGroupOptions(lr: lr)
        options.momentum = momentum
        self.init([options])
    }
}
