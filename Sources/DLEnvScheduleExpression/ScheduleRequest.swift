import DLEnvCore
import DLEnvNN

/// What `dlenv schedule` is asked, checked: the expression, the optimizer's lr, the number of values and the
/// plateau metrics. `trace()` computes the schedule; every problem is bad input with a location and a remedy.
public struct ScheduleRequest: Sendable {
    public var expression: String
    public var lr: Double
    public var steps: Int?
    /// `--metrics 1,0.9,0.95` as typed.
    public var metrics: String?
    public var optimizer: String

    public init(expression: String, lr: Double, steps: Int?, metrics: String?, optimizer: String) {
        self.expression = expression
        self.lr = lr
        self.steps = steps
        self.metrics = metrics
        self.optimizer = optimizer
    }

    /// The label of the cycled momentum ("momentum" for SGD, "beta1" for Adam).
    public var momentumLabel: String { (ScheduleOptimizer(rawValue: optimizer) ?? .sgd).momentumLabel }

    /// The metric values, one per step().
    public func metricValues() throws(DiagnosticsError) -> [Double]? {
        guard let metrics else { return nil }
        var values: [Double] = []
        for (i, item) in metrics.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let text = String(item).trimmingSpaces
            guard let value = Double(text) else {
                throw Self.problem(
                    "--metrics item \(i + 1) is not a number: '\(text)'", remedy: "write --metrics 1.0,0.9,0.95")
            }
            values.append(value)
        }
        return values
    }

    /// The schedule's values, exactly as torch computes them.
    public func trace() throws(DiagnosticsError) -> ScheduleTrace {
        if let steps, steps < 1 || steps > 1_000_000 {
            throw Self.problem("--steps must be between 1 and 1000000, got \(steps)", remedy: "pass --steps 20")
        }
        guard lr.isFinite, lr >= 0 else { throw Self.problem("--lr must be a finite number >= 0, got \(lr)") }
        let metrics = try metricValues()
        guard let optimizer = ScheduleOptimizer(rawValue: optimizer) else {
            throw Self.problem(
                "unknown --optimizer '\(self.optimizer)'", remedy: "use --optimizer sgd or --optimizer adam")
        }
        let trace: ScheduleTrace
        do {
            trace = try ScheduleExpression(expression).trace(
                on: optimizer.groups(lr: lr), steps: steps, metrics: metrics)
        } catch let error as ExpressionError {
            throw DiagnosticsError(error.diagnostic)
        } catch {
            throw Self.problem("\(error)")
        }
        if let step = trace.firstNonFiniteStep {
            throw Self.problem(
                "the schedule produced a non-finite value at step \(step)",
                remedy: "check the lambda or factors for division by a tiny number")
        }
        return trace
    }

    static func problem(_ message: String, remedy: String? = nil) -> DiagnosticsError {
        DiagnosticsError(Diagnostic(.error, message, remedy: remedy))
    }
}

extension ExpressionError {
    /// What a user reads: the message, the column in `EXPR`, and a remedy (known schedulers for an unknown name,
    /// torch's parameters for a misspelt argument).
    public var diagnostic: Diagnostic {
        var text: String
        var remedy: String?
        switch kind {
        case .syntax:
            text = "invalid syntax: \(message)"
            remedy = "write the constructor as in Python, e.g. StepLR(step_size=30, gamma=0.1)"
        case .unknownName(let name, let candidates):
            let isScheduler = name.first?.isUppercase ?? false
            text = isScheduler ? "unknown scheduler '\(name)'" : message
            let pool = isScheduler ? ScheduleExpression.schedulerNames : candidates
            var suggestions = closest(to: name, in: pool)
            if suggestions.isEmpty && isScheduler {
                // "CosineLR" → the schedulers sharing its first word (CosineAnnealingLR, ...).
                let stem = String(name.lowercased().prefix(4))
                suggestions = pool.filter { $0.lowercased().hasPrefix(stem) }
            }
            var hints: [String] = []
            if !suggestions.isEmpty { hints.append("did you mean \(suggestions.joined(separator: " or "))?") }
            if isScheduler {
                hints.append("known schedulers: \(ScheduleExpression.schedulerNames.joined(separator: ", "))")
            }
            remedy = hints.isEmpty ? nil : hints.joined(separator: " ")
        case .torch(let kind):
            text = "torch raises \(kind.rawValue): \(message)"
            if let step { text += " (at step() number \(step))" }
            if let (word, alternatives) = misspelling {
                let suggestions = closest(to: word, in: alternatives)
                remedy =
                    (suggestions.isEmpty ? "" : "did you mean \(suggestions.joined(separator: " or "))? ")
                    + "parameters: \(alternatives.joined(separator: ", "))"
            }
        case .unsupported:
            text = message
        }
        return Diagnostic(
            .error, text, at: column.map { SourceLocation(file: "EXPR", line: 1, column: $0) }, remedy: remedy)
    }
}
