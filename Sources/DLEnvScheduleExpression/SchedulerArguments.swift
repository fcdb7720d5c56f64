import DLEnvNN

/// Bound constructor arguments with conversions to the Swift API's types. A value of the wrong type is
/// a TypeError naming the parameter (torch would fail later with a less direct message).
struct Arguments {
    let name: String
    let values: [String: PyValue]
    let column: Int

    private func typeError(_ parameter: String, _ expected: String, _ value: PyValue) -> ExpressionError {
        ExpressionError(
            .torch(.typeError), "\(name): \(parameter) must be \(expected), got \(value.typeName) \(value.reprText)",
            column: column)
    }

    func isNone(_ parameter: String) -> Bool { values[parameter]?.isNone ?? true }

    func double(_ parameter: String, default fallback: Double? = nil) throws(ExpressionError) -> Double {
        guard let value = values[parameter] else { return fallback! }
        guard let d = value.double else { throw typeError(parameter, "a number", value) }
        return d
    }

    func int(_ parameter: String, default fallback: Int? = nil) throws(ExpressionError) -> Int {
        guard let value = values[parameter] else { return fallback! }
        if let i = value.integer { return i }
        // An integral float behaves like the int in every formula torch uses these parameters in.
        if case .float(let d) = value, let i = Int(exactly: d) { return i }
        throw typeError(parameter, "an int", value)
    }

    func bool(_ parameter: String, default fallback: Bool) throws(ExpressionError) -> Bool {
        guard let value = values[parameter] else { return fallback }
        return value.isTruthy
    }

    func string(_ parameter: String, default fallback: String) throws(ExpressionError) -> String {
        guard let value = values[parameter] else { return fallback }
        guard case .string(let s) = value else { throw typeError(parameter, "a string", value) }
        return s
    }

    /// One number for every group, or a list with one per group.
    func doubles(_ parameter: String, default fallback: Double? = nil) throws(ExpressionError) -> [Double] {
        guard let value = values[parameter] else { return [fallback!] }
        switch value {
        case .list(let items), .tuple(let items):
            var result: [Double] = []
            for item in items {
                guard let d = item.double else { throw typeError(parameter, "a list of numbers", value) }
                result.append(d)
            }
            return result
        default:
            guard let d = value.double else { throw typeError(parameter, "a number or a list of numbers", value) }
            return [d]
        }
    }

    func ints(_ parameter: String) throws(ExpressionError) -> [Int] {
        let value = values[parameter]!
        guard case .list(let items) = value else {
            if case .tuple(let items) = value {
                return try items.map { (v) throws(ExpressionError) in
                    guard let i = v.integer else { throw typeError(parameter, "a list of ints", value) }
                    return i
                }
            }
            throw typeError(parameter, "a list of ints", value)
        }
        var result: [Int] = []
        for item in items {
            guard let i = item.integer else { throw typeError(parameter, "a list of ints", value) }
            result.append(i)
        }
        return result
    }

    /// A lambda (or a list of them, one per group) as an `LRLambda` returning a Python float.
    func lambdas(_ parameter: String, checkCallable: Bool = false) throws(ExpressionError) -> [LRLambda] {
        let value = values[parameter]!
        let items: [PyValue]
        switch value {
        case .list(let a), .tuple(let a): items = a
        default: items = [value]
        }
        return try items.map { (item) throws(ExpressionError) -> LRLambda in
            guard case .function(let fname, let function) = item else {
                if checkCallable {
                    throw ExpressionError(
                        .torch(.typeError), "lr_lambda should be a function, but got \(item.typeName)", column: column)
                }
                throw typeError(parameter, "a function (lambda epoch: ...)", item)
            }
            let at = column
            return { (epoch: Int) throws -> Double in
                let result = try function.call([.int(epoch)], at)
                guard let d = result.double else {
                    throw ExpressionError(
                        .torch(.typeError),
                        "unsupported operand type(s) for *: 'float' and '\(result.typeName)' (\(fname) returned \(result.reprText))",
                        column: at)
                }
                return d
            }
        }
    }

    /// The `schedulers` list of SequentialLR / ChainedScheduler (ReduceLROnPlateau is rejected as torch does).
    func schedulers(_ parameter: String, owner: String) throws(ExpressionError) -> [LRScheduler] {
        let value = values[parameter]!
        let items: [PyValue]
        switch value {
        case .list(let a), .tuple(let a): items = a
        default: throw typeError(parameter, "a list of schedulers", value)
        }
        var result: [LRScheduler] = []
        for (i, item) in items.enumerated() {
            switch item {
            case .scheduler(let s): result.append(s)
            case .plateau:
                throw ExpressionError(
                    .torch(.valueError),
                    "\(owner) does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling `step`, but got one at index \(i) in the given schedulers sequence.",
                    column: column)
            default:
                throw ExpressionError(
                    .torch(.typeError), "\(owner) at index \(i) should have `optimizer` as its attribute.",
                    column: column)
            }
        }
        return result
    }
}
