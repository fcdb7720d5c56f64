/// Why a child process could not be started or talked to. Each case carries the offending value and says what
/// happened; the callers (probe, twin, bench) turn it into their own domain's error with a remedy.
public enum ProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The executable could not be started (`reason` is the system's words: "No such file or directory", or
    /// "pipe: Too many open files").
    case cannotStart(executable: String, reason: String)
    /// A long-lived process gave no answer within the time limit; its process group was killed.
    case timedOut(seconds: Double)
    /// A long-lived process no longer reads its input (it exited or closed it).
    case inputClosed
    /// A long-lived process printed a line longer than the limit; its process group was killed.
    case lineTooLong(limit: Int)
    /// The process was already closed by `LineProcess.close`.
    case notRunning

    public var description: String {
        switch self {
        case .cannotStart(let executable, let reason): return "cannot start '\(executable)': \(reason)"
        case .timedOut(let seconds): return "no answer within \(seconds) s (killed)"
        case .inputClosed: return "the process no longer reads its input"
        case .lineTooLong(let limit): return "the process printed a line longer than \(limit) bytes (killed)"
        case .notRunning: return "the process was already closed"
        }
    }
}
