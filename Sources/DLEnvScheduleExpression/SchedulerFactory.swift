import DLEnvNN

/// Builds torch schedulers from evaluated constructor calls: binds positional and keyword arguments to
/// torch 2.13's signatures (with Python's TypeError texts), converts values, and applies the type checks
/// torch itself makes (`isinstance(T_0, int)`, ...).
enum SchedulerFactory {
    /// A constructor parameter after the optimizer: its name and whether it has a default.
    typealias Parameter = (name: String, required: Bool)

    /// torch 2.13 `__init__` signatures, without `self` and `optimizer` (ChainedScheduler has no leading
    /// optimizer). Source: torch/optim/lr_scheduler.py.
    static let signatures: [String: [Parameter]] = [
        "LambdaLR": [("lr_lambda", true), ("last_epoch", false)],
        "MultiplicativeLR": [("lr_lambda", true), ("last_epoch", false)],
        "StepLR": [("step_size", true), ("gamma", false), ("last_epoch", false)],
        "MultiStepLR": [("milestones", true), ("gamma", false), ("last_epoch", false)],
        "ConstantLR": [("factor", false), ("total_iters", false), ("last_epoch", false)],
        "LinearLR": [("start_factor", false), ("end_factor", false), ("total_iters", false), ("last_epoch", false)],
        "ExponentialLR": [("gamma", true), ("last_epoch", false)],
        "SequentialLR": [("schedulers", true), ("milestones", true), ("last_epoch", false)],
        "PolynomialLR": [("total_iters", false), ("power", false), ("last_epoch", false)],
        "CosineAnnealingLR": [("T_max", true), ("eta_min", false), ("last_epoch", false)],
        "ChainedScheduler": [("schedulers", true), ("optimizer", false)],
        "ReduceLROnPlateau": [
            ("mode", false), ("factor", false), ("patience", false), ("threshold", false), ("threshold_mode", false),
            ("cooldown", false), ("min_lr", false), ("eps", false),
        ],
        "CyclicLR": [
            ("base_lr", true), ("max_lr", true), ("step_size_up", false), ("step_size_down", false), ("mode", false),
            ("gamma", false), ("scale_fn", false), ("scale_mode", false), ("cycle_momentum", false),
            ("base_momentum", false), ("max_momentum", false), ("last_epoch", false),
        ],
        "CosineAnnealingWarmRestarts": [("T_0", true), ("T_mult", false), ("eta_min", false), ("last_epoch", false)],
        "OneCycleLR": [
            ("max_lr", true), ("total_steps", false), ("epochs", false), ("steps_per_epoch", false),
            ("pct_start", false), ("anneal_strategy", false), ("cycle_momentum", false), ("base_momentum", false),
            ("max_momentum", false), ("div_factor", false), ("final_div_factor", false), ("three_phase", false),
            ("last_epoch", false),
        ],
    ]

    /// The fifteen scheduler names, in torch's `__all__` order.
    static let names = [
        "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR",
        "SequentialLR", "CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau", "CyclicLR",
        "CosineAnnealingWarmRestarts", "OneCycleLR", "PolynomialLR",
    ]

    static func make(
        _ name: String, arguments: [PyValue], keywords: [(name: String, value: PyValue, column: Int)],
        optimizer: any ParamGroupsOwner, column: Int
    ) throws(ExpressionError) -> PyValue {
        var positional = arguments
        if name != "ChainedScheduler", case .optimizer? = positional.first { positional.removeFirst() }
        let bound = try bind(name, positional, keywords, column: column)
        let args = Arguments(name: name, values: bound, column: column)
        do {
            return try build(name, args, optimizer)
        } catch let error as ExpressionError {
            throw error
        } catch let error as TorchError {
            throw ExpressionError(error, column: column)
        } catch {
            throw ExpressionError(.unsupported, "\(error)", column: column)
        }
    }

    private static func bind(
        _ name: String, _ positional: [PyValue], _ keywords: [(name: String, value: PyValue, column: Int)],
        column: Int
    ) throws(ExpressionError) -> [String: PyValue] {
        let parameters = signatures[name]!
        let implicit = name == "ChainedScheduler" ? 1 : 2  // self (+ optimizer)
        let function = "\(name).__init__()"
        func typeError(_ message: String, _ at: Int) -> ExpressionError {
            ExpressionError(.torch(.typeError), "\(function) \(message)", column: at)
        }
        if positional.count > parameters.count {
            let required = parameters.filter(\.required).count + implicit
            let total = parameters.count + implicit
            let range = required == total ? "\(total)" : "from \(required) to \(total)"
            throw typeError(
                "takes \(range) positional arguments but \(positional.count + implicit) were given", column)
        }
        var bound: [String: PyValue] = [:]
        for (p, value) in zip(parameters, positional) { bound[p.name] = value }
        for k in keywords {
            guard parameters.contains(where: { $0.name == k.name }) else {
                var error = typeError("got an unexpected keyword argument '\(k.name)'", k.column)
                error.misspelling = (k.name, parameters.map(\.name))
                throw error
            }
            if bound[k.name] != nil { throw typeError("got multiple values for argument '\(k.name)'", k.column) }
            bound[k.name] = k.value
        }
        let missing = parameters.filter { $0.required && bound[$0.name] == nil }.map { "'\($0.name)'" }
        if !missing.isEmpty {
            let list =
                missing.count == 1
                ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + missing[missing.count - 1]
            let noun = missing.count == 1 ? "argument" : "arguments"
            throw typeError("missing \(missing.count) required positional \(noun): \(list)", column)
        }
        return bound
    }

