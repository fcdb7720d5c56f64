/// The lr (and momentum) a scheduler puts in force at each step.
public struct ScheduleTrace: Sendable, Equatable {
    /// Value i is the lr in force for step i (the first right after construction).
    public var lr: [Double]
    /// Momentum (SGD) or beta1 (Adam) in force for step i.
    public var momentum: [Double]
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

    /// A length that shows the whole shape of a schedule.
    static func naturalLength(_ s: LRScheduler) -> Int {
        switch s {
        case let s as OneCycleLR: return s.totalSteps
        case let s as CosineAnnealingLR: return max(Int(s.tMax.rounded(.up)) + 1, 2)
        case let s as CyclicLR: return Int(2 * s.totalSize) + 1
        case let s as CosineAnnealingWarmRestarts:
            return s.t0 * (s.tMult == 1 ? 3 : 1 + s.tMult + s.tMult * s.tMult) + 1
        case let s as StepLR: return 4 * s.stepSize + 1
        case let s as MultiStepLR: return (s.milestones.keys.max() ?? 10) + 5
        case let s as ConstantLR: return s.totalIters + 5
        case let s as LinearLR: return s.totalIters + 5
        case let s as PolynomialLR: return s.totalIters + 5
        case let s as SequentialLR:
            return max(20, (s.milestones.last ?? 0) + naturalLength(s.schedulers[s.schedulers.count - 1]))
        case let s as ChainedScheduler: return s.schedulers.map(naturalLength).max() ?? 20
        default: return 20
        }
    }
}
