/// Why a benchmark run could not be done. Each case carries the offending value and says what to do; `isBadInput`
/// tells a request that makes no sense (exit 2) from an environment that cannot be examined (exit 3, the torch
/// side).
public enum BenchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer than one round per side was asked for.
    case roundsBelowOne(Int)
    /// A benchmark name that is not one of `BenchSuite.names`; `suggestion` is the closest known one.
    case unknownBenchmark(String, suggestion: String?, known: [String])
    /// The interpreter could not be started at all (or its script not written).
    case cannotStart(python: String, reason: String)
    /// The torch server started but cannot benchmark (typically: no torch in that environment).
    case torchUnavailable(python: String, error: String)
    /// torch reported an error for one benchmark (the server keeps serving).
    case benchmarkFailed(name: String, python: String, error: String)
    /// The server gave no answer within the time limit and was killed.
    case noAnswer(python: String, seconds: Double)
    /// The server stopped answering: its exit status and the end of its stderr.
    case serverStopped(python: String, status: Int32?, stderrTail: String)
    /// A request after the server was closed.
    case alreadyStopped(python: String)

    /// Whether the request itself was wrong (not the environment).
    public var isBadInput: Bool {
        switch self {
        case .roundsBelowOne, .unknownBenchmark: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .roundsBelowOne(let rounds):
            return "--rounds must be at least 1 (got \(rounds))"
        case .unknownBenchmark(let name, _, _):
            return "unknown benchmark '\(name)'"
        case .cannotStart(let python, let reason):
            return "cannot start '\(python)': \(reason)"
        case .torchUnavailable(let python, let error):
            return "the torch benchmark in '\(python)' failed: \(error)"
        case .benchmarkFailed(let name, let python, let error):
            return "the torch benchmark '\(name)' failed in '\(python)': \(error)"
        case .noAnswer(let python, let seconds):
            return "the torch benchmark in '\(python)' did not answer within \(Int(seconds)) s"
        case .serverStopped(let python, let status, let tail):
            return "the torch benchmark failed in '\(python)' (exit \(status.map(String.init) ?? "?")): \(tail)"
        case .alreadyStopped(let python):
            return "the torch benchmark in '\(python)' has already stopped"
        }
    }

    /// A one-line fix for people (nil where none is known).
    public var remedy: String? {
        switch self {
        case .roundsBelowOne:
            return "use --rounds 1 for one measurement per side, or more to interleave dlenv and torch"
        case .unknownBenchmark(_, let suggestion, let known):
            return suggestion.map { "did you mean '\($0)'?" } ?? "known: \(known.sorted().joined(separator: ", "))"
        case .cannotStart:
            return "pass --python with the path of an interpreter that has torch installed"
        case .torchUnavailable:
            return "install torch in that environment (pip install torch) or pass another --python"
        case .benchmarkFailed(let name, let python, _):
            return "run it by hand: dlenv bench --emit-torch-script b.py && \(python) b.py --only \(name)"
        case .noAnswer:
            return "run with --quick, or on an idle machine"
        case .serverStopped(let python, _, _):
            return "check that '\(python) -c \"import torch\"' works"
        case .alreadyStopped:
            return nil
        }
    }
}
