import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import Foundation

/// The wiring of `dlenv inspect` (also used by `doctor` and `check`): which environments, and the inspection of
/// each with its verdict on the host.
public enum EnvironmentScan {
    /// One environment to inspect.
    public enum Target: Hashable, Sendable {
        case python(String)
        case sitePackages(String)
        /// An interpreter found on PATH: one that cannot be read is skipped with a note, not bad input.
        case pathPython(String)
    }

    /// What `inspect` is asked.
    public struct Request: Sendable {
        public var pythons: [String]
        public var sitePackages: [String]
        public var root: String?
        public var wheelLibraries: Bool
        /// `--import`: also import torch in each interpreter, with this time limit (seconds).
        public var importTimeout: Double?

        public init(
            pythons: [String], sitePackages: [String], root: String?, wheelLibraries: Bool, importTimeout: Double?
        ) {
            self.pythons = pythons
            self.sitePackages = sitePackages
            self.root = root
            self.wheelLibraries = wheelLibraries
            self.importTimeout = importTimeout
        }
    }

    /// The environments named by the flags; with none, the interpreters on PATH.
    public static func targets(python: [String], sitePackages: [String], system: any SystemInterface)
        throws(DiagnosticsError) -> [Target]
    {
        var out = resolveNames(python, system: system).map(Target.python) + sitePackages.map(Target.sitePackages)
        if out.isEmpty {
            out = pathInterpreters(system).map(Target.pathPython)
            if out.isEmpty {
                throw DiagnosticsError(
                    Diagnostic(
                        .error, "no python3 or python on PATH to inspect",
                        remedy: "pass --python venv/bin/python or --site-packages venv/lib/python3.X/site-packages"))
            }
        }
        return out
    }

    /// A bare name ("python3") is the first one on PATH, as a shell would run it.
    public static func resolveNames(_ pythons: [String], system: any SystemInterface) -> [String] {
        pythons.map { p in p.contains("/") ? p : (system.executables(named: p).first ?? p) }
    }

    /// python3 and python on PATH, one per real interpreter.
    public static func pathInterpreters(_ system: any SystemInterface) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for p in ["python3", "python"].flatMap({ system.executables(named: $0) }) {
            // A pyenv shim is a script that stays the same file for every version: keyed by its path.
            let key = p.contains("/shims/") ? p : (system.resolveLink(p) ?? p)
            if seen.insert(key).inserted { out.append(p) }
        }
        return out
    }

    /// Every environment the request names, inspected once each and judged against the host; `notes` collects the
    /// interpreters on PATH that could not be read.
    public static func inspect(
        _ r: Request, host: HostFacts, hostSource: String, request: ResolveRequest, matrix: CompatibilityMatrix
    ) throws -> (report: InspectReport, notes: [String]) {
        let system = LiveSystem(root: r.root)
        let targets = try targets(python: r.pythons, sitePackages: r.sitePackages, system: system)
        let inspector = EnvironmentInspector(system: system, options: InspectOptions(wheelLibraries: r.wheelLibraries))
        var environments: [InspectReport.Environment] = []
        var notes: [String] = []
        // python3 and python (or two shims) of one environment are inspected once.
        var seen: Set<[String]> = []
        for target in targets {
            let started = Date()
            let result: Result<EnvironmentInspection, EnvironmentInspector.Failure>
            switch target {
            case .python(let p), .pathPython(let p): result = inspector.inspect(python: p)
            case .sitePackages(let d): result = inspector.inspect(sitePackages: d)
            }
            let inspection: EnvironmentInspection
            switch result {
            case .success(let e): inspection = e
            case .failure(let f):
                guard case .pathPython = target else {
                    throw DiagnosticsError(Diagnostic(.error, f.description, remedy: f.remedy))
                }
                notes.append("\(f.description); not inspected")
                continue
            }
            guard seen.insert(inspection.sitePackages).inserted else { continue }
            let seconds = Date().timeIntervalSince(started)
            var imported: ImportCheck?
            if let timeout = r.importTimeout, let interpreter = inspection.interpreter {
                imported = inspector.compareImport(inspection, interpreter: interpreter, timeout: timeout)
            }
            environments.append(
                InspectReport.Environment(
                    inspection: inspection, verdict: matrix.judge(inspection, request: request),
                    importCheck: imported, seconds: seconds))
        }
        if environments.isEmpty {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "no environment could be inspected",
                    remedy: "pass --python venv/bin/python or --site-packages venv/lib/python3.X/site-packages"))
        }
        return (InspectReport(host: hostSource, environments: environments), notes)
    }

    /// Every environment found from the interpreters (doctor, check): inspected, judged; those that cannot be read
    /// are skipped with a note.
    public static func verdicts(
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

/// What `dlenv inspect --json` prints: the host the verdicts are for, and per environment the inspection (the
/// files' facts), the verdict (typed findings, chain links with the real arch list, fixes) and the import check.
public struct InspectReport: Sendable, Encodable {
    public struct Environment: Sendable, Encodable {
        public var inspection: EnvironmentInspection
        public var verdict: InspectionVerdict
        public var importCheck: ImportCheck?
        /// Wall time of reading the files.
        public var seconds: Double

        enum CodingKeys: String, CodingKey {
            case inspection, verdict, seconds
            case importCheck = "import_check"
        }
    }

    public var host: String
    public var environments: [Environment]

    public var ok: Bool { environments.allSatisfy { $0.verdict.ok && $0.importCheck?.agrees != false } }
    /// Whether an interpreter could not be run for `--import` (exit 3).
    public var importFailed: Bool { environments.contains { $0.importCheck?.error != nil } }

    enum CodingKeys: String, CodingKey { case ok, host, environments }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ok, forKey: .ok)
        try c.encode(host, forKey: .host)
        try c.encode(environments, forKey: .environments)
    }
}
