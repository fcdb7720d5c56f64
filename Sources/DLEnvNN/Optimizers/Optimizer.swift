import DLEnvTensor

/// One parameter group as a user passes it: parameters plus the options that differ from the
/// optimizer's defaults (torch: `{"params": backbone.parameters(), "lr": 1e-4}`).
public struct ParamGroup {
    public var params: [Tensor]
    public var lr: Double?
    public var momentum: Double?
    public var weightDecay: Double?
    public var betas: (Double, Double)?
    public var eps: Double?

    public init(
        _ params: [Tensor], lr: Double? = nil, momentum: Double? = nil, weightDecay: Double? = nil,
        betas: (Double, Double)? = nil, eps: Double? = nil
    ) {
        self.params = params
        self.lr = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.betas = betas
        self.eps = eps
    }

    func options(over defaults: ParamGroupOptions) -> ParamGroupOptions {
        var o = defaults
        if let lr { o.lr = lr }
        if let momentum { o.momentum = momentum }
        if let weightDecay { o.weightDecay = weightDecay }
        if let betas { (o.beta1, o.beta2) = betas }
        if let eps { o.eps = eps }
        return o
    }
}

/// Per-parameter optimizer state (torch's `optimizer.state[p]`).
public final class ParamState {
    /// torch keeps `step` as a float32 tensor and reads it with `.item()`.
    public var step: Float = 0
    public var momentumBuffer: Tensor?
    public var expAvg: Tensor?
    public var expAvgSq: Tensor?
    public var maxExpAvgSq: Tensor?
    public var squareAvg: Tensor?
    public var gradAvg: Tensor?
    public var sum: Tensor?
}

/// The base of the optimizers: parameter groups with their own hyper-parameters (which lr schedulers
/// drive), per-parameter state, and torch's single-tensor ("for-loop") update order, the implementation
/// torch uses on CPU by default (numerics.md §3.1). Parameters without a gradient (frozen with
/// `requiresGrad = false`, or unused) are skipped entirely, as in torch.
public class Optimizer: ParamGroupsOwner {
    /// The groups: parameters and options.
    public private(set) var params: [[Tensor]]
    public var groupOptions: [ParamGroupOptions]
    public let momentumKey: MomentumKey?
    /// The defaults each group's missing options came from.
    public let defaults: ParamGroupOptions
    private var states: [ObjectIdentifier: ParamState] = [:]

    init(_ groups: [ParamGroup], defaults: ParamGroupOptions, momentumKey: MomentumKey?) throws(TorchError) {
        self.defaults = defaults
        self.momentumKey = momentumKey
        params = []
        groupOptions = []
        if groups.allSatisfy({ $0.params.isEmpty }) {
            throw TorchError.value("optimizer got an empty parameter list")
        }
        var seen = Set<ObjectIdentifier>()
        for group in groups {
            for p in group.params where !seen.insert(ObjectIdentifier(p)).inserted {
                throw TorchError.value("some parameters appear in more than one parameter group")
            }
            params.append(group.params)
            groupOptions.append(group.options(over: defaults))
        }
    }

    /// The state of parameter `p` (created on first use).
    public func state(for p: Tensor) -> ParamState {
        if let s = states[ObjectIdentifier(p)] { return s }
        let s = ParamState()
        states[ObjectIdentifier(p)] = s
        return s
    }

    /// Whether `p` already has state (torch creates it lazily on the first step with a gradient).
    public func hasState(_ p: Tensor) -> Bool { states[ObjectIdentifier(p)] != nil }

    /// Clears every parameter's gradient (torch ≥ 2.0: `set_to_none=True`, so untouched parameters do not move).
    public func zeroGrad(setToNone: Bool = true) {
        for group in params {
            for p in group {
                if setToNone { p.grad = nil } else if let g = p.grad { g.zero_() }
            }
        }
    }

    /// One optimization step over every parameter that has a gradient.
    public func step() {
        noGrad {
            for (i, group) in params.enumerated() {
                let options = groupOptions[i]
                for p in group {
                    guard let grad = p.grad else { continue }
                    update(p, grad: options.maximize ? -grad : grad, options: options, state: state(for: p))
                }
            }
        }
    }

    /// The single-tensor update of one parameter (the gradient is already negated for `maximize`).
    func update(_ p: Tensor, grad: Tensor, options: ParamGroupOptions, state: ParamState) {
        preconditionFailure("\(Self.self) must override update")
    }

    /// Adds a parameter group (torch's `add_param_group`); missing options come from the defaults.
    public func addParamGroup(_ group: ParamGroup) throws(TorchError) {
        let existing = Set(params.joined().map(ObjectIdentifier.init))
        if group.params.contains(where: { existing.contains(ObjectIdentifier($0)) }) {
            throw TorchError.value("some parameters appear in more than one parameter group")
        }
        params.append(group.params)
        groupOptions.append(group.options(over: defaults))
    }
}
