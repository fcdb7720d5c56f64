import DLEnvCore
import DLEnvProbe
import Foundation

/// `--python` on every command takes a version (3.12) or an interpreter (a name or a path), as uv's does.
public enum PythonSelection {
    /// The MAJOR.MINOR Python a `--python` value asks for: the version itself, or the interpreter's own version
    /// (probed; exit 3 when it does not run).
    public static func version(_ text: String, timeout: Double = 30) throws -> Version {
        let remedy = "write a version (3.12) or an interpreter's name or path (python3, .venv/bin/python)"
        switch PythonRequest(text) {
        case .version(let v):
            guard v.components.count == 2, v.prerelease == nil || v.prerelease == "t" else {
                throw DiagnosticsError(
                    Diagnostic(
                        .error, "--python '\(text)' is not a Python version",
                        remedy: "write 3.12, or 3.13t for a free-threaded build"))
            }
            return v
        case .interpreter(let path):
            guard exists(path) else {
                throw DiagnosticsError(
                    Diagnostic(
                        .error,
                        "--python '\(path)' is neither a Python version nor an interpreter found "
                            + (path.contains("/") ? "at that path" : "on PATH"), remedy: remedy))
            }
            let options = ProbeOptions(pythons: [path], searchPath: false, pythonTimeout: timeout)
            let found = HostProbe(system: LiveSystem(), options: options).run().facts.pythons.first
            guard let version = found?.version.flatMap(Version.init).flatMap({ Version($0.majorMinor) }) else {
                throw EnvironmentError(
                    "--python '\(path)' is neither a Python version nor an interpreter that runs"
                        + (found?.error.map { ": \($0)" } ?? ""), remedy: remedy)
            }
            return version
        }
    }

    /// The interpreter a `--python` value names: the name or path itself, or `python3.12` on PATH for a version.
    public static func interpreter(_ text: String) -> String { PythonRequest(text).interpreter }

    /// The interpreters among `--python` values (versions name none).
    public static func interpreters(_ values: [String]) -> [String] {
        values.filter { PythonRequest($0).version == nil }
    }

    /// Whether an interpreter name is on PATH, or a path names an executable file.
    public static func exists(_ name: String) -> Bool {
        let fm = FileManager.default
        if name.contains("/") { return fm.isExecutableFile(atPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { fm.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}
