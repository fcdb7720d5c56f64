extension Tensor {
    /// Computes the gradient of this tensor with respect to every leaf that requires gradients and
    /// accumulates it into their `grad` (torch's `backward()`). `gradient` defaults to 1 for a scalar.
    public func backward(_ gradient: Tensor? = nil) {
        precondition(requiresGrad, "backward() on a tensor that does not require grad and has no grad_fn")
        let seed: Tensor
        if let gradient {
            precondition(gradient.shape == shape, "gradient shape \(gradient.shape) does not match \(shape)")
            seed = gradient
        } else {
            precondition(count == 1, "grad can be implicitly created only for scalar outputs, not shape \(shape)")
            seed = Tensor.ones(shape, dtype: dtype)
        }
        noGrad {
            guard let root = gradFn else {
                accumulateGrad(seed)
                return
            }
            // Topological order of the nodes (iterative post-order DFS, so deep graphs cannot overflow).
            // Visits are marked on the nodes with a token unique to this call (no hashing, no tuple arrays).
            let token = BackwardToken()
            let mark = ObjectIdentifier(token)
            var order: [Node] = []
            var stackNodes: [Node] = [root]
            var stackNext: [Int] = [0]
            root.visitedBy = mark
            while let node = stackNodes.last {
                let next = stackNext[stackNext.count - 1]
                if next < node.inputs.count {
                    stackNext[stackNext.count - 1] = next + 1
                    if let child = node.inputs[next].gradFn, child.visitedBy != mark {
                        child.visitedBy = mark
                        stackNodes.append(child)
                        stackNext.append(0)
                    }
                } else {
                    order.append(node)
                    stackNodes.removeLast()
                    stackNext.removeLast()
                }
            }
            root.pendingGrad = seed
            for node in order.reversed() {
                guard let g = node.pendingGrad else { continue }
                node.pendingGrad = nil
                var grads = Gradients.backward(node, g)
                for i in grads.indices {
                    guard var fitted = grads[i] else { continue }
                    grads[i] = nil  // so that `fitted` may be the only reference left
                    let input = node.inputs[i]
                    guard input.requiresGrad else { continue }
                    if fitted.shape != input.shape { fitted = fitted.sumTo(input.shape) }
                    if let fn = input.gradFn {
                        fn.pendingGrad = fn.pendingGrad.map { $0 + fitted } ?? fitted
                    } else {
                        // A gradient nobody else holds, on storage of its own, becomes `grad` without a copy
                        // (torch steals it the same way); anything shared (the seed, a pass-through, a view)
                        // is copied.
                        let fresh = fitted.ownsStorage && isKnownUniquelyReferenced(&fitted)
                        input.accumulateGrad(fitted, fresh: fresh)
                    }
                }
            }
            // Clear the marks: a later call's token may reuse this token's address.
            for node in order { node.visitedBy = nil }
            withExtendedLifetime(token) {}
        }
    }

    /// Adds `g` to this leaf's `grad` (a fresh tensor the first time, so gradients never alias). `fresh`: `g`
    /// is referenced nowhere else and owns its storage, so it may become `grad` itself.
    func accumulateGrad(_ g: Tensor, fresh: Bool = false) {
        let fitted = g.dtype == dtype ? g : g.converted(to: dtype)
        if let existing = grad {
            grad = (existing + fitted).detach()
        } else if fresh && fitted === g && g.isContiguous && !g.requiresGrad {
            grad = g
        } else {
            grad = fitted.contiguousCopy()
        }
    }

    /// Sums a broadcast gradient back to `target` shape (the reverse of broadcasting).
    func sumTo(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        var t = self
        let lead = rank - target.count
        if lead > 0 { t = t.sum(dims: Array(0..<lead)) }
        let dims = target.indices.filter { target[$0] == 1 && t.shape[$0] != 1 }
        if !dims.isEmpty { t = t.sum(dims: dims, keepdim: true) }
        return t.shape == target ? t : t.reshape(target)
    }

    /// Sets `grad` to nil (torch's `zero_grad(set_to_none=True)` for one tensor).
    public func zeroGrad() { grad = nil }
}

/// A fresh object whose identity marks the nodes one `backward()` call has visited.
private final class BackwardToken {}
