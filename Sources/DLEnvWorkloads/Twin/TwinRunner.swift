import DLEnvProcess
import Foundation

/// Runs the twin script in a Python interpreter with a time limit (through `DLEnvProcess.ProcessRunner`: its
/// process group is killed at the limit) and parses its figures.
public enum TwinRunner {
    public struct Options: Sendable {
        /// The interpreter: a path, or a name looked up on PATH (through `/usr/bin/env`).
        public var python: String
        /// `cpu` or `cuda`, passed as `--device`.
        public var device: String
        public var quick: Bool
        /// Workload ids, each passed as `--workload ID`.
        public var workloads: [String]
        /// Seconds before the interpreter and everything it started are killed.
        public var timeout: Double

        public init(python: String, device: String, quick: Bool, workloads: [String], timeout: Double) {
            self.python = python
            self.device = device
            self.quick = quick
            self.workloads = workloads
            self.timeout = timeout
        }
    }

    /// The twin's JSON is a few hundred kilobytes at most; this leaves room for any workload's figures.
    static let outputLimit = 64 << 20

    /// Runs the twin; every way it can fail to produce figures is a `TwinError`.
    public static func run(script: String, _ options: Options) throws(TwinError) -> TwinOutput {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-twin-\(UUID().uuidString)")
        let file = dir.appendingPathComponent("dlenv_twin.py")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(script.utf8).write(to: file)
        } catch {
            throw .cannotWriteScript(path: file.path, detail: error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        var arguments = [file.path, "--device", options.device]
        if options.quick { arguments.append("--quick") }
        for w in options.workloads { arguments += ["--workload", w] }
        let argv = options.python.contains("/") ? [options.python] : ["/usr/bin/env", options.python]

        let outcome: ProcessOutcome
        do throws(ProcessError) {
            outcome = try ProcessRunner.run(
                ProcessCommand(argv + arguments, timeout: options.timeout, outputLimit: outputLimit))
        } catch {
            let reason: String
            if case .cannotStart(_, let why) = error { reason = why } else { reason = error.description }
            throw .cannotStart(python: options.python, reason: reason)
        }
        if outcome.timedOut { throw .timedOut(python: options.python, seconds: options.timeout) }
        let stdout = outcome.stdoutText, stderr = outcome.stderrText
        let status = outcome.termination.code ?? -1
        if status == 127 || (status != 0 && stdout.isEmpty && stderr.contains("No such file")) {
            throw .wouldNotStart(python: options.python, status: status, stderr: String(stderr.suffix(300)))
        }
        let twin: TwinOutput
        do {
            twin = try TwinOutput(parsing: stdout)
        } catch {
            throw .noResults(
                python: options.python, status: status,
                stderr: String(stderr.trimmingCharacters(in: .whitespacesAndNewlines).suffix(400)))
        }
        if let error = twin.error { throw .failed(python: options.python, error: error) }
        return twin
    }
}

/// Why the torch twin produced no figures: the environment could not be examined. Each case names the
/// interpreter and says what to do.
public enum TwinError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The script could not be written to a temporary folder.
    case cannotWriteScript(path: String, detail: String)
    /// The interpreter could not be started at all.
    case cannotStart(python: String, reason: String)
    /// It ran past the time limit and was killed with everything it started.
    case timedOut(python: String, seconds: Double)
    /// It started but exited at once (exit 127, or "No such file"): not a working interpreter.
    case wouldNotStart(python: String, status: Int32, stderr: String)
    /// It exited without the twin's JSON (the end of its stderr says why).
    case noResults(python: String, status: Int32, stderr: String)
    /// The twin ran and reported an error (no torch, no CUDA, …).
    case failed(python: String, error: String)

    public var description: String {
        switch self {
        case .cannotWriteScript(let path, let detail):
            return "cannot write the torch twin to \(path): \(detail)"
        case .cannotStart(let python, let reason):
            return "cannot start the interpreter '\(python)': \(reason)"
        case .timedOut(let python, let seconds):
            return "the torch twin did not finish within \(Int(seconds)) s in '\(python)'"
        case .wouldNotStart(let python, let status, let stderr):
            return "the interpreter '\(python)' would not start (exit \(status)): \(stderr)"
        case .noResults(let python, let status, let stderr):
            return "the torch twin in '\(python)' exited \(status) without results: \(stderr)"
        case .failed(let python, let error):
            return "the torch twin in '\(python)' failed: \(error)"
        }
    }

    /// A one-line fix for people (nil where none is known).
    public var remedy: String? {
        switch self {
        case .cannotWriteScript:
            return "set TMPDIR to a writable folder"
        case .cannotStart, .wouldNotStart:
            return "pass --python with the path of a Python that has torch (e.g. .venv/bin/python)"
        case .timedOut:
            return "raise --timeout, or run fewer workloads (--workload ID, --quick)"
        case .noResults(let python, _, _):
            return "run it by hand to see the error: dlenv verify --emit-twin twin.py && \(python) twin.py"
        case .failed(_, let error):
            return error.contains("import torch")
                ? "install torch in that environment (pip install torch) or pass another --python"
                : error.contains("cuda") ? "use --device cpu, or an environment whose torch sees the GPU" : nil
        }
    }
}
