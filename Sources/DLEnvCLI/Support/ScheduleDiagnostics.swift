import DLEnvCore
import DLEnvNN
import DLEnvScheduleExpression

/// Turns a scheduler-expression error into what a user reads: the message, the expression with a caret
/// under the column, and a remedy (known schedulers for an unknown name, torch's reason for a bad argument).
enum ScheduleDiagnostics {
    static func failure(for error: Error, in expression: String) -> CLIFailure {
        guard let error = error as? ExpressionError else {
            return CLIFailure.badInput("\(error)")
        }
        var message: String
        var remedy: String?
        switch error.kind {
        case .syntax:
            message = "invalid syntax: \(error.message)"
            remedy = "write the constructor as in Python, e.g. StepLR(step_size=30, gamma=0.1)"
        case .unknownName(let name, let candidates):
            let isScheduler = name.first?.isUppercase ?? false
            message = isScheduler ? "unknown scheduler '\(name)'" : error.message
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
            message = "torch raises \(kind.rawValue): \(error.message)"
            if let step = error.step { message += " (at step() number \(step))" }
            if let (word, alternatives) = error.misspelling {
                let suggestions = closest(to: word, in: alternatives)
                remedy =
                    (suggestions.isEmpty ? "" : "did you mean \(suggestions.joined(separator: " or "))? ")
                    + "parameters: \(alternatives.joined(separator: ", "))"
            }
        case .unsupported:
            message = error.message
        }
        var rendered = DiagnosticRenderer.render([
            Diagnostic(
                .error, message, at: error.column.map { SourceLocation(file: "EXPR", line: 1, column: $0) },
                remedy: remedy)
        ])
        if let column = error.column, !expression.contains("\n") {
            rendered += "\n  | \(expression)\n  | \(String(repeating: " ", count: max(column - 1, 0)))^"
        }
        return CLIFailure(rendered: rendered, exitCode: ExitStatus.badInput)
    }
}
