import DLEnvNN
import DLEnvScheduleExpression

/// `lr-schedules`: every torch scheduler in one or more configurations, written as the torch constructor,
/// run for 30 steps on SGD(lr = 0.1, momentum = 0.9); the lr (and, for the cycling ones, momentum) in force at
/// each step. The core computes them with DLEnvNN's schedulers (torch's recursive forms, numerics.md §4); the twin
/// evaluates the same constructor text against torch.optim.lr_scheduler.
public struct LRSchedulesWorkload: Workload {
    public let id = "lr-schedules"
    public let summary = "every lr scheduler, several configurations: the lr sequence matches torch's"
    public let headline = "lr/onecycle"
    // numerics.md §0: schedulers are reproducible exactly; 1e-12 relative leaves room for a libm ulp in cos.
    public var tolerances: ToleranceRules { ToleranceRules(.relative(1e-12, atol: 1e-15)) }

    let lr = 0.1, momentum = 0.9, steps = 30
    let plateauMetrics: [Double] = [
        1.0, 0.9, 0.95, 0.96, 0.97, 0.94, 0.93, 0.99, 0.98, 0.97, 0.96, 0.96, 0.95, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99,
        1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    ]

    /// (id, constructor text, whether the momentum is cycled too)
    public static let cases: [(id: String, expression: String, momentum: Bool)] = [
        ("step", "StepLR(step_size=3, gamma=0.5)", false),
        ("multistep", "MultiStepLR(milestones=[2, 5, 9], gamma=0.1)", false),
        ("constant", "ConstantLR(factor=1/3, total_iters=4)", false),
        ("linear", "LinearLR(start_factor=0.25, end_factor=1.0, total_iters=6)", false),
        ("exponential", "ExponentialLR(gamma=0.9)", false),
        ("polynomial", "PolynomialLR(total_iters=12, power=2.0)", false),
        ("cosine", "CosineAnnealingLR(T_max=10, eta_min=0.001)", false),
        ("warm_restarts", "CosineAnnealingWarmRestarts(T_0=4, T_mult=2, eta_min=0.01)", false),
        ("cyclic", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4)", true),
        ("cyclic_exp", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=3, mode='exp_range', gamma=0.9)", true),
        (
            "cyclic_triangular2",
            "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=3, mode='triangular2')", true
        ),
        ("onecycle", "OneCycleLR(max_lr=0.5, total_steps=30)", true),
        ("onecycle_linear", "OneCycleLR(max_lr=0.5, total_steps=30, anneal_strategy='linear', three_phase=True)", true),
        ("lambda", "LambdaLR(lr_lambda=lambda epoch: 0.95 ** epoch)", false),
        ("multiplicative", "MultiplicativeLR(lr_lambda=lambda epoch: 0.9)", false),
        (
            "sequential",
            "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), ExponentialLR(gamma=0.9)], milestones=[5])",
            false
        ),
        ("chained", "ChainedScheduler([ConstantLR(factor=0.5, total_iters=4), ExponentialLR(gamma=0.9)])", false),
        ("plateau", "ReduceLROnPlateau(mode='min', factor=0.5, patience=2)", false),
    ]

    public init() {}

    public func twinData() -> JSONValue {
        [
            "lr": .number(lr), "momentum": .number(momentum), "steps": .number(Double(steps)),
            "plateau_metrics": .numbers(plateauMetrics),
            "cases": .array(
                Self.cases.map {
                    ["id": .string($0.id), "expr": .string($0.expression), "momentum": .bool($0.momentum)]
                }),
        ]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        var figures = Figures()
        var failures: [String] = []
        for c in Self.cases {
            var options = ParamGroupOptions(lr: lr)
            options.momentum = momentum
            let table = ParamGroupTable([options])
            do {
                let expression = try ScheduleExpression(c.expression)
                let trace = try expression.trace(
                    on: table, steps: steps, metrics: c.id == "plateau" ? plateauMetrics : nil)
                figures.set("lr/\(c.id)", trace.lr)
                if c.momentum { figures.set("momentum/\(c.id)", trace.momentum) }
            } catch {
                failures.append("\(c.id): \(error)")
            }
        }
        let onecycle = figures["lr/onecycle"] ?? []
        let checks = [
            Check(
                "every scheduler runs", failures.isEmpty,
                failures.isEmpty
                    ? "\(Self.cases.count) configurations × \(steps) steps" : failures.joined(separator: "; ")),
            Check(
                "OneCycleLR peaks at max_lr", Swift.abs((onecycle.max() ?? 0) - 0.5) < 1e-2,
                "peak \(fmt(onecycle.max() ?? .nan)) (max_lr 0.5, reached at 30 % of the cycle)"),
        ]
        return (figures, checks)
    }
}
