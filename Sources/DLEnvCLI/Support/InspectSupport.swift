import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import Foundation

/// The wiring of `dlenv inspect` (also used by `doctor` and `check`): which environments, which host, and the
/// inspection of each with its verdict.
enum InspectSupport {
    /// One environment to inspect.
    enum Target: Hashable {
        case python(String)
        case sitePackages(String)
        /// An interpreter found on PATH: one that cannot be read is skipped with a note, not bad input.
        case pathPython(String)
    }

    /// The environments named by the flags; with none, the interpreters on PATH.
    static func targets(python: [String], sitePackages: [String], root: String?, system: any SystemInterface) throws
        -> [Target]
    {
        if let root {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
                throw CLIFailure.badInput("--root \(root): no such folder", remedy: "pass an unpacked image's folder")
            }
        }
        // A bare name ("python3") is the first one on PATH, as a shell would run it.
        let pythons = python.map { p in p.contains("/") ? p : (system.executables(named: p).first ?? p) }
        var out = pythons.map(Target.python) + sitePackages.map(Target.sitePackages)
        if out.isEmpty {
            out = pathInterpreters(system).map(Target.pathPython)
            if out.isEmpty {
                throw CLIFailure.badInput(
                    "no python3 or python on PATH to inspect",
                    remedy: "pass --python venv/bin/python or --site-packages venv/lib/python3.X/site-packages")
            }
        }
        return out
    }

    /// python3 and python on PATH, one per real interpreter.
    static func pathInterpreters(_ system: any SystemInterface) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for p in ["python3", "python"].flatMap({ system.executables(named: $0) }) {
            // A pyenv shim is a script that stays the same file for every version: keyed by its path.
            let key = p.contains("/shims/") ? p : (system.resolveLink(p) ?? p)
            if seen.insert(key).inserted { out.append(p) }
        }
        return out
    }

    /// Reads one environment; a missing folder or interpreter is bad input (exit 2), except for an interpreter
    /// found on PATH (nil).
    static func inspect(_ target: Target, inspector: EnvironmentInspector) throws -> EnvironmentInspection? {
        let result: Result<EnvironmentInspection, EnvironmentInspector.Failure>
        switch target {
        case .python(let p), .pathPython(let p): result = inspector.inspect(python: p)
        case .sitePackages(let d): result = inspector.inspect(sitePackages: d)
        }
        switch result {
        case .success(let e): return e
        case .failure(let f):
            if case .pathPython = target {
                Output.printError("note: \(f.description); not inspected")
                return nil
            }
            throw CLIFailure.badInput(f.description, remedy: f.remedy)
        }
    }

    /// The host the verdicts are for: a saved report, declared flags, or a probe that runs no Python.
    static func host(file: String?, driver: String?, gpus: [String], root: String?, matrix: CompatibilityMatrix)
        throws -> (HostFacts, String)
    {
        if let file { return (try HostReportFile.read(file), file) }
        if driver != nil || !gpus.isEmpty { return (HostFacts(), "flags") }
        let options = ProbeOptions(pythons: [], searchPath: false)
        let report = HostProbe(system: LiveSystem(root: root), options: options).run()
        return (report.facts, root.map { "probe of \($0)" } ?? "this host (probed)")
    }

    /// `--import`: the interpreter imports torch; its answers against the files'.
    static func importCheck(
        _ e: EnvironmentInspection, interpreter: String, system: any SystemInterface, timeout: Double
    ) -> ImportCheck {
        EnvironmentInspector(system: system).compareImport(e, interpreter: interpreter, timeout: timeout)
    }

    /// Every environment found from the interpreters (doctor, check): inspected, judged; those that cannot be read
    /// are skipped with a note.
    static func verdicts(
        interpreters: [String], system: any SystemInterface, matrix: CompatibilityMatrix, request: ResolveRequest
    ) -> (inspections: [EnvironmentInspection], verdicts: [InspectionVerdict], notes: [String]) {
        let inspector = EnvironmentInspector(system: system)
        var inspections: [EnvironmentInspection] = []
        var verdicts: [InspectionVerdict] = []
        var notes: [String] = []
        var seen: Set<[String]> = []
        for p in interpreters {
            switch inspector.inspect(python: p) {
            case .success(let e):
                guard seen.insert(e.sitePackages).inserted else { continue }
                inspections.append(e)
                verdicts.append(matrix.judge(e, request: request))
            case .failure(let f): notes.append("\(p) was not inspected: \(f.description)")
            }
        }
        return (inspections, verdicts, notes)
    }
}
