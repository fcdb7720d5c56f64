import DLEnvTensor

/// A layer or a model: `forward`, its own parameters and buffers, and its child modules, named as torch
/// names them (`0.weight`, `features.1.running_mean`). Parameters are listed explicitly (no reflection);
/// everything else (recursive listing, train/eval, freezing) comes from this protocol's extension.
public protocol Module: AnyObject {
    /// The computation (torch's `forward`); call the module itself: `model(x)`.
    func forward(_ input: Tensor) -> Tensor
    /// This module's own parameters, in registration order (not its children's).
    var ownParameters: [(name: String, tensor: Tensor)] { get }
    /// This module's own buffers (e.g. BatchNorm's running statistics).
    var ownBuffers: [(name: String, tensor: Tensor)] { get }
    /// Child modules in registration order.
    var children: [(name: String, module: any Module)] { get }
    /// Training mode (dropout active, batch statistics); set it with `train()` / `eval()`.
    var training: Bool { get set }
}

extension Module {
    public var ownParameters: [(name: String, tensor: Tensor)] { [] }
    public var ownBuffers: [(name: String, tensor: Tensor)] { [] }
    public var children: [(name: String, module: any Module)] { [] }

    /// `model(x)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { forward(input) }

    /// Every parameter with its dotted name, depth first (torch's `named_parameters()`).
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var result = ownParameters
        for (childName, child) in children {
            result += child.namedParameters().map { ("\(childName).\($0.name)", $0.tensor) }
        }
        var seen = Set<ObjectIdentifier>()
        return result.filter { seen.insert(ObjectIdentifier($0.tensor)).inserted }  // shared weights once
    }

    /// Every parameter (torch's `parameters()`), e.g. to build an optimizer.
    public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

    /// Every buffer with its dotted name (torch's `named_buffers()`).
    public func namedBuffers() -> [(name: String, tensor: Tensor)] {
        var result = ownBuffers
        for (childName, child) in children {
            result += child.namedBuffers().map { ("\(childName).\($0.name)", $0.tensor) }
        }
        return result
    }

    /// This module and every descendant with dotted names ("" for self), depth first.
    public func namedModules() -> [(name: String, module: any Module)] {
        var result: [(name: String, module: any Module)] = [("", self)]
        for (childName, child) in children {
            result += child.namedModules().map { ($0.name.isEmpty ? childName : "\(childName).\($0.name)", $0.module) }
        }
        return result
    }

    /// Sets training mode here and in every descendant (torch's `train(mode)`); returns self.
    @discardableResult
    public func train(_ mode: Bool = true) -> Self {
        training = mode
        for (_, child) in children { child.train(mode) }
        return self
    }

    /// Evaluation mode: dropout off, BatchNorm uses its running statistics (torch's `eval()`).
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Freezes (`false`) or unfreezes every parameter (torch's `requires_grad_(flag)`); frozen parameters
    /// get no gradient, so optimizers skip them.
    @discardableResult
    public func requiresGrad_(_ flag: Bool = true) -> Self {
        for p in parameters() { p.requiresGrad = flag }
        return self
    }

    /// Clears every parameter's gradient (torch's `zero_grad(set_to_none=True)`).
    public func zeroGrad() {
        for p in parameters() { p.grad = nil }
    }

    /// Number of parameters (elements), optionally only trainable ones.
    public func parameterCount(trainableOnly: Bool = false) -> Int {
        parameters().filter { !trainableOnly || $0.requiresGrad }.reduce(0) { $0 + $1.count }
    }
}

/// Marks a freshly created tensor as a parameter (a leaf that requires grad).
@discardableResult
func parameter(_ t: Tensor) -> Tensor { t.requiresGrad_(true) }