    private static func build(_ name: String, _ a: Arguments, _ optimizer: any ParamGroupsOwner) throws -> PyValue {
        let lastEpoch = try a.int("last_epoch", default: -1)
        switch name {
        case "LambdaLR":
            return .scheduler(try LambdaLR(optimizer, lrLambda: try a.lambdas("lr_lambda"), lastEpoch: lastEpoch))
        case "MultiplicativeLR":
            let lambdas = try a.lambdas("lr_lambda", checkCallable: true)
            return .scheduler(try MultiplicativeLR(optimizer, lrLambda: lambdas, lastEpoch: lastEpoch))
        case "StepLR":
            return .scheduler(
                try StepLR(
                    optimizer, stepSize: try a.int("step_size"), gamma: try a.double("gamma", default: 0.1),
                    lastEpoch: lastEpoch))
        case "MultiStepLR":
            return .scheduler(
                try MultiStepLR(
                    optimizer, milestones: try a.ints("milestones"), gamma: try a.double("gamma", default: 0.1),
                    lastEpoch: lastEpoch))
        case "ConstantLR":
            return .scheduler(
                try ConstantLR(
                    optimizer, factor: try a.double("factor", default: 1.0 / 3),
                    totalIters: try a.int("total_iters", default: 5), lastEpoch: lastEpoch))
        case "LinearLR":
            return .scheduler(
                try LinearLR(
                    optimizer, startFactor: try a.double("start_factor", default: 1.0 / 3),
                    endFactor: try a.double("end_factor", default: 1.0),
                    totalIters: try a.int("total_iters", default: 5), lastEpoch: lastEpoch))
        case "ExponentialLR":
            return .scheduler(try ExponentialLR(optimizer, gamma: try a.double("gamma"), lastEpoch: lastEpoch))
        case "PolynomialLR":
            return .scheduler(
                try PolynomialLR(
                    optimizer, totalIters: try a.int("total_iters", default: 5),
                    power: try a.double("power", default: 1.0), lastEpoch: lastEpoch))
        case "CosineAnnealingLR":
            return .scheduler(
                try CosineAnnealingLR(
                    optimizer, tMax: try a.double("T_max"), etaMin: try a.double("eta_min", default: 0),
                    lastEpoch: lastEpoch))
        case "CosineAnnealingWarmRestarts":
            let t0 = a.values["T_0"]!
            guard let t0Int = t0.strictInt, t0Int > 0 else {
                throw TorchError.value("Expected positive integer T_0, but got \(t0.pythonText)")
            }
            let tMult = a.values["T_mult"] ?? .int(1)
            guard let tMultInt = tMult.strictInt, tMultInt >= 1 else {
                throw TorchError.value("Expected integer T_mult >= 1, but got \(tMult.pythonText)")
            }
            let etaMin = a.values["eta_min"] ?? .float(0)
            guard let eta = etaMin.double, etaMin.strictInt != nil || etaMin.isFloat else {
                throw TorchError.value(
                    "Expected float or int eta_min, but got \(etaMin.pythonText) of type <class '\(etaMin.typeName)'>")
            }
            return .scheduler(
                try CosineAnnealingWarmRestarts(
                    optimizer, t0: t0Int, tMult: tMultInt, etaMin: eta, lastEpoch: lastEpoch))
        case "CyclicLR":
            return .scheduler(try makeCyclic(a, optimizer, lastEpoch))
        case "OneCycleLR":
            return .scheduler(try makeOneCycle(a, optimizer, lastEpoch))
        case "ReduceLROnPlateau":
            return .plateau(try makePlateau(a, optimizer))
        case "SequentialLR":
            let schedulers = try a.schedulers("schedulers", owner: "SequentialLR")
            return .scheduler(
                try SequentialLR(
                    optimizer, schedulers: schedulers, milestones: try a.ints("milestones"), lastEpoch: lastEpoch))
        default:  // ChainedScheduler
            let schedulers = try a.schedulers("schedulers", owner: "ChainedScheduler")
            return .scheduler(try ChainedScheduler(schedulers: schedulers, optimizer: optimizer))
        }
    }

    private static func makeCyclic(_ a: Arguments, _ optimizer: any ParamGroupsOwner, _ lastEpoch: Int) throws
        -> CyclicLR
    {
        try CyclicLR(
            optimizer, baseLR: try a.doubles("base_lr"), maxLR: try a.doubles("max_lr"),
            stepSizeUp: try a.double("step_size_up", default: 2000),
            stepSizeDown: a.isNone("step_size_down") ? nil : try a.double("step_size_down"),
            mode: try a.string("mode", default: "triangular"), gamma: try a.double("gamma", default: 1.0),
            scaleFn: a.isNone("scale_fn") ? nil : try a.lambdas("scale_fn")[0],
            scaleMode: try a.string("scale_mode", default: "cycle"),
            cycleMomentum: try a.bool("cycle_momentum", default: true),
            baseMomentum: try a.doubles("base_momentum", default: 0.8),
            maxMomentum: try a.doubles("max_momentum", default: 0.9), lastEpoch: lastEpoch)
    }

