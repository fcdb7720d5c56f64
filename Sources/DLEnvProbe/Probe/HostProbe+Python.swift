import DLEnvCore
import Foundation

extension HostProbe {
    /// Interpreter names looked for on `PATH` (not every "python3.N": pyenv puts shims for versions that are not
    /// installed on PATH, and each would cost a process start).
    static let pythonNames = ["python3", "python"]

    /// Python interpreters (`--python` first, then `PATH`), each asked for its version and torch's facts.
    func probePythons(_ state: inout ProbeState) {
        var paths: [String] = []
        var seen: Set<String> = []
        for p in options.pythons
            + (options.searchPath ? Self.pythonNames.flatMap { system.executables(named: $0) } : [])
        {
            let real = system.resolveLink(p) ?? p
            if seen.insert(real).inserted { paths.append(p) }
        }
        guard !paths.isEmpty else { return }
        state.sources["pythons"] = [
            options.pythons.isEmpty ? nil : "--python", options.searchPath ? "PATH" : nil,
        ].compactMap { $0 }.joined(separator: " and ")
        if options.noExec {
            state.facts.pythons = paths.map { HostFacts.Python(path: $0, error: "not examined (--no-exec)") }
            return
        }
        var executables: Set<String> = []
        for (python, wheels, executable) in Self.examineAll(paths, system: system, timeout: options.pythonTimeout) {
            // Two PATH entries can start the same interpreter (a venv's python and python3).
            if let executable, !executables.insert(executable).inserted { continue }
            state.facts.pythons.append(python)
            for (name, version) in wheels.sorted(by: { $0.key < $1.key }) {
                let entry = HostFacts.Located(
                    version: version, path: python.path, source: "pip \(name) in \(python.path)")
                if name.contains("cudnn") { state.facts.cudnn.append(entry) } else { state.facts.nccl.append(entry) }
            }
            if let e = python.error, python.version == nil { state.warn("\(python.path): \(e)") }
        }
    }

    /// Runs the interpreters side by side: they are independent and importing torch takes seconds.
    static func examineAll(_ paths: [String], system: any SystemInterface, timeout: Double)
        -> [(HostFacts.Python, [String: String], String?)]
    {
        let results = ResultSlots<(HostFacts.Python, [String: String], String?)>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            results.set(i, examine(paths[i], system: system, timeout: timeout))
        }
        return results.values.compactMap { $0 }
    }

    static func examine(_ path: String, system: any SystemInterface, timeout: Double)
        -> (HostFacts.Python, [String: String], String?)
    {
        let result = system.run(Commands.python(path), timeout: timeout)
        switch result {
        case .exited(127, _, _) where path.contains("/shims/"):
            return (HostFacts.Python(path: path, error: "a pyenv shim without an installed interpreter"), [:], nil)
        case .exited(let status, let out, let err):
            if let parsed = PythonProbeOutput.parse(out, path: path) {
                return (parsed.python, parsed.wheels, executable(out))
            }
            let first = TextScan.lines(err + "\n" + out).map(TextScan.trim).last { !$0.isEmpty } ?? ""
            return (HostFacts.Python(path: path, error: "exit \(status): \(first.prefix(200))"), [:], nil)
        case .timedOut(let s):
            return (HostFacts.Python(path: path, error: "timed out after \(seconds(s)) s"), [:], nil)
        case .signaled(let s, _, _):
            return (HostFacts.Python(path: path, error: "crashed (signal \(s))"), [:], nil)
        case .notFound:
            return (HostFacts.Python(path: path, error: "not found"), [:], nil)
        case .failedToStart(let why):
            return (HostFacts.Python(path: path, error: "could not start: \(why)"), [:], nil)
        }
    }

    static func executable(_ out: String) -> String? {
        guard let line = TextScan.lines(out).last(where: { $0.hasPrefix(PythonProbeOutput.marker) }),
            let r = line.range(of: "\"executable\": \"")
        else { return nil }
        return String(line[r.upperBound...].prefix { $0 != "\"" })
    }
}

/// Fixed slots written from `concurrentPerform` workers, each slot by exactly one worker, under a lock.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    var values: [T?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
