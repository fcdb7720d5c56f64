import DLEnvNN

/// The lr (and momentum) a scheduler puts in force at each step.
/// Its JSON (`dlenv schedule --json`): `{"lr": [...], "momentum": [...]}`.
public struct ScheduleTrace: Sendable, Equatable, Encodable {
    /// Value i is the lr in force for step i (the first right after construction).
    public var lr: [Double]
    /// Momentum (SGD) or beta1 (Adam) in force for step i.
    public var momentum: [Double]

    /// The first step whose lr or momentum is not finite (a lambda dividing by a tiny number), if any.
    public var firstNonFiniteStep: Int? {
        (lr + momentum).firstIndex(where: { !$0.isFinite }).map { $0 % lr.count }
    }
}

/// A torch scheduler written as its constructor without the optimizer, as a user pastes it:
/// `OneCycleLR(max_lr=0.1, total_steps=100)`, `SequentialLR(schedulers=[LinearLR(...), ...], milestones=[5])`,
/// `LambdaLR(lr_lambda=lambda epoch: 0.95 ** epoch)`. The expression is Python (a subset with Python's
/// arithmetic), evaluated against one parameter group.
public struct ScheduleExpression {
    /// The scheduler names torch 2.13 exports (`torch.optim.lr_scheduler.__all__` minus the base class).
    public static let schedulerNames = SchedulerFactory.names

    /// The source text.
    public let text: String
    let syntax: PyExpr

    /// Parses `text`; a syntax error carries the column it points at.
    public init(_ text: String) throws(ExpressionError) {
        self.text = text
        self.syntax = try PyParser.parse(text)
        guard case .call = syntax else {
            throw ExpressionError(
                .syntax, "expected a scheduler constructor such as StepLR(step_size=30)", column: syntax.column)
        }
    }

    /// The name of the outermost constructor (`torch.optim.lr_scheduler.` prefixes removed).
    public var schedulerName: String? {
        guard case .call(let callee, _, _, _) = syntax else { return nil }
        switch callee {
        case .name(let n, _): return n
        case .attribute(_, let n, _): return n
        default: return nil
        }
    }

    /// Builds the scheduler on `optimizer` and records `steps` values: value i, then `step()` (with
    /// `metrics[i]` for ReduceLROnPlateau). Without `steps` the length is the schedule's natural one.
    public func trace(on optimizer: any ParamGroupsOwner, steps: Int? = nil, metrics: [Double]? = nil)
        throws(ExpressionError) -> ScheduleTrace
    {
        let built = try PyEvaluator(optimizer: optimizer).evaluate(syntax)
        let count: Int
        switch built {
        case .scheduler(let s): count = steps ?? Self.naturalLength(s)
        case .plateau:
            guard let metrics else {
                throw ExpressionError(
                    .unsupported, "ReduceLROnPlateau needs metrics (one per step), e.g. --metrics 1.0,0.9,0.95",
                    column: syntax.column)
            }
            count = steps ?? (metrics.count + 1)
            if metrics.count < count - 1 {
                throw ExpressionError(
                    .unsupported, "\(count) steps need \(count - 1) metrics, got \(metrics.count)",
                    column: syntax.column)
            }
        default:
            throw ExpressionError(
                .syntax, "expected a scheduler, got \(built.typeName)", column: syntax.column)
        }
        var trace = ScheduleTrace(lr: [], momentum: [])
        for i in 0..<count {
            trace.lr.append(optimizer.groupOptions[0].lr)
            trace.momentum.append(optimizer.momentums[0])
            if i == count - 1 { break }
            do {
                switch built {
                case .scheduler(let s): try s.step()
                case .plateau(let p): try p.step(metric: metrics![i])
                default: break
                }
            } catch var error as ExpressionError {
                error.step = i + 1
                throw error
            } catch let error as TorchError {
                var wrapped = ExpressionError(error, column: nil)
                wrapped.step = i + 1
                throw wrapped
            } catch {
                throw ExpressionError(.unsupported, "\(error)", column: nil)
            }
        }
        return trace
    }

    /// A length that shows the whole shape of a schedule (at most 10,000 values).
    static func naturalLength(_ s: LRScheduler) -> Int {
        let length: Double
        switch s {
        case let s as OneCycleLR: length = Double(s.totalSteps)
        case let s as CosineAnnealingLR: length = s.tMax.rounded(.up) + 1
        case let s as CyclicLR: length = 2 * s.totalSize + 1
        case let s as CosineAnnealingWarmRestarts:
            let m = Double(s.tMult)
            length = Double(s.t0) * (s.tMult == 1 ? 3 : 1 + m + m * m) + 1
        case let s as StepLR: length = 4 * Double(s.stepSize) + 1
        case let s as MultiStepLR: length = Double(s.milestones.keys.max() ?? 10) + 5
        case let s as ConstantLR: length = Double(s.totalIters) + 5
        case let s as LinearLR: length = Double(s.totalIters) + 5
        case let s as PolynomialLR: length = Double(s.totalIters) + 5
        case let s as SequentialLR:
            length = Double(s.milestones.last ?? 0) + Double(naturalLength(s.schedulers[s.schedulers.count - 1]))
        case let s as ChainedScheduler: length = Double(s.schedulers.map(naturalLength).max() ?? 20)
        default: length = 20
        }
        guard length.isFinite else { return 20 }
        return Int(Swift.min(Swift.max(length, 2), 10_000))
    }
}