    private static func makeOneCycle(_ a: Arguments, _ optimizer: any ParamGroupsOwner, _ lastEpoch: Int) throws
        -> OneCycleLR
    {
        var totalSteps: Int?, epochs: Int?, stepsPerEpoch: Int?
        if let value = a.values["total_steps"], !value.isNone {
            guard let v = value.strictInt, v > 0 else {
                throw TorchError.value("Expected positive integer total_steps, but got \(value.pythonText)")
            }
            totalSteps = v
        } else if let e = a.values["epochs"], !e.isNone, let s = a.values["steps_per_epoch"], !s.isNone {
            guard let ev = e.strictInt, ev > 0 else {
                throw TorchError.value("Expected positive integer epochs, but got \(e.pythonText)")
            }
            guard let sv = s.strictInt, sv > 0 else {
                throw TorchError.value("Expected positive integer steps_per_epoch, but got \(s.pythonText)")
            }
            // Python multiplies big ints; torch then converts the product to a C long when it steps, which
            // raises OverflowError. Int64 would trap, so the overflow is raised here with Python's words.
            guard !ev.multipliedReportingOverflow(by: sv).overflow else {
                throw TorchError(
                    .overflowError,
                    "Python int too large to convert to C long: total_steps = epochs * steps_per_epoch = \(ev) * \(sv) exceeds \(Int.max)"
                )
            }
            epochs = ev
            stepsPerEpoch = sv
        }
        let pct = a.values["pct_start"] ?? .float(0.3)
        if totalSteps != nil || epochs != nil {
            guard pct.isFloat, let p = pct.double, p >= 0, p <= 1 else {
                throw TorchError.value("Expected float between 0 and 1 pct_start, but got \(pct.pythonText)")
            }
        }
        let strategy = try a.string("anneal_strategy", default: "cos")
        guard let anneal = OneCycleLR.Anneal(rawValue: strategy) else {
            throw TorchError.value("anneal_strategy must be one of 'cos' or 'linear', instead got \(strategy)")
        }
        return try OneCycleLR(
            optimizer, maxLR: try a.doubles("max_lr"), totalSteps: totalSteps, epochs: epochs,
            stepsPerEpoch: stepsPerEpoch, pctStart: pct.double ?? 0.3, annealStrategy: anneal,
            cycleMomentum: try a.bool("cycle_momentum", default: true),
            baseMomentum: try a.doubles("base_momentum", default: 0.85),
            maxMomentum: try a.doubles("max_momentum", default: 0.95),
            divFactor: try a.double("div_factor", default: 25),
            finalDivFactor: try a.double("final_div_factor", default: 1e4),
            threePhase: try a.bool("three_phase", default: false), lastEpoch: lastEpoch)
    }

    private static func makePlateau(_ a: Arguments, _ optimizer: any ParamGroupsOwner) throws -> ReduceLROnPlateau {
        let factor = try a.double("factor", default: 0.1)
        if factor >= 1.0 { throw TorchError.value("Factor should be < 1.0.") }
        let minLRIsList: Bool
        if case .list = a.values["min_lr"] {
            minLRIsList = true
        } else if case .tuple = a.values["min_lr"] {
            minLRIsList = true
        } else {
            minLRIsList = false
        }
        let minLR = try a.doubles("min_lr", default: 0)
        if minLRIsList && minLR.count != optimizer.groupOptions.count {
            throw TorchError.value("expected \(optimizer.groupOptions.count) min_lrs, got \(minLR.count)")
        }
        let modeText = try a.string("mode", default: "min")
        guard let mode = ReduceLROnPlateau.Mode(rawValue: modeText) else {
            throw TorchError.value("mode \(modeText) is unknown!")
        }
        let thresholdText = try a.string("threshold_mode", default: "rel")
        guard let thresholdMode = ReduceLROnPlateau.ThresholdMode(rawValue: thresholdText) else {
            throw TorchError.value("threshold mode \(thresholdText) is unknown!")
        }
        return try ReduceLROnPlateau(
            optimizer, mode: mode, factor: factor, patience: try a.int("patience", default: 10),
            threshold: try a.double("threshold", default: 1e-4), thresholdMode: thresholdMode,
            cooldown: try a.int("cooldown", default: 0), minLR: minLR, minLRIsList: minLRIsList,
            eps: try a.double("eps", default: 1e-8))
    }
}

extension PyValue {
    /// An int (or bool) as `isinstance(x, int)` sees it; floats are not ints.
    var strictInt: Int? { integer }
    var isFloat: Bool { if case .float = self { return true } else { return false } }
    var isNone: Bool { if case .none = self { return true } else { return false } }
}
