/// A command to run once: its argument vector, environment, the bytes it reads on standard input, a time limit
/// and a bound on the output kept. `ProcessRunner.run` runs it.
public struct ProcessCommand: Sendable, Hashable {
    /// The executable and its arguments. `argv[0]` is a path (it contains a `/`) or a name looked up on this
    /// process's `PATH` (`posix_spawnp`).
    public var argv: [String]
    /// The child's whole environment; nil: this process's.
    public var environment: [String: String]?
    /// Written to the child's standard input, which is then closed; nil: the input is `/dev/null`.
    public var stdin: [UInt8]?
    /// Seconds until the child's process group is sent `SIGTERM` (and `SIGKILL` after `killGrace`).
    public var timeout: Double
    /// Seconds between `SIGTERM` and `SIGKILL` at the time limit.
    public var killGrace: Double
    /// Bytes kept of each of stdout and stderr; the rest is read and dropped, so a flooding child neither
    /// blocks nor exhausts memory.
    public var outputLimit: Int

    /// Output beyond this is dropped by default: no tool dlenv runs once prints more, and a runaway one must not
    /// exhaust memory.
    public static let defaultOutputLimit = 4 << 20
    /// A second between `SIGTERM` and `SIGKILL`: enough for an interpreter to exit, short next to any limit.
    public static let defaultKillGrace = 1.0

    public init(
        _ argv: [String], environment: [String: String]? = nil, stdin: [UInt8]? = nil, timeout: Double,
        outputLimit: Int = ProcessCommand.defaultOutputLimit, killGrace: Double = ProcessCommand.defaultKillGrace
    ) {
        precondition(!argv.isEmpty, "a command needs at least the executable")
        self.argv = argv
        self.environment = environment
        self.stdin = stdin
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.killGrace = killGrace
    }
}

/// How a child process ended.
public enum ProcessTermination: Sendable, Hashable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it (a segfaulting tool).
    case signaled(Int32)
    /// It ran past its time limit and its process group was killed (for a `LineProcess`: also a line over the
    /// limit, or still running when the grace period of `close` ended).
    case timedOut

    /// The exit status, or the signal number for a signalled child (as `Process.terminationStatus` reads), or
    /// nil for a timed-out one.
    public var code: Int32? {
        switch self {
        case .exited(let status), .signaled(let status): return status
        case .timedOut: return nil
        }
    }
}

/// What a one-shot run produced.
public struct ProcessOutcome: Sendable, Hashable {
    public var termination: ProcessTermination
    /// Standard output, the first `outputLimit` bytes (what was read before the kill for a timed-out child).
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// Whether output beyond `outputLimit` was dropped.
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool

    public init(
        termination: ProcessTermination, stdout: [UInt8], stderr: [UInt8], stdoutTruncated: Bool = false,
        stderrTruncated: Bool = false
    ) {
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
    }

    /// Whether the child ran past its time limit (and was killed with its process group).
    public var timedOut: Bool { termination == .timedOut }
    /// Standard output as UTF-8 (invalid bytes replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 (invalid bytes replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}
