import DLEnvNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Evaluates a parsed expression. Scheduler constructors are built against `optimizer` in Python's
/// evaluation order (arguments left to right, inner calls first), so nested schedulers touch the shared
/// optimizer in the same order as in torch.
struct PyEvaluator {
    let optimizer: any ParamGroupsOwner
    var locals: [String: PyValue] = [:]
    /// Shared by every lambda this evaluator makes, so work done inside lambda calls counts too.
    let budget: EvaluationBudget

    init(optimizer: any ParamGroupsOwner, budget: EvaluationBudget = EvaluationBudget()) {
        self.optimizer = optimizer
        self.budget = budget
    }

    /// Evaluates one node within the budget: every node is a step, every nested evaluation a frame.
    func evaluate(_ expr: PyExpr) throws(ExpressionError) -> PyValue {
        try budget.enter(column: expr.column)
        defer { budget.leave() }
        return try evaluateNode(expr)
    }

    private func evaluateNode(_ expr: PyExpr) throws(ExpressionError) -> PyValue {
        switch expr {
        case .int(let v, _): return .int(v)
        case .float(let v, _): return .float(v)
        case .string(let s, _): return .string(s)
        case .constant(let v, _): return v
        case .name(let n, let column): return try lookup(n, column: column)
        case .attribute(let base, let name, let column):
            return try attribute(try evaluate(base), name, column: column)
        case .list(let items, _):
            var values: [PyValue] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .tuple(let items, _):
            var values: [PyValue] = []
            for item in items { values.append(try evaluate(item)) }
            return .tuple(values)
        case .unary(let op, let operand, let column):
            let value = try evaluate(operand)
            switch (op, value) {
            case ("-", .int(let v)):
                let (negated, overflow) = Int(0).subtractingReportingOverflow(v)
                return overflow ? .float(-Double(v)) : .int(negated)
            case ("-", .float(let v)): return .float(-v)
            case ("-", .bool(let b)): return .int(b ? -1 : 0)
            case ("+", .int), ("+", .float): return value
            case ("+", .bool(let b)): return .int(b ? 1 : 0)
            default:
                throw ExpressionError(
                    .torch(.typeError), "bad operand type for unary \(op): '\(value.typeName)'", column: column)
            }
        case .binary(let op, let lhs, let rhs, let column):
            return try PyArithmetic.apply(op, try evaluate(lhs), try evaluate(rhs), column: column)
        case .compare(let first, let chain, let column):
            var left = try evaluate(first)
            for (op, rhsExpr) in chain {
                let right = try evaluate(rhsExpr)
                if !(try PyArithmetic.compare(op, left, right, column: column)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .and(let lhs, let rhs, _):
            let left = try evaluate(lhs)
            return left.isTruthy ? try evaluate(rhs) : left
        case .or(let lhs, let rhs, _):
            let left = try evaluate(lhs)
            return left.isTruthy ? left : try evaluate(rhs)
        case .not(let operand, _):
            return .bool(!(try evaluate(operand)).isTruthy)
        case .conditional(let body, let test, let orElse, _):
            return try evaluate(test).isTruthy ? try evaluate(body) : try evaluate(orElse)
        case .lambda(let params, let body, _):
            let captured = self
            let function = PyFunction { (arguments: [PyValue], column: Int) throws(ExpressionError) -> PyValue in
                guard arguments.count == params.count else {
                    throw ExpressionError(
                        .torch(.typeError),
                        "<lambda>() takes \(params.count) positional argument\(params.count == 1 ? "" : "s") but \(arguments.count) were given",
                        column: column)
                }
                var inner = captured
                for (p, a) in zip(params, arguments) { inner.locals[p] = a }
                try captured.budget.call(column: column)
                defer { captured.budget.leaveCall() }
                return try inner.evaluate(body)
            }
            return .function(name: "<lambda>", function)
        case .call(let calleeExpr, let argumentExprs, let keywordExprs, let column):
            let callee = try evaluate(calleeExpr)
            var arguments: [PyValue] = []
            for a in argumentExprs { arguments.append(try evaluate(a)) }
            var keywords: [(name: String, value: PyValue, column: Int)] = []
            for k in keywordExprs { keywords.append((k.name, try evaluate(k.value), k.column)) }
            switch callee {
            case .function(let name, let function):
                if let first = keywords.first {
                    throw ExpressionError(
                        .torch(.typeError), "\(name)() takes no keyword arguments", column: first.column)
                }
                return try function.call(arguments, column)
            case .namespace(let name) where SchedulerFactory.names.contains(name):
                return try SchedulerFactory.make(
                    name, arguments: arguments, keywords: keywords, optimizer: optimizer, column: column)
            default:
                throw ExpressionError(
                    .torch(.typeError), "'\(callee.typeName)' object is not callable", column: column)
            }
        }
    }

    private func lookup(_ name: String, column: Int) throws(ExpressionError) -> PyValue {
        if let value = locals[name] { return value }
        if SchedulerFactory.names.contains(name) { return .namespace(name) }
        switch name {
        case "math", "torch": return .namespace(name)
        case "optimizer", "opt": return .optimizer
        case "inf": return .float(.infinity)
        default: break
        }
        if let builtin = PyBuiltins.function(name) { return .function(name: name, builtin) }
        throw ExpressionError(
            .unknownName(name, candidates: SchedulerFactory.names + PyBuiltins.names + ["math", "optimizer"]),
            "name '\(name)' is not defined", column: column)
    }

    private func attribute(_ base: PyValue, _ name: String, column: Int) throws(ExpressionError) -> PyValue {
        switch base {
        case .namespace("math"):
            if let value = PyBuiltins.mathConstant(name) { return value }
            if let function = PyBuiltins.mathFunction(name) { return .function(name: "math.\(name)", function) }
            throw ExpressionError(
                .unknownName(name, candidates: PyBuiltins.mathNames),
                "module 'math' has no attribute '\(name)'", column: column)
        case .namespace("torch"): if name == "optim" { return .namespace("torch.optim") }
        case .namespace("torch.optim"): if name == "lr_scheduler" { return .namespace("lr_scheduler") }
        case .namespace("lr_scheduler"):
            if SchedulerFactory.names.contains(name) { return .namespace(name) }
            throw ExpressionError(
                .unknownName(name, candidates: SchedulerFactory.names),
                "module 'torch.optim.lr_scheduler' has no attribute '\(name)'", column: column)
        default: break
        }
        if case .namespace(let n) = base, n == "lr_scheduler" || n.hasPrefix("torch") {
            return .namespace(name)
        }
        throw ExpressionError(
            .torch(.typeError), "'\(base.typeName)' object has no attribute '\(name)'", column: column)
    }
}
