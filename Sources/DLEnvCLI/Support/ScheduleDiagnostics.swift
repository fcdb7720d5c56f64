import DLEnvCore

/// A schedule error as a user reads it: the diagnostic, then the expression with a caret under the column.
enum ScheduleDiagnostics {
    static func failure(_ error: DiagnosticsError, in expression: String) -> CLIFailure {
        var rendered = DiagnosticRenderer.render(error.diagnostics)
        if let location = error.diagnostics.first?.location, location.file == "EXPR", let column = location.column,
            !expression.contains("\n")
        {
            rendered += "\n  | \(expression)\n  | \(String(repeating: " ", count: max(column - 1, 0)))^"
        }
        return CLIFailure(rendered: rendered, exitCode: ExitStatus.badInput)
    }
}
