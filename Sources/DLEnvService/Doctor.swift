import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvWorkloads

/// `dlenv doctor`: the main job on embedded defaults. Probe the host, check each installed torch (read from the
/// environments' files, or by importing it), name the best stack this host can run, run a quick verification on the
/// core, and collect the fixes. Works with no GPU, no Python and no network.
public enum Doctor {
    /// How doctor probes.
    public struct Request: Sendable {
        public var root: String?
        public var noExec: Bool
        /// `--python` values (interpreters) examined before those on PATH.
        public var pythons: [String]
        public var searchPath: Bool
        public var timeout: Double
        public var pythonTimeout: Double
        /// `--import`: import torch in each interpreter instead of reading its files.
        public var importTorch: Bool
        public var verify: Bool

        public init(
            root: String?, noExec: Bool, pythons: [String], searchPath: Bool, timeout: Double, pythonTimeout: Double,
            importTorch: Bool, verify: Bool
        ) {
            self.root = root
            self.noExec = noExec
            self.pythons = pythons
            self.searchPath = searchPath
            self.timeout = timeout
            self.pythonTimeout = pythonTimeout
            self.importTorch = importTorch
            self.verify = verify
        }
    }

    /// Probes, inspects and diagnoses.
    public static func run(_ r: Request, matrix: CompatibilityMatrix) -> Diagnosis {
        let system = LiveSystem(root: r.root)
        if r.importTorch {
            let options = ProbeOptions(
                noExec: r.noExec, pythons: r.pythons, searchPath: r.searchPath, timeout: r.timeout,
                pythonTimeout: r.pythonTimeout)
            return diagnose(HostProbe(system: system, options: options).run(), matrix: matrix, verify: r.verify)
        }
        let options = ProbeOptions(
            noExec: r.noExec, pythons: [], searchPath: false, timeout: r.timeout, pythonTimeout: r.pythonTimeout)
        var report = HostProbe(system: system, options: options).run()
        let interpreters =
            EnvironmentScan.resolveNames(r.pythons, system: system)
            + (r.searchPath ? EnvironmentScan.pathInterpreters(system) : [])
        let (inspections, verdicts, notes) = EnvironmentScan.verdicts(
            interpreters: interpreters, system: system, matrix: matrix, request: ResolveRequest(host: report.facts))
        // The interpreters as the host section lists them: read from their files, not run.
        report.facts.pythons = inspections.map { e in
            HostFacts.Python(
                path: e.interpreter ?? e.target, version: e.python,
                error: e.torch.map { "torch \($0.version) (read from its files, not imported)" } ?? "no torch")
        }
        if !verdicts.isEmpty { report.sources["pythons"] = "files (dlenv inspect)" }
        var diagnosis = diagnose(report, matrix: matrix, verify: r.verify, environments: verdicts)
        diagnosis.notes += notes
        return diagnosis
    }

    /// The diagnosis of a probed host and the environments read from its files.
    public static func diagnose(
        _ report: ProbeReport, matrix: CompatibilityMatrix, verify: Bool = true, environments: [InspectionVerdict] = []
    ) -> Diagnosis {
        let facts = report.facts
        var request = ResolveRequest(host: facts)
        let installed = matrix.installed(host: facts, request: request) + environments.compactMap(\.installed)

        // The best stack for the first interpreter that runs (so the pip command installs into it).
        let python = facts.pythons.first { $0.version != nil }
        request.python = python?.version.flatMap(Version.init).flatMap { Version($0.majorMinor) }
        var notes: [String] = []
        var best = FixEngine.best(for: request, matrix: matrix)
        if best == nil, let asked = request.python {
            notes.append("no stack supports Python \(asked.text); showing the best for any Python")
            request.python = nil
            best = FixEngine.best(for: request, matrix: matrix)
        }
        var fixes: [Diagnosis.EnvironmentFix] = []
        for check in installed where !check.compatible {
            fixes += check.fixes.map { .init(environment: check.python, torch: check.torch, fix: $0) }
        }
        for v in environments where !v.consistent {
            // The variant and driver fixes are the installed torch's, listed above.
            fixes += v.fixes.filter { $0.kind != .otherVariant && $0.kind != .upgradeDriver }.map {
                .init(environment: v.interpreter ?? v.target, torch: v.torch, fix: $0)
            }
        }
        if facts.pythons.isEmpty { notes.append("no Python interpreter found on PATH (pass --python PY)") }
        if facts.driver == nil, facts.gpus.isEmpty {
            notes.append("no NVIDIA GPU: CPU builds are what this host runs")
        }
        let verification = verify ? quickVerification() : nil
        return Diagnosis(
            healthy: installed.allSatisfy(\.compatible) && environments.allSatisfy(\.consistent)
                && verification?.passed != false, host: report,
            installed: installed, environments: environments,
            best: best.map { Diagnosis.Best(stack: $0, pip: $0.pipInstall, python: python?.path) },
            verification: verification, fixes: fixes, notes: notes)
    }

    /// `dlenv verify --quick` on the embedded tensor core: every workload at small sizes, no twin, not stored.
    public static func quickVerification() -> Diagnosis.QuickVerification {
        let v = VerifyRun.quick()
        return Diagnosis.QuickVerification(
            passed: v.passed, workloads: Workloads.all.count, seconds: v.seconds, failures: v.failures)
    }
}

/// What `dlenv doctor --json` prints.
public struct Diagnosis: Sendable, Encodable {
    /// The best stack for this host and the pip line that installs it.
    public struct Best: Sendable, Encodable {
        public var stack: Stack
        public var pip: String
        /// The interpreter the pip line is for.
        public var python: String?
    }

    /// The quick verification workloads on the core.
    public struct QuickVerification: Sendable, Encodable {
        public var passed: Bool
        public var workloads: Int
        public var seconds: Double
        /// One line per failing check ("id: check: detail").
        public var failures: [String]
    }

    /// A fix for one environment (an interpreter whose torch does not run here, or is inconsistent).
    public struct EnvironmentFix: Sendable, Encodable {
        public var environment: String
        public var torch: String?
        public var fix: Fix
    }

    public var healthy: Bool
    public var host: ProbeReport
    public var installed: [InstalledVerdict]
    /// Each environment read from its files (`dlenv inspect`'s verdicts); empty with --import.
    public var environments: [InspectionVerdict]
    public var best: Best?
    /// nil with --no-verify.
    public var verification: QuickVerification?
    /// The typed fixes of every environment that needs one, in the order doctor lists them.
    public var fixes: [EnvironmentFix]
    public var notes: [String]
}
