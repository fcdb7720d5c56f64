import DLEnvCore

/// The documented exit codes (DESIGN §2).
enum ExitStatus {
    /// ok / compatible / passed
    static let ok: Int32 = 0
    /// incompatible, or a failed verification
    static let failed: Int32 = 1
    /// bad input or usage (the message names the file, line and a fix)
    static let badInput: Int32 = 2
    /// the environment could not be examined (e.g. an interpreter would not start)
    static let environment: Int32 = 3
}

/// An error the CLI renders and turns into an exit code. Throw it from a command's `run()`.
struct CLIFailure: Error {
    var rendered: String
    var exitCode: Int32

    /// Bad input: one or more diagnostics, exit 2.
    static func badInput(_ diagnostics: [Diagnostic]) -> CLIFailure {
        CLIFailure(rendered: DiagnosticRenderer.render(diagnostics), exitCode: ExitStatus.badInput)
    }

    /// Bad input with a message and a remedy, exit 2.
    static func badInput(_ message: String, at location: SourceLocation? = nil, remedy: String? = nil) -> CLIFailure {
        badInput([Diagnostic(.error, message, at: location, remedy: remedy)])
    }

    /// The environment could not be examined, exit 3.
    static func environment(_ message: String, remedy: String? = nil) -> CLIFailure {
        CLIFailure(
            rendered: DiagnosticRenderer.render([Diagnostic(.error, message, remedy: remedy)]),
            exitCode: ExitStatus.environment)
    }
}
