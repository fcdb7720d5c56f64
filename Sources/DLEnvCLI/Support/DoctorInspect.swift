import DLEnvCore
import DLEnvMatrix
import DLEnvProbe

/// `doctor` on inspected environments (issue #14): the host is probed without running any Python, and each
/// environment found (--python, then python3/python on PATH) is read from its files by `dlenv inspect`; importing
/// torch is the opt-in deeper check (`--import`).
extension DoctorCommand {
    func inspectedReport(matrix: CompatibilityMatrix) -> (ProbeReport, [InspectionVerdict], [String]) {
        let system = LiveSystem(root: probe.root)
        let options = ProbeOptions(
            noExec: probe.noExec, pythons: [], searchPath: false, timeout: probe.timeout,
            pythonTimeout: probe.pythonTimeout)
        var report = HostProbe(system: system, options: options).run()
        let interpreters =
            probe.python.map { p in p.contains("/") ? p : (system.executables(named: p).first ?? p) }
            + (probe.noPathPythons ? [] : InspectSupport.pathInterpreters(system))
        let (inspections, verdicts, notes) = InspectSupport.verdicts(
            interpreters: interpreters, system: system, matrix: matrix, request: ResolveRequest(host: report.facts))
        // The interpreters as the host section lists them: read from their files, not run.
        report.facts.pythons = inspections.map { e in
            HostFacts.Python(
                path: e.interpreter ?? e.target, version: e.python,
                error: e.torch.map { "torch \($0.version) (read from its files, not imported)" } ?? "no torch")
        }
        if !verdicts.isEmpty { report.sources["pythons"] = "files (dlenv inspect)" }
        return (report, verdicts, notes)
    }

    /// The findings and fixes of the inspected environments, as doctor's numbered fixes list them.
    static func environmentFixes(_ verdicts: [InspectionVerdict]) -> [String] {
        verdicts.flatMap { v -> [String] in
            let label = v.interpreter ?? v.target
            let problems = v.findings.filter { $0.severity != .note }.map { "\(label): \($0.detail)" }
            let fixes = v.fixes.filter { $0.kind != .otherVariant && $0.kind != .upgradeDriver }.map {
                "in \(label): \(InspectRendering.fix($0, torch: v.torch.flatMap(Version.init)?.withoutLocal))"
            }
            return problems + (v.consistent ? [] : fixes)
        }
    }

    /// The "== environments" section.
    static func environmentsSection(_ verdicts: [InspectionVerdict]) -> String {
        guard !verdicts.isEmpty else { return "" }
        var out = "\n== environments (read from their files: dlenv inspect)\n"
        for v in verdicts {
            out += "  \(v.interpreter ?? v.target)" + (v.torch.map { ": torch \($0)" } ?? ": no torch") + "\n"
            out += InspectRendering.verdictLines(v)
        }
        return out
    }
}
