import DLEnvProcess

/// The probe's view of `DLEnvProcess.ProcessRunner`: a tool run with stdin at /dev/null, output bounded, and its
/// process group killed at the limit, as a `CommandResult`.
enum Subprocess {
    /// Output beyond this is dropped: no probed tool prints more, and a runaway one must not exhaust memory.
    static let outputLimit = ProcessCommand.defaultOutputLimit

    static func run(executable: String, arguments: [String], timeout: Double) -> CommandResult {
        let outcome: ProcessOutcome
        do throws(ProcessError) {
            outcome = try ProcessRunner.run(
                ProcessCommand([executable] + arguments, timeout: timeout, outputLimit: outputLimit))
        } catch {
            if case .cannotStart(_, let reason) = error { return .failedToStart(reason) }
            return .failedToStart(error.description)
        }
        switch outcome.termination {
        case .timedOut: return .timedOut(seconds: timeout)
        case .signaled(let signal):
            return .signaled(signal: signal, stdout: outcome.stdoutText, stderr: outcome.stderrText)
        case .exited(let status):
            return .exited(status: status, stdout: outcome.stdoutText, stderr: outcome.stderrText)
        }
    }
}
